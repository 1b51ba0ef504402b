"""The page the QR code in a confirmation email opens. To anyone but door staff it shows the
code and nothing else, and it is the same page whether the code belongs to an RSVP or was
made up: scanning a neighbour's printout, or guessing codes, tells a stranger nothing."""

import re

import pytest
from django.urls import reverse

from events.enums import EventStatus

from .. import pages
from ..factories import EventFactory, RsvpFactory
from ..staff import log_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    event = EventFactory(slug="forum", title="Immigration policy forum")
    RsvpFactory(event=event, name="Hodan Abdi", code="HKM347", email="hodan@example.org")
    return event


def door_page(code="HKM347", slug="forum") -> str:
    return reverse("events:door", args=[slug, code])


def without_form_tokens(response) -> tuple:
    """What a stranger can compare between two answers: the status, the headers that matter
    and the page, less the CSRF token (random in every answer)."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    headers = {name: response.get(name) for name in ("Content-Type", "Cache-Control", "Vary")}
    return response.status_code, headers, body


def test_the_door_page_shows_the_code_and_nothing_else(client, forum):
    response = client.get(door_page())

    assert response.status_code == 200
    assert pages.text(response, "main") == "Show this screen at the door Your RSVP code: HKM347"
    assert "Hodan" not in response.content.decode()
    assert response["Cache-Control"] == ("max-age=0, no-cache, no-store, must-revalidate, private")


def test_the_door_page_is_the_same_for_a_real_and_a_made_up_code(client, forum):
    real = without_form_tokens(client.get(door_page("HKM347")))
    made_up = without_form_tokens(client.get(door_page("MADE99")))

    assert made_up == (real[0], real[1], real[2].replace("HKM347", "MADE99"))


def test_a_code_is_read_in_any_case(client, forum):
    assert pages.text(client.get(door_page("hkm347")), "main") == (
        "Show this screen at the door Your RSVP code: HKM347"
    )


@pytest.mark.parametrize("code", ["ABC34", "HKM3470", "ABC-47", "ÁBC347", "ABC340"])
def test_what_cannot_be_a_code_is_not_found(client, forum, code):
    assert client.get(door_page(code)).status_code == 404


@pytest.mark.parametrize("status", [EventStatus.DRAFT, None])
def test_a_forum_that_is_not_public_has_no_door_page(client, forum, status):
    if status:
        forum.status = status
        forum.save()
    slug = "forum" if status else "no-such-forum"

    assert client.get(door_page(slug=slug)).status_code == 404


def test_the_door_page_speaks_the_readers_language(client, forum):
    response = client.get(door_page(), HTTP_ACCEPT_LANGUAGE="es")

    assert pages.text(response, "main") == (
        "Muestre esta pantalla en la puerta Su código de reserva: HKM347"
    )


@pytest.mark.parametrize("visitor", ["organizer", "superuser"])
def test_door_staff_who_are_signed_in_go_to_the_rsvps_check_in(client, forum, visitor):
    response = log_in_as(client, visitor).get(door_page("hkm347"))

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:checkin_rsvp", args=["forum", "HKM347"])


@pytest.mark.parametrize("visitor", ["plain staff", "speaker"])
def test_staff_who_do_not_check_people_in_see_the_public_page(client, forum, visitor):
    response = log_in_as(client, visitor).get(door_page())

    assert response.status_code == 200
    assert pages.text(response, "main") == "Show this screen at the door Your RSVP code: HKM347"
