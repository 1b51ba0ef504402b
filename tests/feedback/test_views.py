"""The residents' feedback form: when it opens, what it saves, bad input, the limits."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.enums import EventStatus
from events.models import Feedback
from events.rsvps import rules as rsvp_rules

from .. import pages
from ..factories import EventFactory
from .conftest import answers, page_url, send, send_url

pytestmark = pytest.mark.django_db

THANKS = "Thank you. We read every answer to plan the next forum."


def test_feedback_is_saved_anonymously_to_the_hour_and_thanked(client, ended):
    response = send(client, ended, next_topic="Housing rights", hard_to_reach="The parking")

    assert response.status_code == 303
    assert response["Location"] == reverse("events:what_we_heard", args=[ended.slug])
    (feedback,) = Feedback.objects.all()
    assert [
        feedback.event,
        feedback.usefulness,
        feedback.next_topic,
        feedback.hard_to_reach,
        feedback.language,
        feedback.personal_details,
    ] == [ended, 4, "Housing rights", "The parking", "en", ""]
    assert (feedback.created_at.minute, feedback.created_at.second) == (0, 0)
    assert feedback.created_at.microsecond == 0
    followed = client.get(response["Location"])
    assert THANKS in pages.text(followed)


def test_feedback_in_spanish_is_kept_with_its_language(client, ended):
    client.cookies["django_language"] = "es"

    page = client.get(page_url(ended))
    send(client, ended)

    assert "¿El foro le fue útil?" in pages.text(page)
    assert list(Feedback.objects.values_list("language", flat=True)) == ["es"]


def test_before_the_forum_ends_the_page_says_when_it_opens_and_saves_nothing(client):
    forum = EventFactory(status=EventStatus.PUBLISHED)

    page = client.get(page_url(forum))
    sent = client.post(send_url(forum), {"feedback-usefulness": "5"})

    assert page.status_code == 200
    assert pages.text(page, "feedback-closed").startswith(
        "You can tell us what you thought after the forum ends, at "
    )
    assert page.context["form"] is None
    assert sent.status_code == 200
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.CANCELLED])
def test_a_draft_or_cancelled_forum_has_no_feedback_page(client, status):
    start = timezone.now() - datetime.timedelta(days=2)
    ends = start + datetime.timedelta(hours=2)
    forum = EventFactory(status=status, starts_at=start, ends_at=ends)

    assert client.get(page_url(forum)).status_code == 404
    assert client.post(send_url(forum), {"feedback-usefulness": "5"}).status_code == 404


def test_feedback_closes_when_the_forums_data_is_erased(client, ended):
    data = answers(client, ended)
    rsvp_rules.erase_event_personal_data(ended)

    response = client.post(send_url(ended), data)

    assert response.status_code == 200
    assert pages.text(response, "error-summary").endswith(
        "Feedback for this forum is closed. Thank you to everyone who sent some."
    )
    assert Feedback.objects.count() == 0


def test_feedback_closes_after_the_retention_days(client, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    start = timezone.now() - datetime.timedelta(days=31)
    forum = EventFactory(
        status=EventStatus.PUBLISHED, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )

    page = client.get(page_url(forum))

    assert pages.text(page, "feedback-closed") == (
        "Feedback for this forum is closed. Thank you to everyone who sent some."
    )


def test_the_form_is_linked_from_the_forum_page_and_what_we_heard_once_ended(client, ended):
    address = page_url(ended)

    forum_page = client.get(ended.get_absolute_url())
    heard = client.get(reverse("events:what_we_heard", args=[ended.slug]))

    assert f'href="{address}"' in forum_page.content.decode()
    assert f'href="{address}"' in heard.content.decode()


def test_an_upcoming_forum_page_does_not_link_the_form(client):
    forum = EventFactory(status=EventStatus.PUBLISHED)

    assert page_url(forum) not in client.get(forum.get_absolute_url()).content.decode()


def test_get_on_the_send_address_is_405(client, ended):
    assert client.get(send_url(ended)).status_code == 405


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"usefulness": ""}, "usefulness", "Pick a number from 1 to 5."),
        (
            {"usefulness": "6"},
            "usefulness",
            "Select a valid choice. 6 is not one of the available choices.",
        ),
        (
            {"usefulness": "0"},
            "usefulness",
            "Select a valid choice. 0 is not one of the available choices.",
        ),
        (
            {"next_topic": "x" * 501},
            "next_topic",
            "Ensure this value has at most 500 characters (it has 501).",
        ),
        (
            {"hard_to_reach": "the\x00room"},
            "hard_to_reach",
            "Remove the invisible control characters from this text.|"
            "Null characters are not allowed.",
        ),
        (
            {"hard_to_reach": "y" * 100_000},
            "hard_to_reach",
            "Ensure this value has at most 1000 characters (it has 100000).",
        ),
    ],
)
def test_bad_input_gets_a_field_message_keeps_what_was_typed_and_saves_nothing(
    client, ended, fields, field, message
):
    typed = {"next_topic": "Work permits", **fields}

    response = send(client, ended, **typed)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == message.split("|")
    assert response.context["form"]["next_topic"].value() == typed["next_topic"]
    assert Feedback.objects.count() == 0


def test_personal_details_in_a_free_text_are_warned_about_then_sent_when_confirmed(client, ended):
    warned = send(client, ended, hard_to_reach="Call me at 763-555-0199")

    assert warned.status_code == 200
    assert warned.context["form"].errors["hard_to_reach"] == [
        "This seems to include a phone number (763-555-0199). "
        "Please remove it, or tick the box to send it anyway."
    ]
    assert Feedback.objects.count() == 0

    sent = send(
        client, ended, hard_to_reach="Call me at 763-555-0199", confirm_personal_details="on"
    )

    assert sent.status_code == 303
    assert list(Feedback.objects.values_list("personal_details", flat=True)) == ["phone"]


def test_a_replayed_form_is_refused_with_the_answers_kept(client, ended):
    data = answers(client, ended, next_topic="Schools")

    first = client.post(send_url(ended), data)
    again = client.post(send_url(ended), data)

    assert first.status_code == 303
    assert again.status_code == 200
    assert again.context["form"].non_field_errors() == [
        "This form was already sent, and we have those answers. You do not need to send it again."
    ]
    assert again.context["form"]["next_topic"].value() == "Schools"
    assert Feedback.objects.count() == 1


def test_a_tampered_token_is_refused(client, ended):
    data = {**answers(client, ended), "feedback-form_token": "forged"}

    response = client.post(send_url(ended), data)

    assert response.context["form"].non_field_errors() == [
        "This form had expired. Check your answers and send them again."
    ]
    assert Feedback.objects.count() == 0


def test_a_filled_honeypot_is_thanked_and_nothing_is_saved(client, ended):
    response = send(client, ended, website="http://spam.example")

    assert response.status_code == 303
    assert Feedback.objects.count() == 0


def test_one_browser_is_limited_like_questions_with_429(client, ended, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": {"browser": (2, 3600)}}

    statuses = [send(client, ended).status_code for _ in range(3)]

    assert statuses == [303, 303, 429]
    assert Feedback.objects.count() == 2


def test_one_network_is_limited_with_429_whoever_sends(ended, settings):
    settings.NETWORK_LIMITS = {**settings.NETWORK_LIMITS, "feedback": (2, 0)}

    statuses = [send(Client(), ended).status_code for _ in range(3)]

    assert statuses == [303, 303, 429]
    assert Feedback.objects.count() == 2
