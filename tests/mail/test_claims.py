"""An email is sent by one sender only, even when cron, a worker and the request overlap."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.enums import EmailKind
from events.mail.sending import send_delivery
from events.models import EmailDelivery

from ..factories import RsvpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery():
    return EmailDelivery.objects.create(
        rsvp=RsvpFactory(email="amina@example.org"), kind=EmailKind.CONFIRMED
    )


def test_a_delivery_being_sent_elsewhere_is_not_sent_again(delivery, mailoutbox):
    EmailDelivery.objects.filter(pk=delivery.pk).update(claimed_at=timezone.now())

    assert send_delivery(delivery.pk) is False
    out = io.StringIO()
    call_command("send_pending_emails", stdout=out)

    assert out.getvalue() == "Sent 0, failed 0.\n"
    assert mailoutbox == []


def test_a_claim_left_by_a_dead_sender_expires(delivery, mailoutbox):
    stale = timezone.now() - timezone.timedelta(minutes=16)
    EmailDelivery.objects.filter(pk=delivery.pk).update(claimed_at=stale)

    assert send_delivery(delivery.pk) is True
    assert len(mailoutbox) == 1


def test_sending_twice_in_a_row_sends_once(delivery, mailoutbox):
    assert (send_delivery(delivery.pk), send_delivery(delivery.pk)) == (True, True)
    assert len(mailoutbox) == 1
