"""Feedback counted exactly: on "What we heard", on the dashboard, and in the export; and its
words erased with the forum's personal data."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse

from events.enums import AuditAction
from events.feedback import rules
from events.models import AuditEntry, Feedback
from events.rsvps import retention
from events.rsvps import rules as rsvp_rules

from .. import pages
from ..cockpit.test_dashboard import _queries_for_dashboard
from ..factories import EventFactory
from ..staff import log_in_as, login_redirect, organizer
from .conftest import send

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def given(event, *scores, **fields):
    return [Feedback.objects.create(event=event, usefulness=score, **fields) for score in scores]


def test_counts_are_exact_per_score_and_free_text(ended):
    given(ended, 5, 5, 4, 1)
    given(ended, 3, next_topic="Housing")
    given(ended, 5, hard_to_reach="The microphone", next_topic="Schools")
    given(ended, 5)
    given(ended, 2, next_topic="")  # a blank topic is not a topic

    counts = rules.counts(ended)

    assert counts.by_score == [
        (1, "1: Not useful", 1),
        (2, "2: A little useful", 1),
        (3, "3: Somewhat useful", 1),
        (4, "4: Useful", 1),
        (5, "5: Very useful", 4),
    ]
    assert (counts.total, counts.next_topics, counts.hard_to_reach) == (8, 2, 1)
    assert counts.average == 3.75  # 30 points over 8 answers


def test_counts_of_another_forum_are_not_mixed_in(ended):
    given(EventFactory(), 1, 1)
    given(ended, 4)

    assert rules.counts(ended).total == 1


def test_counts_take_one_query(ended, django_assert_num_queries):
    given(ended, 1, 2, 3, 4, 5)
    with django_assert_num_queries(1):
        rules.counts(ended)


def test_what_we_heard_shows_the_counts(client, ended):
    given(ended, 5, 5, 2)
    given(ended, 4, next_topic="Driver's licenses")

    response = client.get(reverse("events:what_we_heard", args=[ended.slug]))

    assert pages.text(response, "feedback-table") == (
        "Was the forum useful? Answer People 1: Not useful 0 2: A little useful 1 "
        "3: Somewhat useful 0 4: Useful 1 5: Very useful 2"
    )
    assert "4 people answered our feedback form." in pages.text(response, "feedback-counts")
    # Residents see numbers only, never another resident's words.
    assert "Driver" not in response.content.decode()


def test_dashboard_shows_counts_a_chart_and_the_words_escaped(client, ended):
    given(ended, 5, 3)
    given(ended, 1, hard_to_reach="<script>alert(1)</script>")

    response = organizer(client).get(reverse("staff:dashboard", args=[ended.slug]))

    assert response.status_code == 200
    assert pages.text(response, "feedback-table") == (
        "Was the forum useful? Answer People 1: Not useful 1 2: A little useful 0 "
        "3: Somewhat useful 1 4: Useful 0 5: Very useful 1 Total 3"
    )
    assert pages.text(response, "feedback-text") == (
        "3 answers. Topics for next time: 0. Something hard to reach or understand: 1."
    )
    html = response.content.decode()
    assert html.count('class="day-bar"', html.index('id="feedback"')) == 5
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert reverse("staff:feedback_csv", args=[ended.slug]) in html


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline="")))


def test_export_has_every_answer_to_the_hour_and_is_audited(client, ended, settings):
    settings.TIME_ZONE = "America/Chicago"
    hour = datetime.datetime(2030, 2, 20, 19, 0, tzinfo=CHICAGO)
    given(ended, 4, next_topic="=HYPERLINK(1)", created_at=hour)
    given(ended, 2, hard_to_reach="Parking", personal_details="phone", created_at=hour)

    response = organizer(client).get(reverse("staff:feedback_csv", args=[ended.slug]))

    first, second = Feedback.objects.order_by("pk").values_list("pk", flat=True)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="feedback-ended.csv"'
    assert csv_rows(response) == [
        [
            "id",
            "usefulness",
            "next_topic",
            "hard_to_reach",
            "language",
            "submitted",
            "personal_details_flag",
        ],
        [str(first), "4", "'=HYPERLINK(1)", "", "en", "2030-02-20T19:00-06:00", "no"],
        [str(second), "2", "", "Parking", "en", "2030-02-20T19:00-06:00", "yes"],
    ]
    assert list(AuditEntry.objects.values_list("action", "event", "record_count", "detail")) == [
        (AuditAction.EXPORT_FEEDBACK, ended.pk, 2, "csv")
    ]


def test_what_is_sent_is_stored_to_the_hour_only(client, ended):
    send(client, ended)

    (created_at,) = Feedback.objects.values_list("created_at", flat=True)
    assert created_at.replace(minute=0, second=0, microsecond=0) == created_at


@pytest.mark.parametrize(
    ("visitor", "status"), [("plain staff", 403), ("speaker", 403), ("organizer", 200)]
)
def test_export_needs_the_export_feedback_permission(client, ended, visitor, status):
    response = log_in_as(client, visitor).get(reverse("staff:feedback_csv", args=[ended.slug]))

    assert response.status_code == status


def test_export_sends_strangers_to_sign_in(client, ended):
    url = reverse("staff:feedback_csv", args=[ended.slug])

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, login_redirect(url))
    assert AuditEntry.objects.count() == 0


def test_erasing_the_forums_personal_data_erases_the_feedback_words_and_keeps_counts(ended):
    given(ended, 5, next_topic="Call Ana at 763-555-0199", personal_details="phone")
    given(ended, 3, hard_to_reach="My case A123456789")
    given(ended, 4)
    before = rules.counts(ended)

    rsvp_rules.erase_event_personal_data(ended)

    assert list(
        Feedback.objects.order_by("pk").values_list(
            "usefulness", "next_topic", "hard_to_reach", "personal_details"
        )
    ) == [(5, "", "", ""), (3, "", "", ""), (4, "", "", "")]
    after = rules.counts(ended)
    assert after.by_score == before.by_score
    assert (after.total, after.next_topics, after.hard_to_reach) == (3, 0, 0)


def test_the_scheduled_erasure_covers_feedback(ended, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 1
    given(ended, 2, hard_to_reach="The room was too far")
    ended.starts_at -= datetime.timedelta(days=2)
    ended.ends_at -= datetime.timedelta(days=2)
    ended.save()

    retention.erase_due()

    assert list(Feedback.objects.values_list("usefulness", "hard_to_reach")) == [(2, "")]


def test_erasure_rolls_back_the_feedback_with_the_rest_when_it_fails(ended, monkeypatch):
    given(ended, 2, hard_to_reach="The stairs")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("events.rsvps.rules.audit.record", fail)
    with pytest.raises(RuntimeError):
        rsvp_rules.erase_event_personal_data(ended)

    assert list(Feedback.objects.values_list("hard_to_reach", flat=True)) == ["The stairs"]


def test_dashboard_query_count_does_not_grow_with_feedback(client, ended):
    few = EventFactory(slug="few", ends_at=ended.ends_at, starts_at=ended.starts_at)
    given(few, 3, next_topic="Taxes")
    given(ended, *[1, 2, 3, 4, 5] * 20, next_topic="Taxes", hard_to_reach="Stairs")
    organizer(client)

    # 14 without feedback, one more for its newest words
    assert _queries_for_dashboard(client, few) == 15
    assert _queries_for_dashboard(client, ended) == 15
