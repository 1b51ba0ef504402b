"""Questions through the resident's pages: asking, the quiet anti-script checks, bad input,
the public list, votes, and "What we heard".

The rules themselves are tested in test_questions.py; here each is reached through a request,
to check what the resident sees and that nothing else is written.
"""

import datetime
import re
import time
import zoneinfo

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from events.common import form_tokens
from events.enums import EventStatus, QuestionStatus
from events.models import Question, Vote
from events.questions import rules as question_rules

from .. import pages
from ..factories import EventFactory, QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db

THANKS = "Thank you. Your question will appear after a moderator reviews it."
TOO_QUICK = "That was quick! Check your question, then send it again."
EXPIRED = "This form had expired. Check your question and send it again."
CLOSED = "Questions for this event are closed."
UNDO = "Undo: I no longer need this answered"
ADD = "I want this answered too"
VOTER = "a-valid-voter-cookie-value-0123456789abcdef"


def detail_url(event) -> str:
    return reverse("events:detail", args=[event.slug])


def ask_url(event) -> str:
    return reverse("events:ask", args=[event.slug])


def vote_url(event, question_id) -> str:
    return reverse("events:vote", args=[event.slug, question_id])


def started_from_event_page(client, event) -> str:
    return pages.form_token(client.get(detail_url(event)), "question-form_token")


def started_from_ask_page(client, event) -> str:
    response = client.get(reverse("events:ask_page", args=[event.slug]))
    return response.context["form"].initial["form_token"]


def started_seconds_ago(event, seconds: float) -> str:
    return form_tokens.new_token("question-form", event, opened_at=time.time() - seconds)


def post_question(client, event, text="When will the library reopen?", started=None, **fields):
    data = {
        "question-text": text,
        "question-language": "en",
        "question-website": "",
        "question-form_token": started_from_event_page(client, event)
        if started is None
        else started,
    }
    data.update({f"question-{name}": value for name, value in fields.items()})
    return client.post(ask_url(event), data)


def started_in_page(response) -> str:
    """The start time in the page's hidden field: what a browser would send next."""
    return re.search(r'name="question-form_token" value="([^"]*)"', response.content.decode())[1]


def messages_on(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def listed_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="question-(\d+)"', response.content.decode())]


def list_item(response, question) -> str:
    """The HTML of one question in the public list."""
    html = response.content.decode()
    return re.search(rf'id="question-{question.pk}">(.*?)</li>', html, re.DOTALL)[1]


# --- Asking ----------------------------------------------------------------------------------


def test_asking_saves_a_pending_question_and_thanks_the_resident(client, event):
    response = post_question(client, event, text="When will the library reopen?")

    assert response.status_code == 303
    assert response["Location"] == f"/events/{event.slug}/#questions"
    saved = Question.objects.get()
    assert (saved.event, saved.status, saved.text, saved.personal_details) == (
        event,
        QuestionStatus.PENDING,
        "When will the library reopen?",
        "",
    )
    assert messages_on(client.get(response["Location"])) == [THANKS]


def test_asking_from_the_ask_page_works_the_same(client, event):
    response = post_question(client, event, started=started_from_ask_page(client, event))

    assert response.status_code == 303
    assert Question.objects.count() == 1


def test_a_phone_number_is_shown_back_and_nothing_is_saved(client, event):
    text = "Call me at 763-493-8000 about the bus"

    response = post_question(client, event, text=text)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "text": [
            "Your question seems to include a phone number (763-493-8000). "
            "Please remove it, or tick the box to send it anyway."
        ]
    }
    html = response.content.decode()
    assert "A phone number: <strong>763-493-8000</strong>" in html
    assert form["text"].value() == text
    assert f"\n{text}</textarea>" in html
    assert Question.objects.count() == 0


def test_a_phone_number_is_saved_and_flagged_once_the_resident_confirms(client, event):
    text = "Call me at 763-493-8000 about the bus"
    warned = post_question(client, event, text=text)

    response = post_question(
        client,
        event,
        text=text,
        started=warned.context["form"].data["question-form_token"],
        confirm_personal_details="on",
    )

    assert response.status_code == 303
    saved = Question.objects.get()
    assert (saved.text, saved.personal_details) == (text, "phone")


