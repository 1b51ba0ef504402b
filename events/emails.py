"""Emails to residents about their RSVP.

A rule in events.rsvps calls queue_email() inside its transaction; the EmailDelivery row is
written with the RSVP, and the sending task is enqueued only once the transaction commits.
Sending records on that row when it went out, or why it failed; `manage.py
send_pending_emails` retries what has not gone out. Nothing here ever logs an address.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import calendar, checkin
from .enums import EmailKind
from .models import EmailDelivery, Rsvp
from .translations import localize_event

logger = logging.getLogger(__name__)

SUBJECTS = {
    EmailKind.CONFIRMED: _("You have a seat: %(title)s"),
    EmailKind.WAITLISTED: _("You are on the waitlist: %(title)s"),
    EmailKind.PROMOTED: _("A seat opened up for you: %(title)s"),
    EmailKind.CHANGED: _("Your RSVP was updated: %(title)s"),
    EmailKind.CANCELLED: _("Your RSVP was cancelled: %(title)s"),
    EmailKind.MANAGE_LINK: _("Your RSVP link: %(title)s"),
    EmailKind.REMINDER: _("Reminder: %(title)s"),
}
# "Stop emails" (the link in every reminder and staff message) stops these kinds and staff
# messages. Answers to the resident's own actions, and news of a seat they now hold, still go.
STOPPABLE_KINDS = {EmailKind.REMINDER}
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
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def _enqueue(delivery_id: int) -> None:
    from .tasks import send_rsvp_email

    send_rsvp_email.enqueue(delivery_id)


def manage_url(rsvp: Rsvp) -> str:
    return settings.SITE_URL + reverse("events:manage", args=[rsvp.manage_token])


def stop_url(rsvp: Rsvp) -> str:
    return settings.SITE_URL + reverse("events:stop_emails", args=[rsvp.manage_token])


def compose(delivery: EmailDelivery) -> EmailMultiAlternatives:
    """The message, written in the resident's own language whoever triggered it."""
    from . import rsvps

    rsvp = delivery.rsvp
    # The forum's own texts too: the title in the subject and body in the resident's language
    # when staff translated it.
    event = localize_event(rsvp.event, rsvp.language)
    with translation.override(rsvp.language):
        context = {
            "rsvp": rsvp,
            "event": event,
            "kind": delivery.kind,
            "manage_url": manage_url(rsvp),
            "stop_url": stop_url(rsvp),
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "position": rsvps.waitlist_position(rsvp),
        }
        subject = str(SUBJECTS[delivery.kind] % {"title": event.title})
        text = render_to_string(f"emails/{delivery.kind}.txt", context)
        html = render_to_string("emails/base.html", context | {"text": text})
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[rsvp.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    if delivery.kind in STOPPABLE_KINDS:
        message.extra_headers["List-Unsubscribe"] = f"<{stop_url(rsvp)}>"
    message.attach_alternative(html, "text/html")
    if delivery.kind in {EmailKind.CONFIRMED, EmailKind.PROMOTED}:
        message.attach("forum.ics", calendar.event_ics(rsvp.event), "text/calendar")
        # Volunteers at the door scan it to open this RSVP's check-in page (staff only).
        qr = checkin.qr_png(checkin.checkin_url(rsvp))
        message.attach("checkin-qr.png", qr, "image/png")
    elif delivery.kind == EmailKind.CANCELLED:
        message.attach("forum.ics", calendar.event_ics(rsvp.event, cancel=True), "text/calendar")
    return message


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
