"""Votes and questions resist a script that drops its cookies: one network gets only so many new
voter ids, votes on one question and questions an hour, sized to the room, and a question
form's "opened at" token works once."""

import time
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from events.common import form_tokens
from events.enums import QuestionStatus
from events.models import Question

from ..factories import EventFactory, QuestionFactory

pytestmark = pytest.mark.django_db

SCRIPT = "203.0.113.66"
ALREADY_SENT = "This form was already sent. Check your question and send it again."
TOO_MANY_QUESTIONS = (
    "Many questions were sent from this network in the last hour, so we cannot take more "
    "from it just now. Please try again later, or bring your question to the forum."
)


@pytest.fixture(autouse=True)
def within_one_hour(monkeypatch):
    """The limits count in whole hours: pin their clock mid-hour."""
    middle = time.time() // 3600 * 3600 + 1800
    monkeypatch.setattr("events.common.ratelimit.time", mock.Mock(time=lambda: middle))


@pytest.fixture
def forum():
    return EventFactory(capacity=10)  # so the floors hold: 300 ids, 200 votes, 60 questions


def vote(client, question):
    url = reverse("events:vote", args=[question.event.slug, question.pk])
    return client.post(url, {"action": "add"})


def ask(client, event, text, token=None):
    return client.post(
        reverse("events:ask", args=[event.slug]),
        {
            "question-text": text,
            "question-language": "en",
            "question-website": "",
            "question-form_token": token or form_tokens.new_token("question-form", event),
        },
    )


def messages_after(client, response) -> list[str]:
    return [str(message) for message in client.get(response["Location"]).context["messages"]]


def test_cookie_dropping_votes_stop_at_200_on_a_question_and_300_new_voters(forum):
    first, second = QuestionFactory.create_batch(2, event=forum, status=QuestionStatus.APPROVED)
    # A fresh cookie jar for every vote: a new voter id each time.
    on_first = [vote(Client(REMOTE_ADDR=SCRIPT), first) for _ in range(201)]
    last = Client(REMOTE_ADDR=SCRIPT)
    on_second = [vote(Client(REMOTE_ADDR=SCRIPT), second) for _ in range(99)]
    refused = vote(last, second)

    first.refresh_from_db()
    second.refresh_from_db()
    # 200 on one question; the 201st vote made the 201st id. Ids 202 to 300 voted on the
    # second question; the 301st id was not made.
    assert (first.vote_count, second.vote_count) == (200, 99)
    assert messages_after(last, refused) == [
        "Many people voted from this network in the last hour. Please try later."
    ]
    assert "voter" not in refused.cookies
    assert {r.status_code for r in on_first + on_second} == {303}


def test_a_vote_refused_for_its_question_says_why(forum):
    question = QuestionFactory(event=forum, status=QuestionStatus.APPROVED)
    for _ in range(200):
        vote(Client(REMOTE_ADDR=SCRIPT), question)
    browser = Client(REMOTE_ADDR=SCRIPT)

    refused = vote(browser, question)

    assert messages_after(browser, refused) == [
        "This question had many votes from this network in the last hour. Please try later."
    ]
    question.refresh_from_db()
    assert question.vote_count == 200


def test_a_page_view_sets_no_voter_cookie(client, forum):
    QuestionFactory(event=forum, status=QuestionStatus.APPROVED)

    page = client.get(reverse("events:detail", args=[forum.slug]))

    assert "voter" not in page.cookies


def test_cookie_dropping_questions_stop_at_60_an_hour(forum):
    sent = [ask(Client(REMOTE_ADDR=SCRIPT), forum, f"Question number {n}?") for n in range(61)]

    assert [r.status_code for r in sent] == [303] * 60 + [429]
    assert sent[-1].context["form"].errors == {"__all__": [TOO_MANY_QUESTIONS]}
    assert sent[-1].context["form"]["text"].value() == "Question number 60?"
    assert Question.objects.count() == 60


def test_a_reused_opened_at_token_sends_one_question():
    forum = EventFactory(capacity=10)
    token = form_tokens.new_token("question-form", forum, opened_at=time.time() - 60)

    sent = [ask(Client(REMOTE_ADDR=SCRIPT), forum, f"Question {n}?", token) for n in range(12)]

    assert [r.status_code for r in sent] == [303] + [200] * 11
    assert {tuple(r.context["form"].non_field_errors()) for r in sent[1:]} == {(ALREADY_SENT,)}
    assert list(Question.objects.values_list("text", flat=True)) == ["Question 0?"]


def test_a_double_click_on_send_is_thanked_once_not_refused(client, forum):
    token = form_tokens.new_token("question-form", forum)

    first = ask(client, forum, "Will bus 724 come back?", token)
    again = ask(client, forum, "Will bus 724 come back?", token)

    assert (first.status_code, again.status_code) == (303, 303)
    assert Question.objects.count() == 1


def test_ipv6_addresses_in_one_64_share_the_question_allowance(settings, forum):
    settings.NETWORK_LIMITS = {**settings.NETWORK_LIMITS, "questions": (2, 0)}

    statuses = [
        ask(Client(REMOTE_ADDR=address), forum, f"From {address}?").status_code
        for address in ["2001:db8:7:1::1", "2001:db8:7:1:abcd::9", "2001:db8:7:1::ffff"]
    ]
    other = ask(Client(REMOTE_ADDR="2001:db8:7:2::1"), forum, "Next door?").status_code

    assert (statuses, other) == ([303, 303, 429], 303)
