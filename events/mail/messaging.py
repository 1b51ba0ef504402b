"""Emails that are not answers to a resident's own action: staff messages to the people who
RSVPed, and the reminder before the forum. Residents can stop both ("stop emails").

Every send is claimed before it is made, by an UPDATE that only changes a row nobody claimed
yet, so two workers (or two overlapping cron runs) never send the same email twice.
"""

import datetime
import logging
import smtplib
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.tasks import task
from django.utils import timezone

from ..common import audit
from ..enums import Audience, AuditAction, EmailKind, EventStatus, RsvpStatus
from ..models import Event, Message, MessageDelivery, Rsvp
from .compose import compose_message
from .sending import failure_reason, queue_email

logger = logging.getLogger(__name__)

BATCH_SIZE = 50
AUDIENCE_STATUSES = {
    Audience.CONFIRMED: [RsvpStatus.CONFIRMED],
    Audience.WAITLISTED: [RsvpStatus.WAITLISTED],
    Audience.EVERYONE: [RsvpStatus.CONFIRMED, RsvpStatus.WAITLISTED],
}
# An RSVP that may still be emailed at all: it has an address and asked for no stop.
REACHABLE = Q(emails_stopped_at__isnull=True, erased_at__isnull=True) & ~Q(email="")


# --- Messages from staff ------------------------------------------------------------------


def recipients(event: Event, audience: Audience):
    return event.rsvps.filter(REACHABLE, status__in=AUDIENCE_STATUSES[Audience(audience)])


def recipient_counts(event: Event) -> dict[str, int]:
    """How many people each audience would reach, in one query."""
    counts = event.rsvps.filter(REACHABLE).aggregate(
        **{
            audience.value: Count("pk", filter=Q(status__in=statuses))
            for audience, statuses in AUDIENCE_STATUSES.items()
        }
    )
    return {Audience(audience): count for audience, count in counts.items()}


def create_message(
    event: Event, user, *, audience: Audience, subject: str, body: str, form_token: uuid.UUID
) -> tuple[Message, bool]:
    """Write the message and one delivery per recipient, and start sending once committed.

    Like get_or_create: (message, True), or (the message this form already made, False) when
    the same form comes back (a double click, a reload), which sends nothing more.
    """
    with transaction.atomic():
        if sent := Message.objects.filter(form_token=form_token).first():
            return sent, False
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    event=event,
                    audience=audience,
                    subject=subject,
                    body=body,
                    form_token=form_token,
                    sent_by=user,
                )
        except IntegrityError:  # the other click won the race
            return Message.objects.get(form_token=form_token), False
        rsvp_ids = list(recipients(event, audience).values_list("pk", flat=True))
        MessageDelivery.objects.bulk_create(
            [MessageDelivery(message=message, rsvp_id=rsvp_id) for rsvp_id in rsvp_ids],
            ignore_conflicts=True,
        )
        audit.record(user, AuditAction.MESSAGE, event=event, count=len(rsvp_ids))
        transaction.on_commit(lambda: send_message_batch.enqueue(message.pk))
    return message, True


@task
def send_message_batch(message_id: int) -> None:
    """Send one batch of a staff message, then queue the next batch while any is left: a
    worker is never held for a whole mailing, and a second worker can share the work."""
    if send_batch(message_id):
        send_message_batch.enqueue(message_id)


def send_batch(message_id: int, size: int = BATCH_SIZE) -> bool:
    """Claim up to `size` unsent deliveries of the message and send them. True while
    deliveries are left for the next batch."""
    deliveries = MessageDelivery.objects.select_related("message", "rsvp__event").filter(
        pk__in=_claim(message_id, size)
    )
    sent = failed = 0
    for delivery in deliveries.order_by("pk"):
        if _deliver(delivery):
            sent += 1
        else:
            failed += 1
    if sent or failed:
        Message.objects.filter(pk=message_id).update(
            sent_count=F("sent_count") + sent, failed_count=F("failed_count") + failed
        )
    return MessageDelivery.objects.filter(message_id=message_id, claimed_at__isnull=True).exists()


def _claim(message_id: int, size: int) -> list[int]:
    """Take up to `size` deliveries for this worker alone. On PostgreSQL the rows are locked
    while they are claimed and another worker skips them (taking the next ones instead of
    waiting); SQLite lets one writer in at a time. The UPDATE only takes rows still unclaimed."""
    with transaction.atomic():
        ids = list(
            MessageDelivery.objects.select_for_update(skip_locked=True)
            .filter(message_id=message_id, claimed_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        MessageDelivery.objects.filter(pk__in=ids, claimed_at__isnull=True).update(
            claimed_at=timezone.now()
        )
    return ids


def _deliver(delivery: MessageDelivery) -> bool:
    rsvp = delivery.rsvp
    if not rsvp.email or rsvp.emails_stopped_at:  # erased or stopped since it was written
        return _failed(delivery, "emails stopped" if rsvp.email else "no address")
    try:
        compose_message(delivery).send()
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("Message delivery %s failed: %s", delivery.pk, failure_reason(error))
        return _failed(delivery, failure_reason(error))
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["sent_at"])
    return True


def _failed(delivery: MessageDelivery, error: str) -> bool:
    delivery.error = error
    delivery.failed_at = timezone.now()
    delivery.save(update_fields=["error", "failed_at"])
    return False


# --- Stopping emails ----------------------------------------------------------------------


def stop_emails(rsvp: Rsvp) -> bool:
    """No more reminders or staff messages for this RSVP. True if this call stopped them."""
    now = timezone.now()
    stopped = Rsvp.objects.filter(pk=rsvp.pk, emails_stopped_at__isnull=True).update(
        emails_stopped_at=now, updated_at=now
    )
    rsvp.refresh_from_db(fields=["emails_stopped_at"])
    return bool(stopped)


# --- Reminders ----------------------------------------------------------------------------


def due_reminders(now: datetime.datetime | None = None):
    """People with a seat and an email, for published forums that start within
    settings.REMINDER_BEFORE and have not started, who have had no reminder yet."""
    now = now or timezone.now()
    return Rsvp.objects.confirmed().filter(
        REACHABLE,
        reminder_sent_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + settings.REMINDER_BEFORE,
    )


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Queue every reminder that is due; returns how many. Safe to run every few minutes."""
    now = now or timezone.now()
    queued = 0
    for rsvp in due_reminders(now).order_by("pk"):
        with transaction.atomic():
            # Only a plain UPDATE of the row itself, with no join, makes PostgreSQL re-check
            # reminder_sent_at after waiting for an overlapping run: then this one claims none.
            claimed = Rsvp.objects.filter(
                REACHABLE, pk=rsvp.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed and queue_email(rsvp, EmailKind.REMINDER):
                queued += 1
    return queued
