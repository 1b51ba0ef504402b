"""Two workers sending the same message, two cron runs sending reminders at once, and a double
click racing itself, on a real PostgreSQL server.

The first test shows the race is real: with the claim taken out, two workers both send every
email. The others show the claims stop it: every resident gets each email exactly once.
"""

import datetime
import time
import uuid
from functools import partial
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from events.enums import Audience, EmailKind, RsvpStatus
from events.mail import messaging, sending
from events.models import EmailDelivery, Event, Message

from ..factories import EventFactory, RsvpFactory, UserFactory
from ..races import recording, run_together
from .conftest import recipients_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 2


def together(work, workers: int = WORKERS) -> list:
    """Run work(0), work(1)... in `workers` threads released at once; what each returned."""
    return run_together([partial(work, number) for number in range(workers)])


def residents(event: Event, count: int, status=RsvpStatus.CONFIRMED) -> list[str]:
    emails = [f"resident{number:03d}@example.org" for number in range(count)]
    for email in emails:
        RsvpFactory(event=event, email=email, status=status)
    return emails


def written_message(event: Event) -> Message:
    """A message with its emails in the outbox, not yet sent (as a worker finds them)."""
    message = Message.objects.create(
        event=event,
        audience=Audience.CONFIRMED,
        subject="Room change",
        body="Council chambers.",
        form_token=uuid.uuid4(),
    )
    EmailDelivery.objects.bulk_create(
        EmailDelivery(message=message, kind=EmailKind.MESSAGE, rsvp=rsvp)
        for rsvp in event.rsvps.all()
    )
    return message


def test_without_the_claim_two_workers_send_every_email_twice(on_postgres, mailoutbox):
    event = EventFactory(capacity=None)
    emails = residents(event, 20)
    message = written_message(event)

    def take_without_claiming(rows, size):
        taken = list(rows.select_related("rsvp__event", "message").order_by("pk")[:size])
        time.sleep(0.3)  # both workers look before either sends
        return taken

    with mock.patch.object(sending, "_claim", take_without_claiming):
        together(lambda _: sending.send_batch(message.deliveries.all(), size=20))

    assert recipients_of(mailoutbox) == sorted(emails * 2)


def test_two_workers_on_one_message_send_each_email_once(on_postgres, mailoutbox):
    event = EventFactory(capacity=None)
    emails = residents(event, 300)
    message = written_message(event)
    sql_seen: list[str] = []

    def worker(_number: int) -> int:
        batches = 0
        with connection.execute_wrapper(recording(sql_seen)):
            while sending.send_batch(message.deliveries.all()):
                batches += 1
        return batches + 1  # the last one found nothing left

    results = together(worker)

    assert all(isinstance(batches, int) for batches in results), results
    assert recipients_of(mailoutbox) == emails
    assert sorted(set(message.deliveries.values_list("status", flat=True))) == ["sent"]
    # Every batch claimed with SKIP LOCKED; 300 emails need at least 6 batches of 50.
    claims = [sql for sql in sql_seen if "FOR UPDATE" in sql and "SKIP LOCKED" in sql]
    assert len(claims) == sum(results)
    assert sum(results) >= 300 // sending.BATCH_SIZE


def test_overlapping_reminder_runs_send_each_reminder_once(on_postgres, mailoutbox):
    starts_at = timezone.now() + datetime.timedelta(hours=3)
    event = EventFactory(
        capacity=None, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )
    emails = residents(event, 60)

    results = together(lambda _: messaging.send_reminders())

    assert sum(results) == 60, results
    assert recipients_of(mailoutbox) == emails
    reminders = EmailDelivery.objects.filter(kind=EmailKind.REMINDER)
    assert reminders.count() == 60
    assert reminders.filter(sent_at__isnull=True).count() == 0


def test_a_double_click_racing_itself_makes_one_message(on_postgres, mailoutbox):
    event = EventFactory(capacity=None)
    emails = residents(event, 10)
    user = UserFactory()
    token = uuid.uuid4()

    def click(_number: int) -> bool:
        _message, created = messaging.create_message(
            event,
            user,
            audience=Audience.CONFIRMED,
            subject="Room change",
            body="Council chambers.",
            form_token=token,
        )
        return created

    results = together(click)

    assert sorted(results) == [False, True]
    message = Message.objects.get()
    assert message.deliveries.count() == 10
    assert recipients_of(mailoutbox) == emails
