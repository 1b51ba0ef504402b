"""Emails that are not answers to a resident's own action: staff messages to the people who
RSVPed, and the reminder before the forum. Residents can stop both ("stop emails"). Both go
out through the one outbox (events.mail.sending).
"""

import datetime
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..common import audit
from ..enums import Audience, AuditAction, DeliveryStatus, EmailKind, EventStatus, RsvpStatus
from ..models import Event, Message, Rsvp
from .sending import queue_email, queue_message

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
    """Write the message and one outbox email per recipient; sending starts once committed.

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
        queue_message(message, rsvp_ids)
        audit.record(user, AuditAction.MESSAGE, event=event, count=len(rsvp_ids))
    return message, True


def sent_messages(event: Event):
    """The forum's messages, newest first, each with how its emails stand (one query)."""

    def count(status=None):
        return Count("deliveries", filter=Q(deliveries__status=status) if status else None)

    return event.messages.select_related("sent_by").annotate(
        recipients=count(),
        delivered=count(DeliveryStatus.SENT),
        waiting=count(DeliveryStatus.PENDING),
        failed=count(DeliveryStatus.FAILED),
    )


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