def test_a_filled_honeypot_is_thanked_and_nothing_is_saved(client, event):
    response = post_question(client, event, website="http://spam.example/")

    assert response.status_code == 303
    assert response["Location"] == f"/events/{event.slug}/#questions"
    assert messages_on(client.get(response["Location"])) == [THANKS]
    assert Question.objects.count() == 0


def test_a_question_sent_too_quickly_is_sent_back_with_the_text_kept(client, event, settings):
    settings.QUESTION_MIN_SECONDS = 3
    started = started_from_event_page(client, event)

    response = post_question(client, event, text="Why so fast?", started=started)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"__all__": [TOO_QUICK]}
    assert form["text"].value() == "Why so fast?"
    assert Question.objects.count() == 0


def test_after_an_expired_form_sending_again_from_the_page_works(client, event):
    expired = post_question(client, event, text="Is this kept?", started="expired")

    # What the browser sends next: the start time the page now holds.
    renewed = started_in_page(expired)
    again = post_question(client, event, text="Is this kept?", started=renewed)

    assert renewed != "expired"
    assert again.status_code == 303
    assert Question.objects.get().text == "Is this kept?"


def test_a_question_written_for_long_enough_is_saved(client, event, settings):
    settings.QUESTION_MIN_SECONDS = 3

    response = post_question(client, event, started=started_seconds_ago(event, 5))

    assert response.status_code == 303
    assert Question.objects.count() == 1


@pytest.mark.parametrize(
    "started",
    [
        pytest.param(lambda event: started_seconds_ago(event, 5) + "x", id="tampered"),
        pytest.param(lambda event: "", id="missing"),
        pytest.param(
            lambda event: signing.dumps(time.time() - 5, salt="question-form:999999"),
            id="from-another-event",
        ),
    ],
)
def test_a_bad_start_time_asks_the_resident_to_send_again(client, event, started):
    response = post_question(client, event, text="Is this kept?", started=started(event))

    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [EXPIRED]}
    assert response.context["form"]["text"].value() == "Is this kept?"
    assert Question.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        pytest.param("", ["This field is required."], id="empty"),
        pytest.param("   \n\t ", ["This field is required."], id="only-spaces"),
        pytest.param(
            "x" * 100_000,
            ["Ensure this value has at most 1000 characters (it has 100000)."],
            id="too-long",
        ),
        pytest.param(
            "\x00",
            [
                "Remove the invisible control characters from this text.",
                "Null characters are not allowed.",
            ],
            id="null-byte",
        ),
        pytest.param(
            "Ring \x07 the bell",
            ["Remove the invisible control characters from this text."],
            id="bell",
        ),
    ],
)
def test_bad_text_is_refused_with_a_reason_and_nothing_is_saved(client, event, text, errors):
    response = post_question(client, event, text=text)

    assert response.status_code == 200
    assert response.context["form"].errors == {"text": errors}
    assert Question.objects.count() == 0


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("<script>alert('hi')</script> Is <b>this</b> safe?", id="html"),
        pytest.param("=cmd|' /C calc'!A0", id="spreadsheet-formula"),
        pytest.param("@SUM(1+1)", id="spreadsheet-at"),
        pytest.param("متى ستفتح المكتبة مرة أخرى؟", id="arabic"),
        pytest.param("מתי תיפתח הספרייה מחדש?", id="hebrew"),
        pytest.param("Library ላይብረሪ 图书馆 Библиотека — when?", id="mixed-scripts"),
        pytest.param("🚌 Will bus 724 come back? 👍🏽👨‍👩‍👧", id="emoji"),
    ],
)
def test_unusual_text_is_saved_exactly_and_shown_escaped(client, event, text):
    response = post_question(client, event, text=text)

    assert response.status_code == 303
    saved = Question.objects.get()
    assert (saved.text, saved.edited_at) == (text, None)
    question_rules.moderate(saved, QuestionStatus.APPROVED)
    page = client.get(detail_url(event)).content.decode()
    assert f'<p class="mb-2 question-text" dir="auto">{escape(text)}</p>' in page
    assert "<script>alert" not in page
    assert "<b>this</b>" not in page


