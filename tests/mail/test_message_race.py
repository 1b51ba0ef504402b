"""Two workers sending the same message, two cron runs sending reminders at once, and a double
click racing itself, on a real PostgreSQL server.

The first test shows the race is real: with the claim taken out, two workers both send every
email. The others show the claims stop it: every resident gets each email exactly once.
"""

import datetime
import threading
import time
import uuid
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from events.enums import Audience, EmailKind, RsvpStatus
from events.mail import messaging
from events.models import EmailDelivery, Event, Message, MessageDelivery

from ..factories import EventFactory, RsvpFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 2


def run_together(work, workers: int = WORKERS) -> list:
    """Start `workers` threads at the same moment; return what each returned (or raised)."""
    barrier = threading.Barrier(workers)
    results = []

    def worker(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(work(number))
        except Exception as error:  # every outcome is checked by the caller
            results.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def residents(event: Event, count: int, status=RsvpStatus.CONFIRMED) -> list[str]:
    emails = [f"resident{number:03d}@example.org" for number in range(count)]
    for email in emails:
        RsvpFactory(event=event, email=email, status=status)
    return emails


def written_message(event: Event) -> Message:
    """A message with its deliveries, not yet sent (as a worker finds it in the queue)."""
    message = Message.objects.create(
        event=event,
        audience=Audience.CONFIRMED,
        subject="Room change",
        body="Council chambers.",
        form_token=uuid.uuid4(),
    )
    MessageDelivery.objects.bulk_create(
        MessageDelivery(message=message, rsvp=rsvp) for rsvp in event.rsvps.all()
    )
    return message


def recipients_of(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def test_without_the_claim_two_workers_send_every_email_twice(on_postgres, mailoutbox):
    event = EventFactory(capacity=None)
    emails = residents(event, 20)
    message = written_message(event)

    def take_without_claiming(message_id, size):
        ids = list(
            MessageDelivery.objects.filter(message_id=message_id, claimed_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        time.sleep(0.3)  # both workers look before either sends
        return ids

    with mock.patch.object(messaging, "_claim", take_without_claiming):
        results = run_together(lambda _: messaging.send_batch(message.pk, size=20))

    assert results == [True, True]  # nothing was ever claimed, so "more left" forever
    assert recipients_of(mailoutbox) == sorted(emails * 2)


def test_two_workers_on_one_message_send_each_email_once(on_postgres, mailoutbox):
    event = EventFactory(capacity=None)
    emails = residents(event, 300)
    message = written_message(event)
    sql_seen: list[str] = []

    def record(execute, sql, params, many, context):
        sql_seen.append(sql)
        return execute(sql, params, many, context)

    def worker(_number: int) -> int:
        batches = 0
        with connection.execute_wrapper(record):
            while True:
                batches += 1
                if not messaging.send_batch(message.pk):
                    return batches

    results = run_together(worker)

    assert all(isinstance(batches, int) for batches in results), results
    assert recipients_of(mailoutbox) == emails
    message.refresh_from_db()
    assert (message.sent_count, message.failed_count) == (300, 0)
    assert message.deliveries.filter(sent_at__isnull=True).count() == 0
    # Every batch claimed with SKIP LOCKED; 300 emails need at least 6 batches of 50.
    claims = [sql for sql in sql_seen if "FOR UPDATE SKIP LOCKED" in sql]
    assert len(claims) == sum(results)
    assert sum(results) >= 300 // messaging.BATCH_SIZE


def test_overlapping_reminder_runs_send_each_reminder_once(on_postgres, mailoutbox):
    starts_at = timezone.now() + datetime.timedelta(hours=3)
    event = EventFactory(
        capacity=None, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )
    emails = residents(event, 60)

    results = run_together(lambda _: messaging.send_reminders())

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

    results = run_together(click)

    assert sorted(results) == [False, True]
    message = Message.objects.get()
    assert message.deliveries.count() == 10
    assert recipients_of(mailoutbox) == emails
