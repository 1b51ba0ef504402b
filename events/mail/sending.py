"""The outbox: every email to a resident goes through here, whoever sets it off (the RSVP
rules, reminders, staff messages).

A rule writes the email's row (EmailDelivery) in its own transaction; sending starts only
once that commits, as a task (during the request, or in `manage.py db_worker`). Before it
sends, a sender claims the row, and a claim left by a sender that died expires, so two
senders never send one email and none is left behind. A failed send is tried again after
RETRY_AFTER, by `manage.py send_pending_emails` (cron), then marked failed. Nothing here
logs or stores an address, or what a mail server answered (it can quote the address).
"""

import datetime
import logging
import smtplib
from collections import Counter

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.tasks import task
from django.utils import timezone

from ..common.addresses import address_key
from ..enums import DeliveryStatus, EmailKind
from ..models import EmailDelivery, EmailOptOut, Event, Message, Rsvp
from . import caps
from .compose import STOPPABLE_KINDS, compose

logger = logging.getLogger(__name__)

# A sender that died mid-send frees its claim after this long; SMTP gives up long before.
CLAIM_EXPIRES = datetime.timedelta(minutes=15)
# After the first failed try, the next tries wait this long; after the last, it has failed.
RETRY_AFTER = [datetime.timedelta(minutes=minutes) for minutes in (1, 5, 15, 60)]
# An email no sender has tried this long after it was written means no worker is running.
STUCK_AFTER = datetime.timedelta(minutes=10)
# A worker sends this many emails of a staff message, then queues the rest as a new task.
BATCH_SIZE = 50


# --- Into the outbox --------------------------------------------------------------------


def queue_email(rsvp: Rsvp, kind: EmailKind, *, by_resident: bool = False) -> EmailDelivery | None:
    """Owe this RSVP an email about itself; it is sent once the caller's transaction commits.

    `by_resident`: set off by someone using the resident's form or link, so it counts toward
    the address's caps (events.mail.caps). An email the caps, or the address's owner ("this
    was not me"), hold back is written all the same, as held back: the request that caused it
    does the same work, and looks the same, whatever the address.
    """
    if not rsvp.email:
        return None
    if kind in STOPPABLE_KINDS and rsvp.emails_stopped_at:
        return None
    held = (
        "not me"
        if _disowned(rsvp)
        else "over the cap"
        if by_resident and not caps.allow(rsvp.email)
        else ""
    )
    delivery = EmailDelivery.objects.create(
        rsvp=rsvp,
        kind=kind,
        status=DeliveryStatus.SUPPRESSED if held else DeliveryStatus.PENDING,
        error=held,
    )
    transaction.on_commit(lambda: send_email.enqueue(delivery.pk))
    return delivery


def _disowned(rsvp: Rsvp) -> bool:
    return EmailOptOut.objects.filter(
        event_id=rsvp.event_id, address_key=address_key(rsvp.email)
    ).exists()


def queue_message(message: Message, rsvp_ids: list[int]) -> None:
    """Owe each of these RSVPs the staff message (once each, whatever happens after)."""
    EmailDelivery.objects.bulk_create(
        [
            EmailDelivery(rsvp_id=rsvp_id, kind=EmailKind.MESSAGE, message=message)
            for rsvp_id in rsvp_ids
        ],
        ignore_conflicts=True,
    )
    transaction.on_commit(lambda: send_message_batch.enqueue(message.pk))


def queue_news(kind: EmailKind, rsvp_ids: list[int]) -> int:
    """Owe each of these RSVPs (one per address) news of its forum; returns how many."""
    rows = EmailDelivery.objects.bulk_create(
        [EmailDelivery(rsvp_id=rsvp_id, kind=kind) for rsvp_id in rsvp_ids]
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: send_news_batch.enqueue(ids))
    return len(ids)


# --- Out of it --------------------------------------------------------------------------


@task
def send_email(delivery_id: int) -> None:
    deliver(delivery_id)


@task
def send_message_batch(message_id: int) -> None:
    """Send one batch of a staff message, then queue the next while any is due: a worker is
    never held for a whole mailing, and a second worker can share the work."""
    rows = EmailDelivery.objects.filter(message_id=message_id)
    send_batch(rows)
    if _due(rows).exists():
        send_message_batch.enqueue(message_id)


@task
def send_news_batch(delivery_ids: list[int]) -> None:
    """The same, for news of a forum (moved or cancelled) to each of its addresses."""
    rows = EmailDelivery.objects.filter(pk__in=delivery_ids)
    send_batch(rows)
    if _due(rows).exists():
        send_news_batch.enqueue(delivery_ids)