def test_the_ask_page_says_when_questions_are_closed(client):
    event = EventFactory(questions_close_at=timezone.now() - datetime.timedelta(minutes=1))

    response = client.get(reverse("events:ask_page", args=[event.slug]))

    assert response.status_code == 200
    assert response.context["form"] is None
    assert pages.text(response, "questions-closed") == CLOSED
    event_page = client.get(detail_url(event))
    assert event_page.context["question_form"] is None
    assert not pages.has_element(event_page, "questions-open-on")


# Brooklyn Park time: questions open two weeks before the forum, at 9 in the morning.
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
OPENS = datetime.datetime(2099, 2, 5, 9, 0, tzinfo=CHICAGO)
OPENS_ON = {
    "en": "Questions open at 9 a.m. on Thursday, February 5, 2099.",
    "es": "Las preguntas se abren a las 09:00 del jueves 5 de febrero de 2099.",
}


def forum_whose_questions_open_later():
    starts = datetime.datetime(2099, 2, 19, 18, 30, tzinfo=CHICAGO)
    return EventFactory(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), questions_open_at=OPENS
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_before_questions_open_the_pages_say_when_they_open(client, language):
    event = forum_whose_questions_open_later()
    client.cookies["django_language"] = language

    ask_page = client.get(reverse("events:ask_page", args=[event.slug]))
    event_page = client.get(detail_url(event))

    assert ask_page.context["form"] is None
    assert pages.text(ask_page, "questions-closed") == OPENS_ON[language]
    assert event_page.context["question_form"] is None
    assert pages.text(event_page, "questions-open-on") == OPENS_ON[language]
    assert CLOSED not in ask_page.content.decode() + event_page.content.decode()


def test_a_question_sent_before_questions_open_is_told_when_they_open(client):
    event = forum_whose_questions_open_later()

    response = post_question(client, event, started=started_seconds_ago(event, 60))

    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [OPENS_ON["en"]]}
    assert Question.objects.count() == 0


def test_once_questions_are_open_the_pages_do_not_say_when_they_open(client):
    event = EventFactory(questions_open_at=timezone.now() - datetime.timedelta(minutes=1))

    event_page = client.get(detail_url(event))

    assert event_page.context["question_form"] is not None
    assert not pages.has_element(event_page, "questions-open-on")


def test_a_question_sent_after_questions_closed_is_refused(client):
    event = EventFactory(questions_close_at=timezone.now() - datetime.timedelta(minutes=1))

    response = post_question(client, event, started=started_seconds_ago(event, 60))

    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [CLOSED]}
    assert Question.objects.count() == 0


def test_a_question_for_an_unpublished_event_finds_nothing(client):
    event = EventFactory(status=EventStatus.DRAFT)

    response = post_question(client, event, started=started_seconds_ago(event, 60))

    assert response.status_code == 404
    assert Question.objects.count() == 0


# --- The public list -------------------------------------------------------------------------


def test_only_approved_and_answered_questions_are_public(client, event):
    shown = {
        status: QuestionFactory(event=event, status=status, text=f"Shown {status}?")
        for status in QuestionStatus.public()
    }
    hidden = [
        QuestionFactory(event=event, status=status, text=f"Hidden {status}?")
        for status in [QuestionStatus.PENDING, QuestionStatus.REJECTED, QuestionStatus.MERGED]
    ]
    QuestionFactory(text="Another event's question?")

    response = client.get(detail_url(event))

    html = response.content.decode()
    assert sorted(listed_ids(response)) == sorted(q.pk for q in shown.values())
    for question in hidden:
        assert question.text not in html
    assert "Another event&#x27;s question?" not in html


