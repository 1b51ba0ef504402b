"""Personal data is deleted on a schedule: `manage.py erase_personal_data`, run from cron,
erases RSVPs' names, emails and notes PERSONAL_DATA_RETENTION_DAYS days after their forum
ends, and keeps every count the city needs."""

import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.enums import AuditAction, EmailKind, RsvpStatus
from events.mail.sending import queue_email
from events.models import AuditEntry, EmailDelivery, EmailOptOut, Event, Rsvp
from events.rsvps import rules, seats

from ..factories import EventFactory, RsvpFactory

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
ERASED_FIELDS = {"name", "email", "note", "manage_token", "erased_at", "created_at"}


def erase(*options) -> str:
    out = io.StringIO()
    call_command("erase_personal_data", *options, stdout=out)
    return out.getvalue()


def forum_ended(days=0, hours=0, **fields) -> Event:
    ends_at = timezone.now() - datetime.timedelta(days=days, hours=hours)
    return EventFactory(starts_at=ends_at - datetime.timedelta(hours=2), ends_at=ends_at, **fields)


def snapshot() -> dict[int, dict]:
    """Every stored value of every RSVP but updated_at."""
    return {
        row["id"]: {field: value for field, value in row.items() if field != "updated_at"}
        for row in Rsvp.objects.values()
    }


@pytest.fixture
def past_forum():
    """A forum that ended 31 days ago (the default retention is 30), with every kind of RSVP."""
    event = forum_ended(days=31, title="Winter forum", capacity=20, max_party_size=6)
    RsvpFactory(
        event=event,
        name="Amina",
        email="amina@example.org",
        note="I will bring my neighbour.",
        party_size=4,
        interpreter_language="Somali",
        interpreter_count=2,
        childcare_count=1,
        checked_in_count=3,
        checked_in_at=event.starts_at,
    )
    RsvpFactory(
        event=event,
        name="Bao",
        email="bao@example.org",
        note="We use the side door.",
        party_size=2,
        asl_count=1,
        status=RsvpStatus.WAITLISTED,
    )
    RsvpFactory(
        event=event,
        name="Carlos",
        email="carlos@example.org",
        note="Sorry!",
        party_size=1,
        status=RsvpStatus.CANCELLED,
    )
    return event


def test_the_dry_run_lists_what_would_go_and_changes_nothing(past_forum):
    other = forum_ended(days=40, title="Autumn forum")
    RsvpFactory(event=other, name="Dahir")
    before = snapshot()

    output = erase("--dry-run")

    ended = f"{timezone.localdate(past_forum.ends_at):%Y-%m-%d}"
    other_ended = f"{timezone.localdate(other.ends_at):%Y-%m-%d}"
    assert output == (
        f"Would erase 1 RSVP of “Autumn forum” (ended {other_ended}).\n"
        f"Would erase 3 RSVPs of “Winter forum” (ended {ended}).\n"
        "Dry run: nothing was changed.\n"
    )
    assert snapshot() == before
    assert list(Event.objects.values_list("personal_data_erased_at", flat=True)) == [None, None]
    assert AuditEntry.objects.count() == 0


def test_the_end_date_is_the_local_date_of_the_forum():
    ends_at = datetime.datetime(2025, 1, 10, 23, 30, tzinfo=CHICAGO)  # 05:30 on the 11th in UTC
    EventFactory(
        title="Late forum", starts_at=ends_at - datetime.timedelta(hours=2), ends_at=ends_at
    )

    assert erase("--dry-run") == (
        "Would erase 0 RSVPs of “Late forum” (ended 2025-01-10).\nDry run: nothing was changed.\n"
    )


def test_erasing_removes_exactly_names_emails_notes_links_and_exact_times(past_forum):
    before = snapshot()
    seats_before = seats.seats(past_forum)

    output = erase()

    assert output == (
        f"Erased 3 RSVPs of “Winter forum” (ended {timezone.localdate(past_forum.ends_at)}).\n"
        "Erased 3 RSVPs of 1 event.\n"
    )
    after = snapshot()
    for pk, old in before.items():
        new = after[pk]
        changed = {field for field in old if old[field] != new[field]}
        assert changed == ERASED_FIELDS | ({"checked_in_at"} if old["checked_in_at"] else set())
        assert (new["name"], new["email"], new["note"]) == ("", "", "")
        assert new["erased_at"] is not None
        assert len(new["manage_token"]) == len(old["manage_token"])
    assert sorted(
        Rsvp.objects.values_list(
            "status", "party_size", "interpreter_language", "interpreter_count", "asl_count"
        )
    ) == [
        (RsvpStatus.CANCELLED, 1, "", 0, 0),
        (RsvpStatus.CONFIRMED, 4, "Somali", 2, 0),
        (RsvpStatus.WAITLISTED, 2, "", 0, 1),
    ]
    assert seats.seats(past_forum) == seats_before
    past_forum.refresh_from_db()
    assert past_forum.personal_data_erased_at is not None