def deliver(delivery_id: int) -> bool:
    """Send this one email if it is due and nobody else is sending it. True if it went out
    (now or before)."""
    claimed = _claim(EmailDelivery.objects.filter(pk=delivery_id), 1)
    if claimed:
        return _send(claimed[0]) == DeliveryStatus.SENT
    return EmailDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENT).exists()


def send_batch(rows: QuerySet | None = None, size: int = BATCH_SIZE) -> list[str]:
    """Claim and send up to `size` of the emails among `rows` (all, by default) that are due
    now. The status each ends in: "pending" means it failed and waits for its retry."""
    rows = EmailDelivery.objects.all() if rows is None else rows
    return [_send(delivery) for delivery in _claim(rows, size)]


def send_pending() -> Counter:
    """What cron runs: every email that is due, retries included, batch by batch, until none
    is. Emails about forums that are over are not sent any more. Counts the outcomes."""
    EmailDelivery.objects.filter(
        status=DeliveryStatus.PENDING, rsvp__event__ends_at__lte=timezone.now()
    ).update(status=DeliveryStatus.SKIPPED, error="forum over", claimed_at=None)
    outcomes = Counter()
    # Each try either ends an email's wait or sets its next try later: the loop ends.
    while batch := send_batch():
        outcomes.update(batch)
    return outcomes


def outbox_counts(event: Event) -> dict[str, int]:
    """How many of the forum's emails are waiting to go out, how many failed for good, and
    how many have waited over STUCK_AFTER without a first try (is the worker running?)."""
    never_tried = Q(status=DeliveryStatus.PENDING, attempts=0)
    return EmailDelivery.objects.filter(rsvp__event=event).aggregate(
        pending=Count("pk", filter=Q(status=DeliveryStatus.PENDING)),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        stuck=Count("pk", filter=never_tried & Q(created_at__lt=timezone.now() - STUCK_AFTER)),
    )


def failure_reason(error: Exception) -> str:
    """The class and OS reason only: SMTP replies can quote the address."""
    reason = getattr(error, "strerror", None) or getattr(error, "smtp_code", "") or ""
    return f"{type(error).__name__}: {reason}"[:300]


# --- Internals --------------------------------------------------------------------------


def _due(rows: QuerySet) -> QuerySet:
    """Rows waiting to be sent, whose retry time has come, that nobody is sending now."""
    now = timezone.now()
    return rows.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES),
        status=DeliveryStatus.PENDING,
    )


def _claim(rows: QuerySet, size: int) -> list[EmailDelivery]:
    """Take up to `size` due rows for this sender alone. On PostgreSQL the rows stay locked
    until the claim is written, and another sender skips them (taking the next ones instead
    of waiting); on SQLite the IMMEDIATE transaction lets one sender in at a time."""
    with transaction.atomic():
        ids = list(
            _due(rows)
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        EmailDelivery.objects.filter(pk__in=ids).update(claimed_at=timezone.now())
    claimed = EmailDelivery.objects.select_related("rsvp__event", "message").filter(pk__in=ids)
    return list(claimed.order_by("pk"))


def _send(delivery: EmailDelivery) -> str:
    """Send a claimed email and record how it went; returns the status it is left in."""
    if reason := _not_to_send(delivery):
        return _record(delivery, status=DeliveryStatus.SKIPPED, error=reason)
    delivery.attempts += 1
    try:
        compose(delivery).send()
    except (OSError, smtplib.SMTPException) as error:
        reason = failure_reason(error)
        logger.warning("Email %s (%s) failed, try %s: %s", delivery.pk, delivery.kind,
                       delivery.attempts, reason)  # fmt: skip
        if delivery.attempts > len(RETRY_AFTER):
            return _record(delivery, status=DeliveryStatus.FAILED, error=reason)
        retry_at = timezone.now() + RETRY_AFTER[delivery.attempts - 1]
        return _record(delivery, error=reason, next_attempt_at=retry_at)
    return _record(delivery, status=DeliveryStatus.SENT, sent_at=timezone.now(), error="")


def _not_to_send(delivery: EmailDelivery) -> str:
    """Why an email is not to be sent after all (erased, or emails stopped since it was
    written), or "" when it is."""
    rsvp = delivery.rsvp
    if not rsvp.email:
        return "no address"
    if delivery.kind in STOPPABLE_KINDS and rsvp.emails_stopped_at:
        return "emails stopped"
    return ""


def _record(delivery: EmailDelivery, **changes) -> str:
    """Save how a try went and free the claim; returns the email's status."""
    for name, value in changes.items():
        setattr(delivery, name, value)
    delivery.claimed_at = None
    delivery.save(update_fields=[*changes, "attempts", "claimed_at"])
    return delivery.status