def test_questions_are_listed_most_wanted_first_or_newest_first(client, event):
    now = timezone.now()
    old_popular = QuestionFactory(
        event=event, vote_count=9, created_at=now - datetime.timedelta(hours=3)
    )
    newest = QuestionFactory(event=event, vote_count=1, created_at=now)
    middle = QuestionFactory(
        event=event, vote_count=4, created_at=now - datetime.timedelta(hours=2)
    )
    tie_later = QuestionFactory(
        event=event, vote_count=4, created_at=now - datetime.timedelta(hours=1)
    )

    top = client.get(detail_url(event))
    new = client.get(detail_url(event) + "?order=new")
    unknown = client.get(detail_url(event) + "?order=nonsense")

    assert listed_ids(top) == [old_popular.pk, middle.pk, tie_later.pk, newest.pk]
    assert listed_ids(new) == [newest.pk, tie_later.pk, middle.pk, old_popular.pk]
    assert listed_ids(unknown) == listed_ids(top)


def test_answered_questions_show_answered_and_their_summary_without_a_vote_button(client, event):
    answered = QuestionFactory(
        event=event,
        status=QuestionStatus.ANSWERED,
        answer_summary="The library reopens in May.",
    )
    approved = QuestionFactory(event=event)

    response = client.get(detail_url(event))

    answered_html = list_item(response, answered)
    assert '<p class="mb-0 fw-bold">Answered</p>' in answered_html
    assert "The library reopens in May." in answered_html
    assert ADD not in answered_html
    assert ADD in list_item(response, approved)
    assert "Answered" not in list_item(response, approved)


# --- Votes -----------------------------------------------------------------------------------


def test_a_vote_counts_once_even_when_sent_again_and_can_be_taken_back(client, event):
    question = QuestionFactory(event=event)

    added = client.post(vote_url(event, question.pk), {"action": "add", "order": "top"})

    assert added.status_code == 303
    assert added["Location"] == f"/events/{event.slug}/?order=top#question-{question.pk}"
    question.refresh_from_db()
    assert question.vote_count == 1
    assert UNDO in list_item(client.get(added["Location"]), question)

    replayed = client.post(vote_url(event, question.pk), {"action": "add", "order": "top"})

    assert replayed.status_code == 303
    question.refresh_from_db()
    assert question.vote_count == 1

    removed = client.post(vote_url(event, question.pk), {"action": "remove", "order": "new"})

    assert removed["Location"] == f"/events/{event.slug}/?order=new#question-{question.pk}"
    question.refresh_from_db()
    assert question.vote_count == 0
    assert Vote.objects.count() == 0
    item = list_item(client.get(removed["Location"]), question)
    assert (ADD in item, UNDO in item) == (True, False)


def test_the_voter_cookie_is_private_to_the_site_and_never_stored(client, event):
    question = QuestionFactory(event=event)

    response = client.post(vote_url(event, question.pk), {"action": "add"})

    cookie = response.cookies["voter"]
    assert (cookie["httponly"], cookie["samesite"], cookie["secure"]) == (True, "Lax", True)
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,64}", cookie.value)
    assert Vote.objects.get().voter == question_rules.voter_key(cookie.value)
    assert cookie.value not in Vote.objects.get().voter


def test_a_browser_that_already_has_a_voter_cookie_keeps_it(client, event):
    question = QuestionFactory(event=event)
    client.cookies["voter"] = VOTER

    response = client.post(vote_url(event, question.pk), {"action": "add"})

    assert "voter" not in response.cookies
    assert question_rules.voted_ids([question.pk], VOTER) == {question.pk}


def test_different_browsers_each_add_a_vote(event):
    question = QuestionFactory(event=event)

    for _ in range(3):
        Client().post(vote_url(event, question.pk), {"action": "add"})

    question.refresh_from_db()
    assert question.vote_count == 3


def question_in(status):
    return lambda event: QuestionFactory(event=event, status=status).pk


@pytest.mark.parametrize(
    "target",
    [
        pytest.param(question_in(QuestionStatus.PENDING), id="pending"),
        pytest.param(question_in(QuestionStatus.REJECTED), id="rejected"),
        pytest.param(question_in(QuestionStatus.MERGED), id="merged"),
        pytest.param(lambda event: QuestionFactory(event=EventFactory()).pk, id="another-event"),
        pytest.param(lambda event: 987654321, id="nonexistent"),
    ],
)
def test_votes_on_questions_not_open_for_votes_find_nothing(client, event, target):
    question_id = target(event)

    added = client.post(vote_url(event, question_id), {"action": "add"})
    removed = client.post(vote_url(event, question_id), {"action": "remove"})

    assert (added.status_code, removed.status_code) == (404, 404)
    assert Vote.objects.count() == 0
    assert list(Question.objects.filter(vote_count__gt=0)) == []


