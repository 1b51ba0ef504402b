"""The one outbox: every email is sent by one sender only (cron, a worker and the request may
overlap), a failed one is tried again with backoff until it fails for good, and staff can
see what is waiting and what failed."""

import io
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.enums import DeliveryStatus, EmailKind
from events.mail.sending import RETRY_AFTER, deliver, outbox_counts
from events.models import EmailDelivery, Event

from ..factories import RsvpFactory
from .conftest import minutes_pass

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery():
    return EmailDelivery.objects.create(
        rsvp=RsvpFactory(email="amina@example.org"), kind=EmailKind.CONFIRMED
    )


def send_pending() -> str:
    out = io.StringIO()
    call_command("send_pending_emails", stdout=out)
    return out.getvalue()


def stands(delivery) -> tuple:
    delivery.refresh_from_db()
    return delivery.status, delivery.attempts, delivery.error


def test_an_email_being_sent_elsewhere_is_not_sent_again(delivery, mailoutbox):
    EmailDelivery.objects.filter(pk=delivery.pk).update(claimed_at=timezone.now())

    assert deliver(delivery.pk) is False
    assert send_pending() == "Sent 0, failed 0.\n"
    assert mailoutbox == []


def test_a_claim_left_by_a_dead_sender_expires(delivery, mailoutbox):
    stale = timezone.now() - timezone.timedelta(minutes=16)
    EmailDelivery.objects.filter(pk=delivery.pk).update(claimed_at=stale)

    assert deliver(delivery.pk) is True
    assert len(mailoutbox) == 1


def test_sending_twice_in_a_row_sends_once(delivery, mailoutbox):
    assert (deliver(delivery.pk), deliver(delivery.pk)) == (True, True)
    assert len(mailoutbox) == 1
    assert stands(delivery) == (DeliveryStatus.SENT, 1, "")


def test_a_failed_email_is_tried_again_after_1_5_15_and_60_minutes_then_fails(
    delivery, mail_server, caplog
):
    waits = []
    with caplog.at_level(logging.WARNING, logger="events.mail.sending"):
        assert deliver(delivery.pk) is False
        for minutes in [1, 5, 15, 60]:
            minutes_pass(minutes - 1)
            waits.append(send_pending())  # a minute early: not yet
            minutes_pass(1)
            waits.append(send_pending())

    assert [timedelta.total_seconds() / 60 for timedelta in RETRY_AFTER] == [1, 5, 15, 60]
    assert waits == ["Sent 0, failed 0.\n", "Sent 0, failed 1.\n"] * 4
    assert stands(delivery) == (
        DeliveryStatus.FAILED,
        5,
        "ConnectionRefusedError: Connection refused",
    )
    # The log says which email and why, never to whom.
    assert caplog.messages[-1] == (
        f"Email {delivery.pk} (confirmed) failed, try 5: ConnectionRefusedError: Connection refused"
    )
    assert "amina" not in " ".join(caplog.messages)
    minutes_pass(24 * 60)
    assert send_pending() == "Sent 0, failed 0.\n"


def test_a_failed_email_goes_out_once_the_server_is_back(delivery, mail_server):
    deliver(delivery.pk)
    mail_server.up()
    minutes_pass(1)

    assert (send_pending(), send_pending()) == ("Sent 1, failed 0.\n", "Sent 0, failed 0.\n")
    assert mail_server.recipients() == ["amina@example.org"]
    assert stands(delivery) == (DeliveryStatus.SENT, 2, "")


def test_emails_about_a_forum_that_is_over_are_not_sent_any_more(delivery, mail_server):
    deliver(delivery.pk)
    Event.objects.update(
        starts_at=timezone.now() - timezone.timedelta(hours=3),
        ends_at=timezone.now() - timezone.timedelta(hours=1),
    )
    mail_server.up()
    minutes_pass(1)

    assert send_pending() == "Sent 0, failed 0.\n"
    assert stands(delivery) == (DeliveryStatus.SKIPPED, 1, "forum over")
    assert mail_server.received == []


def test_staff_see_how_many_emails_wait_and_how_many_failed(delivery, mail_server):
    forum = delivery.rsvp.event
    failed = EmailDelivery.objects.create(rsvp=delivery.rsvp, kind=EmailKind.CHANGED)
    EmailDelivery.objects.filter(pk=failed.pk).update(status=DeliveryStatus.FAILED)
    EmailDelivery.objects.create(rsvp=delivery.rsvp, kind=EmailKind.CANCELLED)
    EmailDelivery.objects.create(rsvp=RsvpFactory(email="x@example.org"), kind=EmailKind.CHANGED)

    assert outbox_counts(forum) == {"pending": 2, "failed": 1, "stuck": 0}