def test_the_old_private_link_no_longer_opens_anything(client, past_forum):
    amina = Rsvp.objects.get(name="Amina")

    erase()

    assert client.get(f"/rsvp/{amina.manage_token}/").status_code == 404
    assert client.get(f"/rsvp/{amina.manage_token}/stop-emails/").status_code == 404


def test_erasing_is_recorded_in_the_audit_log_as_the_system(past_forum):
    erase()

    entry = AuditEntry.objects.get()
    assert (entry.user, entry.username, entry.action, entry.event, entry.record_count) == (
        None,
        "system",
        AuditAction.ERASE,
        past_forum,
        3,
    )


def test_running_twice_erases_nothing_more(past_forum):
    erase()
    after_first = snapshot()
    past_forum.refresh_from_db()
    erased_at = past_forum.personal_data_erased_at

    second = erase()

    assert second == "Nothing to erase.\n"
    assert erase("--dry-run") == "Nothing to erase.\nDry run: nothing was changed.\n"
    assert snapshot() == after_first
    past_forum.refresh_from_db()
    assert past_forum.personal_data_erased_at == erased_at
    assert AuditEntry.objects.count() == 1


def test_details_a_resident_already_erased_are_not_counted_again(past_forum):
    rules.erase_rsvp(Rsvp.objects.get(name="Bao"))

    assert erase() == (
        f"Erased 2 RSVPs of “Winter forum” (ended {timezone.localdate(past_forum.ends_at)}).\n"
        "Erased 2 RSVPs of 1 event.\n"
    )
    assert list(
        AuditEntry.objects.order_by("pk").values_list("username", "action", "record_count")
    ) == [("resident", AuditAction.ERASE, 1), ("system", AuditAction.ERASE, 2)]


def test_an_rsvp_staff_add_after_the_erasure_is_erased_by_the_next_run(past_forum):
    erase()
    late = RsvpFactory(event=past_forum, name="Elena", email="elena@example.org")

    output = erase()

    assert output == (
        f"Erased 1 RSVP of “Winter forum” (ended {timezone.localdate(past_forum.ends_at)}).\n"
        "Erased 1 RSVP of 1 event.\n"
    )
    late.refresh_from_db()
    assert (late.name, late.email) == ("", "")
    assert list(AuditEntry.objects.order_by("pk").values_list("record_count", flat=True)) == [3, 1]


def test_forums_inside_the_retention_period_are_untouched():
    recent = forum_ended(days=29, hours=23)
    upcoming = EventFactory()
    for event in (recent, upcoming):
        RsvpFactory(event=event, name="Amina", email="amina@example.org")
    before = snapshot()

    assert erase() == "Nothing to erase.\n"
    assert snapshot() == before
    assert list(Event.objects.values_list("personal_data_erased_at", flat=True)) == [None, None]


@pytest.mark.parametrize(
    ("days", "hours", "erased"),
    [(7, 1, True), (6, 23, False)],
    ids=["7 days and an hour ago", "6 days and 23 hours ago"],
)
def test_the_retention_period_follows_the_setting(settings, days, hours, erased):
    settings.PERSONAL_DATA_RETENTION_DAYS = 7
    rsvp = RsvpFactory(event=forum_ended(days=days, hours=hours), name="Amina")

    erase()

    rsvp.refresh_from_db()
    assert (rsvp.name == "", rsvp.erased_at is not None) == (erased, erased)


def test_a_forum_with_no_rsvps_is_marked_once(past_forum):
    empty = forum_ended(days=60, title="Quiet forum")

    erase()
    erase()

    empty.refresh_from_db()
    assert empty.personal_data_erased_at is not None
    assert sorted(AuditEntry.objects.values_list("event__title", "record_count")) == [
        ("Quiet forum", 0),
        ("Winter forum", 3),
    ]


def test_erasing_keeps_only_the_day_of_each_time_and_drops_the_emails(past_forum):
    amina = past_forum.rsvps.get(name="Amina")
    Rsvp.objects.filter(pk=amina.pk).update(
        created_at=datetime.datetime(2026, 1, 5, 18, 42, 17, tzinfo=CHICAGO),
        checked_in_at=datetime.datetime(2026, 1, 9, 18, 3, 51, tzinfo=CHICAGO),
        reminder_sent_at=datetime.datetime(2026, 1, 8, 9, 0, 4, tzinfo=CHICAGO),
    )
    amina.refresh_from_db()
    queue_email(amina, EmailKind.CONFIRMED)

    erase()

    amina.refresh_from_db()
    times = (amina.created_at, amina.checked_in_at, amina.reminder_sent_at)
    assert times == (
        datetime.datetime(2026, 1, 5, tzinfo=CHICAGO),
        datetime.datetime(2026, 1, 9, tzinfo=CHICAGO),
        None,
    )
    assert EmailDelivery.objects.filter(rsvp__event=past_forum).count() == 0


def test_erasing_drops_the_not_me_hashes_of_addresses(past_forum):
    rules.disown(past_forum.rsvps.get(name="Amina"))
    assert EmailOptOut.objects.count() == 1

    erase()

    assert EmailOptOut.objects.count() == 0