def test_a_vote_on_an_unpublished_event_finds_nothing(client):
    question = QuestionFactory(event=EventFactory(status=EventStatus.DRAFT))

    response = client.post(vote_url(question.event, question.pk), {"action": "add"})

    assert response.status_code == 404
    assert Vote.objects.count() == 0


def test_changing_things_needs_a_post(client, event):
    question = QuestionFactory(event=event)

    vote = client.get(vote_url(event, question.pk), {"action": "add"})
    ask = client.get(ask_url(event), {"question-text": "Sent by a link?"})
    ask_page_post = client.post(reverse("events:ask_page", args=[event.slug]))

    assert (vote.status_code, ask.status_code, ask_page_post.status_code) == (405, 405, 405)
    question.refresh_from_db()
    assert question.vote_count == 0
    assert Question.objects.count() == 1


# The event, confirmed seats, the waitlist, topic names, the first public questions, how many
# there are, this browser's votes, and the topics offered in the question form.
EVENT_PAGE_QUERIES = 8


def many_questions(event, count, topic=None) -> None:
    """`count` approved questions, written at once (2,000 one by one would be slow)."""
    Question.objects.bulk_create(
        QuestionFactory.build(event=event, topic=topic, vote_count=n % 7) for n in range(count)
    )


@pytest.mark.parametrize("count", [10, 2000])
def test_the_event_page_needs_the_same_queries_for_ten_or_two_thousand_questions(
    client, event, django_assert_num_queries, count
):
    many_questions(event, count, TopicFactory(event=event, name="Housing"))
    client.cookies["voter"] = VOTER

    with django_assert_num_queries(EVENT_PAGE_QUERIES):
        response = client.get(detail_url(event))

    assert len(listed_ids(response)) == min(count, 20)


def test_the_event_page_shows_the_twenty_most_wanted_and_links_to_all(client, event):
    many_questions(event, 45)

    response = client.get(detail_url(event))

    shown = Question.objects.filter(pk__in=listed_ids(response))
    assert len(shown) == 20
    assert min(q.vote_count for q in shown) >= max(
        q.vote_count for q in Question.objects.exclude(pk__in=listed_ids(response))
    )
    assert (f"/events/{event.slug}/questions/?order=top", "See all 45 questions") in pages.links(
        response, "questions"
    )


def test_a_forum_with_twenty_questions_or_fewer_has_no_see_all_link(client, event):
    many_questions(event, 20)

    response = client.get(detail_url(event))

    assert "See all" not in pages.text(response, "questions")


# The event, how many questions there are, the page of them, topic names, this browser's votes.
ALL_PAGE_QUERIES = 5


@pytest.mark.parametrize("count", [10, 2000])
def test_the_all_questions_page_needs_the_same_queries_at_any_size(
    client, event, django_assert_num_queries, count
):
    many_questions(event, count)
    client.cookies["voter"] = VOTER
    url = reverse("events:all_questions", args=[event.slug])

    with django_assert_num_queries(ALL_PAGE_QUERIES):
        response = client.get(url)

    assert len(listed_ids(response)) == min(count, 50)


