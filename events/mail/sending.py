"""Emails to residents about their RSVP.

A rule in events.rsvps.rules calls queue_email() inside its transaction; the EmailDelivery row is
written with the RSVP, and the sending task is enqueued only once the transaction commits.
Sending records on that row when it went out, or why it failed; `manage.py
send_pending_emails` retries what has not gone out. Nothing here ever logs an address.
"""

import datetime
import logging
import smtplib

from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from ..enums import EmailKind
from ..models import EmailDelivery, Rsvp
from .compose import STOPPABLE_KINDS, compose

logger = logging.getLogger(__name__)

# A sender that died mid-send frees its claim after this long; SMTP gives up long before.
CLAIM_EXPIRES = datetime.timedelta(minutes=15)
# Someone typing a resident's address again and again must not flood their inbox.
MANAGE_LINK_RESEND_AFTER = datetime.timedelta(minutes=10)


def queue_email(rsvp: Rsvp, kind: EmailKind) -> EmailDelivery | None:
    if not rsvp.email:
        return None
    if kind in STOPPABLE_KINDS and rsvp.emails_stopped_at:
        return None
    if (
        kind == EmailKind.MANAGE_LINK
        and rsvp.emails.filter(
            kind=kind, created_at__gte=timezone.now() - MANAGE_LINK_RESEND_AFTER
        ).exists()
    ):
        return None
    delivery = EmailDelivery.objects.create(rsvp=rsvp, kind=kind)
    transaction.on_commit(lambda: send_rsvp_email.enqueue(delivery.pk))
    return delivery


@task
def send_rsvp_email(delivery_id: int) -> None:
    send_delivery(delivery_id)


def send_delivery(delivery_id: int) -> bool:
    """Send one email and record the result. True when it went out (now or before)."""
    now = timezone.now()
    claimed = (
        EmailDelivery.objects.filter(pk=delivery_id, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES))
        .update(claimed_at=now)
    )
    delivery = EmailDelivery.objects.select_related("rsvp__event").get(pk=delivery_id)
    if delivery.sent_at:
        return True
    if not claimed:  # another worker or run is sending it this very moment
        return False
    if not delivery.rsvp.email or _stopped(delivery):  # erased or stopped since it was queued
        delivery.error = "emails stopped" if delivery.rsvp.email else "no address"
        delivery.failed_at = timezone.now()
        delivery.save(update_fields=["error", "failed_at"])
        return False
    delivery.attempts += 1
    try:
        compose(delivery).send()
    except (OSError, smtplib.SMTPException) as error:
        delivery.error = failure_reason(error)
        delivery.failed_at = timezone.now()
        delivery.claimed_at = None  # free for the next retry
        delivery.save(update_fields=["attempts", "error", "failed_at", "claimed_at"])
        logger.warning("Email %s (%s) failed: %s", delivery.pk, delivery.kind, delivery.error)
        return False
    delivery.sent_at = timezone.now()
    delivery.error = ""
    delivery.save(update_fields=["attempts", "sent_at", "error"])
    return True


def failure_reason(error: Exception) -> str:
    """The class and OS reason only: SMTP replies can quote the address."""
    reason = getattr(error, "strerror", None) or getattr(error, "smtp_code", "") or ""
    return f"{type(error).__name__}: {reason}"[:300]


def _stopped(delivery: EmailDelivery) -> bool:
    return delivery.kind in STOPPABLE_KINDS and delivery.rsvp.emails_stopped_at is not None


def pending_deliveries():
    """Emails not yet sent, for events that have not ended, and not being sent right now."""
    now = timezone.now()
    return (
        EmailDelivery.objects.filter(sent_at__isnull=True, rsvp__event__ends_at__gt=now)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES))
        .exclude(rsvp__email="")
        .exclude(kind__in=STOPPABLE_KINDS, rsvp__emails_stopped_at__isnull=False)
    )
