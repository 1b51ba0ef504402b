"""The night, live (events.questions.live): a forum's live block before, during and after the
forum, on its own page, in its fragment and on the forum's page; only "Now answering" is
aria-live; the fragment is kept for everyone and forgotten when a question moves."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.enums import EventStatus, QuestionStatus
from events.questions import rules as question_rules

from .. import pages
from ..factories import EventFactory, QuestionFactory

pytestmark = pytest.mark.django_db

ANSWERING, APPROVED = QuestionStatus.ANSWERING, QuestionStatus.APPROVED
CSP_FETCHES = "connect-src 'self'"


def on_now(**fields):
    """A forum that started an hour ago and ends in an hour."""
    start = timezone.now() - datetime.timedelta(hours=1)
    return EventFactory(
        slug="forum", starts_at=start, ends_at=start + datetime.timedelta(hours=2), **fields
    )


def ended(**fields):
    ends = timezone.now() - datetime.timedelta(minutes=5)
    return EventFactory(
        slug="forum", starts_at=ends - datetime.timedelta(hours=2), ends_at=ends, **fields
    )


def soon():
    local = timezone.localtime() + datetime.timedelta(days=3)
    start = local.replace(hour=18, minute=30, second=0, microsecond=0)
    return EventFactory(slug="forum", starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def fragment(client=None):
    return (client or Client()).get(reverse("events:live", args=["forum"]), {"fragment": "1"})


def live_page(client=None):
    return (client or Client()).get(reverse("events:live", args=["forum"]))


def with_questions(event):
    QuestionFactory(event=event, text="Being answered now?", status=ANSWERING, vote_count=1)
    for votes in (1, 8, 3, 5, 0, 9):
        QuestionFactory(event=event, text=f"Approved with {votes}?", vote_count=votes)
    QuestionFactory(event=event, text="Pending?", status=QuestionStatus.PENDING, vote_count=50)
    QuestionFactory(event=event, text="Answered?", status=QuestionStatus.ANSWERED, vote_count=40)


def live_attributes(response) -> list[tuple[str, dict]]:
    return [(tag, a) for tag, a in pages.elements(response) if "aria-live" in a]


# --- What it shows ---------------------------------------------------------------------------


def test_during_the_forum_the_fragment_shows_now_answering_and_the_next_five_by_votes():
    with_questions(on_now())

    response = fragment()

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="live-state" data-live="on">')
    assert "<html" not in html
    assert pages.text(response, "live-now") == "Being answered now?"
    assert pages.text(response, "live-next") == (
        "Approved with 9? (9 votes) Approved with 8? (8 votes) Approved with 5? (5 votes) "
        "Approved with 3? (3 votes) Approved with 1? (1 vote)"
    )


def test_during_the_forum_with_nothing_answered_yet_it_says_so():
    on_now()

    response = fragment()

    assert pages.text(response, "live-now") == "No question is being answered right now."
    assert pages.text(response, "live-next") == "No approved questions are waiting."


def test_before_the_forum_the_fragment_says_when_it_starts_and_the_page_has_no_block():
    event = soon()
    QuestionFactory(event=event, text="Early question?", status=ANSWERING)
    date = timezone.localtime(event.starts_at).strftime("%A, %B %-d, %Y")

    response = fragment()

    assert response.status_code == 200
    assert pages.text(response, "live-state") == (
        f"The forum has not started yet. It starts at 6:30 p.m. on {date}."
    )
    assert 'data-live="soon"' in response.content.decode()
    forum_page = Client().get(reverse("events:detail", args=["forum"]))
    assert pages.has_element(forum_page, "forum-live") is False
    assert "live.js" not in forum_page.content.decode()


def test_after_the_forum_it_has_ended_and_offers_what_we_heard_and_no_pause():
    with_questions(ended())

    response = live_page()

    assert pages.text(response, "live-state") == (
        "The forum has ended. What we heard: answers by topic"
    )
    assert 'data-live="ended"' in response.content.decode()
    assert "Being answered now?" not in pages.text(response)
    assert pages.has_element(response, "live-pause") is False
    forum_page = Client().get(reverse("events:detail", args=["forum"]))
    assert pages.has_element(forum_page, "forum-live") is False


def test_a_cancelled_forum_says_so_even_at_its_hour():
    on_now(status=EventStatus.CANCELLED)

    assert pages.text(fragment(), "live-state") == "This forum has been cancelled."


def test_a_draft_or_unknown_forum_has_no_live_page():
    on_now(status=EventStatus.DRAFT)

    assert fragment().status_code == 404
    assert live_page().status_code == 404
    assert Client().get("/events/nowhere/live/").status_code == 404


def test_the_live_page_works_alone_with_a_refresh_link_and_a_hidden_pause_button():
    with_questions(on_now())

    response = live_page()

    assert pages.text(response, "live-now") == "Being answered now?"
    assert ("/events/forum/live/", "Refresh") in pages.links(response, "forum-live")
    (button,) = [a for tag, a in pages.elements(response) if a.get("id") == "live-pause"]
    # live.js shows it; without JavaScript a button that does nothing would only confuse.
    assert (button["type"], button["aria-pressed"], "hidden" in button) == ("button", "false", True)
    assert '<script src="/static/js/live.js" defer></script>' in response.content.decode()


def test_during_the_forum_its_page_embeds_the_same_block():
    with_questions(on_now())

    response = Client().get(reverse("events:detail", args=["forum"]))

    assert pages.text(response, "live-now") == "Being answered now?"
    assert pages.text(response, "live-next").startswith("Approved with 9? (9 votes)")
    assert '<script src="/static/js/live.js" defer></script>' in response.content.decode()
    assert CSP_FETCHES in response["Content-Security-Policy"]


def test_the_forum_page_may_fetch_only_while_the_forum_is_on():
    soon()

    response = Client().get(reverse("events:detail", args=["forum"]))

    assert "connect-src" not in response["Content-Security-Policy"]


# --- Screen readers --------------------------------------------------------------------------


@pytest.mark.parametrize("get", [fragment, live_page, lambda: Client().get("/events/forum/")])
def test_only_the_question_being_answered_is_live(get):
    with_questions(on_now())

    response = get()

    assert live_attributes(response) == [("div", {"id": "live-now", "aria-live": "polite"})]
    assert pages.text(response, "live-now") == "Being answered now?"


# --- Kept for everyone -----------------------------------------------------------------------


def test_the_fragment_is_kept_for_everyone_whatever_their_cookies(django_assert_num_queries):
    with_questions(on_now())
    with django_assert_num_queries(3):  # the forum, the question answered, the next ones
        first = fragment()
    voter = Client()
    voter.cookies["voter"] = "someone"
    voter.cookies["messages"] = "a flash message"
    signed_in = Client()
    signed_in.cookies["sessionid"] = "anything"  # the session middleware still looks it up

    with django_assert_num_queries(0):
        served = fragment(voter)
    for_staff = fragment(signed_in)

    assert first.context is not None
    assert (served.context, for_staff.context) == (None, None)
    assert served.content == for_staff.content == first.content
    assert "csrf" not in served.content.decode()
    assert served["Cache-Control"] == "private, no-cache"


def test_the_fragment_needs_the_same_queries_with_one_question_or_many(django_assert_num_queries):
    event = on_now()
    QuestionFactory(event=event, status=ANSWERING)
    with django_assert_num_queries(3):
        fragment()
    event.questions.all().delete()
    QuestionFactory.create_batch(20, event=event)

    with django_assert_num_queries(3):
        assert len(pages.text(fragment(), "live-next")) > 0


def test_the_fragment_changes_on_the_next_request_after_moderation():
    event = on_now()
    question = QuestionFactory(event=event, text="Next up?", status=APPROVED)
    assert pages.text(fragment(), "live-now") == "No question is being answered right now."
    assert fragment().context is None  # kept

    question_rules.moderate(question, ANSWERING)

    assert pages.text(fragment(), "live-now") == "Next up?"


def test_each_language_is_kept_apart():
    on_now()
    fragment()

    spanish = Client(HTTP_ACCEPT_LANGUAGE="es")

    assert pages.text(fragment(spanish), "live-now") == (
        "Ahora no se está respondiendo ninguna pregunta."
    )


@pytest.mark.parametrize("query", ["?fragment=1&x=1", "?fragment=2", "?utm_source=radio"])
def test_any_other_address_is_rendered_every_time(query):
    on_now()
    Client().get(f"/events/forum/live/{query}")

    assert Client().get(f"/events/forum/live/{query}").context is not None


def test_the_live_page_is_kept_with_each_visitors_own_csrf_token():
    on_now()
    rendered, served = live_page(), live_page()

    assert served.context is None
    tokens = [
        pages.form_token(page, "csrfmiddlewaretoken") for page in (rendered, served)
    ]  # the language switcher's
    assert tokens[0] != tokens[1]
    assert CSP_FETCHES in served["Content-Security-Policy"]


# --- Questions stay open until the forum ends ----------------------------------------------


def test_questions_stay_open_until_the_forum_ends_when_no_closing_time_is_set():
    event = on_now(questions_close_at=None)

    assert event.questions_are_open() is True
    assert event.questions_are_open(event.ends_at - datetime.timedelta(seconds=1)) is True
    assert event.questions_are_open(event.ends_at) is False