@pytest.mark.parametrize(
    ("page", "shown"),
    [("", 1), ("2", 2), ("3", 3), ("99", 3), ("0", 3), ("abc", 1), ("-1", 3), ("1" * 40, 3)],
)
def test_any_page_number_gets_a_page_of_questions(client, event, page, shown):
    many_questions(event, 120)

    response = client.get(reverse("events:all_questions", args=[event.slug]), {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert len(listed_ids(response)) == {1: 50, 2: 50, 3: 20}[shown]


def test_a_vote_from_a_page_of_all_questions_comes_back_to_that_page(client, event):
    many_questions(event, 120)
    question = Question.objects.order_by("pk").last()
    client.cookies["voter"] = VOTER

    response = client.post(
        reverse("events:vote", args=[event.slug, question.pk]),
        {"action": "add", "order": "new", "from": "all", "page": "2"},
    )

    assert response.status_code == 303
    assert response["Location"] == (
        f"/events/{event.slug}/questions/?order=new&page=2#question-{question.pk}"
    )


# --- What we heard ---------------------------------------------------------------------------

HEARD = "What we heard: answers by topic"


def heard_url(event) -> str:
    return reverse("events:what_we_heard", args=[event.slug])


@pytest.fixture
def past():
    """A forum that ended an hour ago."""
    ended = timezone.now() - datetime.timedelta(hours=1)
    return EventFactory(starts_at=ended - datetime.timedelta(hours=2), ends_at=ended)


@pytest.mark.parametrize(
    "when",
    [
        pytest.param({"days": 30}, id="before-the-forum"),
        pytest.param({"hours": -1}, id="during-the-forum"),
        pytest.param({"days": -3, "status": EventStatus.CANCELLED}, id="cancelled"),
    ],
)
def test_what_we_heard_is_not_there_until_the_forum_has_ended(client, when):
    status = when.pop("status", EventStatus.PUBLISHED)
    starts = timezone.now() + datetime.timedelta(**when)
    event = EventFactory(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), status=status
    )
    QuestionFactory(event=event, status=QuestionStatus.ANSWERED, text="Answered already?")

    response = client.get(heard_url(event))
    page = client.get(detail_url(event))

    assert response.status_code == 404
    assert "Answered already?" not in response.content.decode()
    assert heard_url(event) not in page.content.decode()
    assert HEARD not in page.content.decode()


def test_the_page_of_a_forum_that_ended_links_to_what_we_heard(client, past):
    response = client.get(detail_url(past))

    assert (heard_url(past), HEARD) in pages.links(response, "questions")
    assert client.get(heard_url(past)).status_code == 200


def test_what_we_heard_groups_answered_questions_by_topic_in_order(client, past):
    event = past
    housing = TopicFactory(event=event, name="Housing", position=1)
    transit = TopicFactory(event=event, name="Transit", position=2)
    parks = TopicFactory(event=event, name="A parks topic", position=3)
    QuestionFactory(
        event=event,
        topic=transit,
        status=QuestionStatus.ANSWERED,
        text="Will bus 724 return?",
        answer_summary="Yes, in June.",
    )
    QuestionFactory(
        event=event,
        topic=housing,
        status=QuestionStatus.ANSWERED,
        text="Will rents be capped?",
        answer_summary="The council will vote in March.",
    )
    QuestionFactory(
        event=event,
        status=QuestionStatus.ANSWERED,
        text="Who cleans the snow?",
        answer_summary="",
    )
    for status in [
        QuestionStatus.APPROVED,
        QuestionStatus.ANSWERING,
        QuestionStatus.PENDING,
        QuestionStatus.REJECTED,
        QuestionStatus.MERGED,
    ]:
        QuestionFactory(event=event, topic=parks, status=status, text=f"Not answered {status}?")

    response = client.get(reverse("events:what_we_heard", args=[event.slug]))

    html = response.content.decode()
    sections = re.findall(r'<h2 class="h4">(.*?)</h2>(.*?)</section>', html, re.DOTALL)
    assert [heading for heading, _ in sections] == ["Housing", "Transit", "Other questions"]
    texts = [re.findall(r'<h3 class="h6" dir="auto">(.*?)</h3>', body) for _, body in sections]
    assert texts == [["Will rents be capped?"], ["Will bus 724 return?"], ["Who cleans the snow?"]]
    assert "The council will vote in March." in sections[0][1]
    assert "Yes, in June." in sections[1][1]
    assert "A summary of the answer is coming soon." in sections[2][1]
    assert "3 questions were answered at the forum." in html
    assert "Not answered" not in html


def test_what_we_heard_without_answers_says_so(client, past):
    event = past
    QuestionFactory(event=event, status=QuestionStatus.APPROVED)

    response = client.get(reverse("events:what_we_heard", args=[event.slug]))

    assert "No answers are published yet." in response.content.decode()
    assert response.context["by_topic"] == {}
