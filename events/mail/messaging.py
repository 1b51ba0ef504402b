"""Emails that are not answers to a resident's own action: staff messages to the people who
RSVPed, and the reminder before the forum. Residents can stop both ("stop emails"). Both go
out through the one outbox (events.mail.sending), once per address: an address with two
RSVPs gets one email that names both.
"""

import datetime
import uuid
from itertools import groupby

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from ..common import audit
from ..enums import Audience, AuditAction, DeliveryStatus, EmailKind, EventStatus
from ..models import Event, Message, Rsvp
from .sending import queue_email, queue_message

# --- Messages from staff ------------------------------------------------------------------


def recipients(event: Event, audience: Audience):
    """The RSVPs an audience reaches: they may be emailed, and have one of its statuses."""
    return event.rsvps.reachable().filter(status__in=Audience(audience).statuses)


def one_per_address(rsvps) -> list[int]:
    """The first RSVP of each address among these, to carry that address's one email."""
    firsts = rsvps.order_by().values("email").annotate(first=Min("pk")).values_list("first")
    return sorted(first for (first,) in firsts)


def recipient_counts(event: Event) -> dict[str, int]:
    """How many addresses each audience would reach, in one query."""
    counts = event.rsvps.reachable().aggregate(
        **{
            audience.value: Count("email", distinct=True, filter=Q(status__in=audience.statuses))
            for audience in Audience
        }
    )
    return {Audience(audience): count for audience, count in counts.items()}


def sent_from_form(form_token: uuid.UUID) -> Message | None:
    """The message a form (by its one-time token) has already made, if any."""
    return Message.objects.filter(form_token=form_token).first()


def create_message(
    event: Event, user, *, audience: Audience, subject: str, body: str, form_token: uuid.UUID
) -> tuple[Message, bool]:
    """Write the message and one outbox email per recipient; sending starts once committed.

    Like get_or_create: (message, True), or (the message this form already made, False) when
    the same form comes back (a double click, a reload), which sends nothing more.
    """
    with transaction.atomic():
        if sent := sent_from_form(form_token):
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
        rsvp_ids = one_per_address(recipients(event, audience))
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
    """No more reminders or staff messages to this RSVP's address about its forum (every RSVP
    made with it). True if this call stopped any."""
    now = timezone.now()
    same_address = (
        Rsvp.objects.filter(event_id=rsvp.event_id, email=rsvp.email)
        if rsvp.email
        else Rsvp.objects.filter(pk=rsvp.pk)
    )
    stopped = same_address.filter(emails_stopped_at__isnull=True).update(
        emails_stopped_at=now, updated_at=now
    )
    rsvp.refresh_from_db(fields=["emails_stopped_at"])
    return bool(stopped)


# --- Reminders ----------------------------------------------------------------------------


def due_reminders(now: datetime.datetime | None = None):
    """People with a seat and an email, for published forums that start within
    settings.REMINDER_BEFORE and have not started, who have had no reminder yet."""
    now = now or timezone.now()
    return (
        Rsvp.objects.confirmed()
        .reachable()
        .filter(
            reminder_sent_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + settings.REMINDER_BEFORE,
        )
    )


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Queue every reminder that is due, one per address and forum; returns how many. Safe
    to run every few minutes."""
    now = now or timezone.now()
    queued = 0
    due = due_reminders(now).order_by("event_id", "email", "pk")
    for _forum_and_address, group in groupby(due, key=lambda rsvp: (rsvp.event_id, rsvp.email)):
        group = list(group)
        with transaction.atomic():
            # Only a plain UPDATE of the rows themselves, with no join, makes PostgreSQL
            # re-check reminder_sent_at after waiting for an overlapping run: then this one
            # claims none.
            claimed = (
                Rsvp.objects.reachable()
                .filter(pk__in=[rsvp.pk for rsvp in group], reminder_sent_at__isnull=True)
                .update(reminder_sent_at=now)
            )
            if claimed and queue_email(group[0], EmailKind.REMINDER):
                queued += 1
    return queued
