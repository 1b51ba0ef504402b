"""The reminder before the forum: `manage.py send_reminders`, run from cron every few minutes,
emails each person with a seat once, in their language, with a link to stop emails."""

import datetime
import io
import runpy

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

import civicforum.settings
from events.enums import EmailKind, EventStatus, RsvpStatus
from events.mail import messaging
from events.mail.sending import queue_email
from events.models import EmailDelivery, Rsvp
from events.rsvps import rules

from ..factories import EventFactory
from .conftest import (
    every_kind_of_resident,
    listed,
    minutes_pass,
    recipients_of,
    resident,
    stop_and_not_me,
    stoppable_headers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the command as cron does; each reminder goes out once its claim is committed."""

    def _remind() -> str:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=out)
        return out.getvalue()

    return _remind


def forum_in(hours=0, minutes=0, **fields):
    starts_at = timezone.now() + datetime.timedelta(hours=hours, minutes=minutes)
    return EventFactory(
        title="Immigration policy forum",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        capacity=None,
        **fields,
    )


def test_running_twice_sends_each_reminder_once(remind, mailoutbox):
    forum = forum_in(hours=3)
    amina = resident(forum, "Amina")

    first = remind()
    second = remind()

    assert (first, second) == ("Sent 1 reminder.\n", "Sent 0 reminders.\n")
    assert recipients_of(mailoutbox) == ["amina@example.org"]
    amina.refresh_from_db()
    assert amina.reminder_sent_at is not None
    (delivery,) = EmailDelivery.objects.all()
    assert (delivery.rsvp, delivery.kind, delivery.error) == (amina, EmailKind.REMINDER, "")
    assert delivery.sent_at is not None


@pytest.mark.parametrize(
    ("hours", "minutes", "expected"),
    [
        (23, 59, "Sent 1 reminder.\n"),
        (24, 1, "Sent 0 reminders.\n"),
    ],
    ids=["23h59 before", "24h01 before"],
)
def test_the_reminder_window_is_exactly_reminder_hours(
    remind, mailoutbox, hours, minutes, expected
):
    resident(forum_in(hours=hours, minutes=minutes), "Amina")

    assert remind() == expected
    assert len(mailoutbox) == (1 if expected == "Sent 1 reminder.\n" else 0)


def test_the_window_follows_the_setting(remind, mailoutbox, settings):
    settings.REMINDER_BEFORE = datetime.timedelta(hours=2)
    resident(forum_in(hours=1, minutes=59), "Amina")
    resident(forum_in(hours=2, minutes=1), "Bao")

    assert remind() == "Sent 1 reminder.\n"
    assert recipients_of(mailoutbox) == ["amina@example.org"]


def test_a_reminder_not_yet_due_goes_out_on_a_later_run(remind, mailoutbox, settings):
    settings.REMINDER_BEFORE = datetime.timedelta(hours=2)
    amina = resident(forum_in(hours=3), "Amina")
    assert remind() == "Sent 0 reminders.\n"

    settings.REMINDER_BEFORE = datetime.timedelta(hours=4)  # as if an hour had passed, and more

    assert remind() == "Sent 1 reminder.\n"
    assert recipients_of(mailoutbox) == ["amina@example.org"]
    amina.refresh_from_db()
    assert amina.reminder_sent_at is not None


def test_only_people_with_a_seat_an_email_and_no_stop_get_one(remind, mailoutbox):
    forum = forum_in(hours=3)
    every_kind_of_resident(forum)

    assert remind() == "Sent 1 reminder.\n"
    assert recipients_of(mailoutbox) == ["amina@example.org"]


@pytest.mark.parametrize(
    "forum_fields",
    [
        {"status": EventStatus.DRAFT},
        {"status": EventStatus.CANCELLED},
    ],
    ids=["draft", "cancelled"],
)
def test_unpublished_forums_send_no_reminders(remind, mailoutbox, forum_fields):
    resident(forum_in(hours=3, **forum_fields), "Amina")

    assert remind() == "Sent 0 reminders.\n"
    assert mailoutbox == []


def test_a_forum_that_has_started_sends_no_reminders(remind, mailoutbox):
    resident(forum_in(minutes=-1), "Amina")

    assert remind() == "Sent 0 reminders.\n"
    assert mailoutbox == []


def test_the_reminder_has_the_code_the_private_link_and_the_stop_link(remind, mailoutbox):
    amina = resident(forum_in(hours=3), "Amina", party_size=2)

    remind()

    (email,) = mailoutbox
    assert (email.subject, email.to) == ("Your RSVP with Brooklyn Park Civic Forum", [amina.email])
    lines = email.body.splitlines()
    assert lines[:7] == [
        "Hello,",
        "",
        "A reminder: “Immigration policy forum” is coming up, and this email address has a seat.",
        "",
        *listed(amina),
        "",
    ]
    assert lines[10:] == [
        "",
        "Cannot come after all? Please cancel so someone on the waitlist can have the seat.",
        *stop_and_not_me(amina),
    ]
    assert email.extra_headers == stoppable_headers(amina)
    assert email.attachments == []


def test_the_reminder_is_in_the_residents_language(remind, mailoutbox):
    resident(forum_in(hours=3), "Amina", language="es")

    remind()

    ((html, mimetype),) = mailoutbox[0].alternatives
    assert (mimetype, html.split("\n")[1]) == ("text/html", '<html lang="es">')


def test_the_stop_link_in_a_reminder_stops_emails(client, remind, mailoutbox):
    amina = resident(forum_in(hours=3), "Amina")
    remind()
    stop = mailoutbox[0].body.splitlines()[-6].removeprefix("https://forum.example.org")

    response = client.post(stop)

    assert (stop, response.status_code) == (f"/rsvp/{amina.manage_token}/stop-emails/", 303)
    amina.refresh_from_db()
    assert amina.emails_stopped_at is not None


def test_a_reminder_queued_before_the_resident_stopped_emails_is_not_sent(
    django_capture_on_commit_callbacks, mailoutbox
):
    amina = resident(forum_in(hours=3), "Amina")
    with django_capture_on_commit_callbacks() as callbacks:
        assert messaging.send_reminders() == 1
    messaging.stop_emails(amina)
    out = io.StringIO()

    call_command("send_pending_emails", stdout=out)
    for callback in callbacks:
        callback()

    assert out.getvalue() == "Sent 0, failed 0.\n"
    assert mailoutbox == []
    (delivery,) = EmailDelivery.objects.all()
    assert (delivery.sent_at, delivery.error) == (None, "emails stopped")


def test_a_stopped_resident_gets_no_reminder_even_when_queued_directly():
    amina = resident(forum_in(hours=3), "Amina", emails_stopped_at=timezone.now())

    assert queue_email(amina, EmailKind.REMINDER) is None
    assert queue_email(amina, EmailKind.CHANGED) is not None
    assert list(EmailDelivery.objects.values_list("kind", flat=True)) == [EmailKind.CHANGED]


def test_a_failed_reminder_is_not_claimed_again_but_retried_by_send_pending_emails(
    remind, mail_server
):
    resident(forum_in(hours=3), "Amina")
    assert remind() == "Sent 1 reminder.\n"
    mail_server.up()
    minutes_pass(1)

    again = remind()
    out = io.StringIO()
    call_command("send_pending_emails", stdout=out)

    assert (again, out.getvalue()) == ("Sent 0 reminders.\n", "Sent 1, failed 0.\n")
    assert mail_server.recipients() == ["amina@example.org"]


@pytest.mark.parametrize("people", [1, 10])
def test_reminders_take_one_query_and_then_a_fixed_few_per_person(
    django_assert_num_queries, django_capture_on_commit_callbacks, people
):
    forum = forum_in(hours=3)
    for number in range(people):
        resident(forum, f"Resident{number}")

    # One query finds them all; then for each address: savepoint, claim, "did its owner
    # disown it?", email row, release.
    with django_assert_num_queries(1 + people * 5), django_capture_on_commit_callbacks():
        assert messaging.send_reminders() == people


# --- The setting --------------------------------------------------------------------------


def load_settings(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("REMINDER_HOURS", raising=False)
    else:
        monkeypatch.setenv("REMINDER_HOURS", value)
    # run_path: the module is already imported, and running it under its name would warn.
    return runpy.run_path(civicforum.settings.__file__)


@pytest.mark.parametrize(("raw", "hours"), [(None, 24), ("", 24), ("6", 6), (" 48 ", 48)])
def test_reminder_hours_come_from_the_environment(monkeypatch, raw, hours):
    assert load_settings(monkeypatch, raw)["REMINDER_BEFORE"] == datetime.timedelta(hours=hours)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("a day", "REMINDER_HOURS must be a whole number; got 'a day'."),
        ("0", "REMINDER_HOURS must be at least 1; got 0."),
    ],
)
def test_reminder_hours_that_make_no_sense_stop_start_up(monkeypatch, raw, message):
    with pytest.raises(ImproperlyConfigured) as error:
        load_settings(monkeypatch, raw)

    assert str(error.value) == message


def test_an_rsvp_made_inside_the_window_is_reminded_by_the_next_run(
    remind, mailoutbox, django_capture_on_commit_callbacks
):
    forum = forum_in(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        rules.place_rsvp(Rsvp(event=forum, name="Amina", party_size=1, email="amina@example.org"))

    assert remind() == "Sent 1 reminder.\n"
    assert [email.body.splitlines()[2][:13] for email in mailoutbox] == [
        "You have a se",
        "A reminder: “",
    ]


def test_an_address_with_two_seats_gets_one_reminder_naming_both(remind, mailoutbox):
    forum = forum_in(hours=3)
    first = resident(forum, "Amina", party_size=2)
    second = resident(forum, "Amina again", email="amina@example.org")
    resident(forum, "Waiting", email="amina@example.org", status=RsvpStatus.WAITLISTED)
    resident(forum, "Bao")

    assert remind() == "Sent 2 reminders.\n"

    assert recipients_of(mailoutbox) == ["amina@example.org", "bao@example.org"]
    (to_amina,) = [email for email in mailoutbox if email.to == ["amina@example.org"]]
    assert to_amina.body.splitlines()[4:9] == [*listed(first), "", *listed(second)]
    assert Rsvp.objects.filter(reminder_sent_at__isnull=False).count() == 3
