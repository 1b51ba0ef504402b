"""Switching language on a page with a form keeps what was typed and saves nothing
(events.common.language_switch); elsewhere it goes back to the page's own GET address."""

import re

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse

from events.common.language_switch import page_address
from events.models import Question, Rsvp

from .. import pages
from ..conftest import own_address, post_rsvp
from ..factories import EventFactory

pytestmark = pytest.mark.django_db

SWITCH_TO_SPANISH = {"switch_language": "errors", "switch_to": "es"}


def switcher(page) -> str:
    html = page.content.decode()
    return html[html.index("language-switcher") : html.index("</header>")]


def field_value(page, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page.content.decode())
    return found[1] if found else ""


@pytest.fixture
def forum():
    return EventFactory(slug="forum", capacity=10, max_party_size=4)


def test_an_rsvp_with_errors_comes_back_in_spanish_with_what_was_typed(client, forum):
    errored = post_rsvp(client, forum, name="Amina Yusuf", party_size="9", email="not-an-email")
    assert 'form="rsvp-form"' in switcher(errored)
    token = errored.context["form"].data["form_token"]

    data = {
        "name": "Amina Yusuf", "party_size": "9", "email": "not-an-email", "language": "en",
        "form_token": token,
    }  # fmt: skip
    page = client.post(reverse("events:rsvp", args=["forum"]), data | SWITCH_TO_SPANISH)

    assert page.status_code == 200
    assert page["Content-Language"] == "es"
    assert page.cookies["django_language"].value == "es"
    assert field_value(page, "name") == "Amina Yusuf"
    assert field_value(page, "email") == "not-an-email"
    assert field_value(page, "form_token") == token  # the same form, not a new one
    assert "Introduzca una dirección de correo electrónico válida." in page.content.decode()
    assert Rsvp.objects.count() == 0


def test_the_rsvp_sent_after_switching_is_taken_once(client, forum):
    page = client.get(reverse("events:detail", args=["forum"]))
    token = pages.form_token(page)
    data = {"name": "Amina", "party_size": "2", "email": "", "language": "es", "form_token": token}
    switched = client.post(reverse("events:rsvp", args=["forum"]), data | SWITCH_TO_SPANISH)
    assert switched.status_code == 200
    assert Rsvp.objects.count() == 0

    sent = client.post(reverse("events:rsvp", args=["forum"]), data | {"switch_to": "es"})

    assert sent.status_code == 200
    assert list(Rsvp.objects.values_list("name", "party_size")) == [("Amina", 2)]


def test_switching_halfway_through_shows_no_errors(client, forum):
    page = client.get(reverse("events:detail", args=["forum"]))
    token = pages.form_token(page)
    data = {"name": "Ami", "party_size": "", "form_token": token}
    switched = client.post(
        reverse("events:rsvp", args=["forum"]),
        data | {"switch_language": "typed", "switch_to": "es"},
    )
    assert switched.context["form"].errors == {}
    assert field_value(switched, "name") == "Ami"
    assert "Confirmar mi asistencia" in switched.content.decode()


def test_a_half_typed_question_comes_back_and_counts_against_no_limit(client, settings, forum):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "question": {"browser": (1, 600)}}
    page = client.get(reverse("events:ask_page", args=["forum"]))
    assert 'form="ask-form"' in switcher(page)
    token = page.context["form"].initial["form_token"]
    data = {
        "question-text": "¿Qué pasa si me para la policía?",
        "question-language": "es",
        "question-form_token": token,
    }
    for _ in range(3):
        switched = client.post(
            reverse("events:ask", args=["forum"]),
            data | {"switch_language": "typed", "switch_to": "es"},
        )
        assert switched.status_code == 200
        assert "¿Qué pasa si me para la policía?" in switched.content.decode()
    assert Question.objects.count() == 0

    sent = client.post(reverse("events:ask", args=["forum"]), data)

    assert sent.status_code == 303
    assert Question.objects.count() == 1


def test_a_change_with_errors_comes_back_in_spanish(client, forum, book):
    rsvp = book(forum, party_size=1, email="amina@example.org")
    address = own_address(client, rsvp, "rsvp_change")
    data = {"party_size": "9", "email": "amina@example.org", "language": "en"}
    errored = client.post(address, data)
    assert 'form="change-form"' in switcher(errored)

    switched = client.post(address, data | SWITCH_TO_SPANISH)

    assert switched.status_code == 200
    assert switched["Content-Language"] == "es"
    assert field_value(switched, "party_size") == "9"
    assert "Su reserva" in switched.content.decode()
    rsvp.refresh_from_db()
    assert rsvp.party_size == 1


def test_a_staff_walk_in_count_with_errors_comes_back_in_spanish(client, forum, admin_user):
    client.force_login(admin_user)
    address = reverse("staff:walk_in", args=["forum"])
    errored = client.post(address, {"count": "500"})
    assert 'form="walk-in-form"' in switcher(errored)

    switched = client.post(address, {"count": "500"} | SWITCH_TO_SPANISH)

    assert switched.status_code == 200
    assert switched["Content-Language"] == "es"
    assert field_value(switched, "count") == "500"
    forum.refresh_from_db()
    assert forum.walk_in_count == 0


def test_a_language_that_is_not_offered_keeps_the_current_one(client, forum):
    page = client.post(
        reverse("events:rsvp", args=["forum"]),
        {"name": "Amina", "switch_language": "errors", "switch_to": "xx\x00"},
    )
    assert page.status_code == 200
    assert page["Content-Language"] == "en"
    assert Rsvp.objects.count() == 0


@pytest.mark.parametrize(
    ("posted_to", "back_to"),
    [
        ("events:rsvp", "/events/forum/"),
        ("events:ask", "/events/forum/ask/"),
    ],
)
def test_after_a_post_the_plain_switcher_goes_back_to_the_page_the_form_was_on(
    forum, posted_to, back_to
):
    request = RequestFactory().post(reverse(posted_to, args=["forum"]))
    request.resolver_match = resolve(request.path)
    assert page_address(request) == back_to


def test_the_switcher_on_a_page_shown_by_get_goes_back_to_that_address(client, forum):
    page = client.get("/events/forum/?order=new")
    assert 'name="next" value="/events/forum/?order=new"' in switcher(page)
    moved = client.post(
        reverse("set_language"), {"language": "es", "next": "/events/forum/?order=new"}
    )
    assert moved.status_code == 302
    assert moved["Location"] == "/events/forum/?order=new"
