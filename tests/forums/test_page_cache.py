"""The forum page kept for everyone who brings nothing of their own (events.forums.page_cache):
each visitor still gets their own tokens, and the page changes on the very next request after
anything it shows changes."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import reverse

from events.enums import EventStatus, QuestionStatus
from events.forums import page_cache
from events.models import Question, Rsvp
from events.questions import rules as question_rules

from .. import pages
from ..factories import EventFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    return EventFactory(slug="forum", capacity=10)


def kept(response) -> bool:
    """Served from the page cache: no template was rendered for this request."""
    assert response.status_code == 200
    return response.context is None


def csrf_tokens(response) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())


def test_two_kept_pages_carry_their_own_tokens_and_both_rsvps_go_through(
    forum, django_assert_num_queries
):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    rendered = first.get("/events/forum/")
    with django_assert_num_queries(0):
        served = second.get("/events/forum/")

    assert not kept(rendered)
    assert kept(served)
    # Every CSRF token on a page is masked anew, on both pages; no two are alike.
    # (the language switcher, the RSVP form, the question form)
    tokens = csrf_tokens(rendered) + csrf_tokens(served)
    assert len(csrf_tokens(rendered)) == len(csrf_tokens(served)) == 3
    assert len(set(tokens)) == 6
    assert pages.form_token(rendered) != pages.form_token(served)
    assert pages.form_token(rendered, "question-form_token") != pages.form_token(
        served, "question-form_token"
    )
    for browser, page, name in ((first, rendered, "Amina"), (second, served, "Hodan")):
        response = browser.post(
            reverse("events:rsvp", args=["forum"]),
            {
                "csrfmiddlewaretoken": csrf_tokens(page)[0],
                "form_token": pages.form_token(page),
                "name": name,
                "party_size": "1",
                "email": "",
                "language": "en",
            },
        )
        assert response.status_code == 200
    assert sorted(Rsvp.objects.values_list("name", flat=True)) == ["Amina", "Hodan"]


def test_a_question_sent_from_a_kept_page_is_taken(forum):
    page = Client().get("/events/forum/")
    page = Client().get("/events/forum/")
    assert kept(page)

    Client().post(
        reverse("events:ask", args=["forum"]),
        {
            "question-text": "Will there be interpreters?",
            "question-language": "en",
            "question-form_token": pages.form_token(page, "question-form_token"),
        },
    )

    assert list(Question.objects.values_list("text", flat=True)) == ["Will there be interpreters?"]


def test_the_page_changes_on_the_next_request_after_an_rsvp(client, forum):
    assert pages.text(client.get("/events/forum/"), "seats-left") == "10 seats left"
    assert kept(client.get("/events/forum/"))

    Client().post(
        reverse("events:rsvp", args=["forum"]),
        {
            "form_token": pages.form_token(Client().get("/events/forum/")),
            "name": "Amina",
            "party_size": "2",
            "email": "",
            "language": "en",
        },
    )

    assert pages.text(client.get("/events/forum/"), "seats-left") == "8 seats left"


def test_the_page_changes_on_the_next_request_after_an_edit(client, forum):
    client.get("/events/forum/")
    assert kept(client.get("/events/forum/"))

    forum.title = "Immigration policy: a community discussion"
    forum.save()

    assert pages.title(client.get("/events/forum/")).startswith(
        "Immigration policy: a community discussion"
    )


def test_the_page_changes_on_the_next_request_after_moderation(client, forum):
    question = QuestionFactory(event=forum, status=QuestionStatus.PENDING, text="When is it?")
    assert "When is it?" not in pages.text(client.get("/events/forum/"))
    assert kept(client.get("/events/forum/"))

    question_rules.moderate(question, QuestionStatus.APPROVED)

    assert "When is it?" in pages.text(client.get("/events/forum/"))


def test_a_voter_gets_their_own_voted_marks_and_others_do_not(client, forum):
    question = QuestionFactory(event=forum, text="When is it?")
    client.get("/events/forum/")
    voter = Client()
    voter.post(reverse("events:vote", args=["forum", question.pk]), {"action": "add"})

    mine = voter.get("/events/forum/")
    theirs = Client().get("/events/forum/")

    assert not kept(mine)
    assert "Undo: I no longer need this answered" in pages.text(mine)
    assert kept(theirs)
    assert "Undo: I no longer need this answered" not in pages.text(theirs)
    assert "I want this answered too" in pages.text(theirs)


def test_a_flash_message_is_shown_on_a_page_rendered_for_it(forum):
    resident = Client()
    resident.get("/events/forum/")
    page = resident.get("/events/forum/")
    response = resident.post(
        reverse("events:ask", args=["forum"]),
        {
            "question-text": "Will there be interpreters?",
            "question-language": "en",
            "question-form_token": pages.form_token(page, "question-form_token"),
        },
        follow=True,
    )

    assert not kept(response)
    assert "Thank you" in pages.text(response)


def test_staff_signed_in_get_a_page_rendered_for_them(client, forum):
    client.get("/events/forum/")
    client.force_login(UserFactory())

    assert not kept(client.get("/events/forum/"))


@pytest.mark.parametrize(
    "query",
    ["?utm_source=radio", "?order=new&order=top", "?order=x", "?order=top&", "?%6Frder=new"],
)
def test_an_address_with_anything_else_in_it_is_rendered_every_time(client, forum, query):
    client.get(f"/events/forum/{query}")

    assert not kept(client.get(f"/events/forum/{query}"))


def test_each_order_and_language_is_kept_apart(forum):
    QuestionFactory(event=forum, text="Older, wanted", vote_count=5)
    QuestionFactory(event=forum, text="Newer, not yet", vote_count=0)
    Client().get("/events/forum/")
    Client().get("/events/forum/?order=new")
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es")
    spanish.get("/events/forum/")

    top = Client().get("/events/forum/")
    new = Client().get("/events/forum/?order=new")
    in_spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get("/events/forum/")

    assert [kept(top), kept(new), kept(in_spanish)] == [True, True, True]
    assert pages.text(top).index("Older, wanted") < pages.text(top).index("Newer, not yet")
    assert pages.text(new).index("Newer, not yet") < pages.text(new).index("Older, wanted")
    assert '<html lang="es"' in in_spanish.content.decode()
    assert '<html lang="en"' in top.content.decode()


def test_an_unknown_or_hidden_forum_is_never_kept(client, forum):
    assert client.get("/events/no-such-forum/").status_code == 404
    assert not [key for key in cache._cache if "no-such-forum" in key]  # nothing written
    client.get("/events/forum/")
    forum.status = EventStatus.DRAFT  # taken back
    forum.save()

    assert client.get("/events/forum/").status_code == 404


def test_a_page_that_asked_for_a_real_csrf_token_is_served_once_and_never_kept(client, forum):
    real = {}
    original = page_cache.Lookup.keep

    def keep_after_a_real_token(lookup, event, body, **kwargs):
        real["token"] = get_token(lookup.request)  # as a template tag outside a slot would
        return original(lookup, event, body, **kwargs)

    with mock.patch.object(page_cache.Lookup, "keep", keep_after_a_real_token):
        client.get("/events/forum/")
    served = Client().get("/events/forum/")

    assert not kept(served)
    assert real["token"] not in served.content.decode()


def test_every_forum_page_may_be_kept_by_the_browser_only_and_is_asked_for_again(client, forum):
    rendered, served = client.get("/events/forum/"), client.get("/events/forum/")

    assert kept(served)
    assert rendered["Cache-Control"] == served["Cache-Control"] == "private, no-cache"
