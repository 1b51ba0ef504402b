"""What residents are emailed: each email written in the resident's own language, whoever
set it off. Composing sends nothing; events.mail.sending does."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..cockpit import checkin
from ..common.translations import localize_event
from ..enums import EmailKind
from ..forums import calendar
from ..models import EmailDelivery, Rsvp
from ..rsvps.seats import waitlist_position

SUBJECTS = {
    EmailKind.CONFIRMED: _("You have a seat: %(title)s"),
    EmailKind.WAITLISTED: _("You are on the waitlist: %(title)s"),
    EmailKind.PROMOTED: _("A seat opened up for you: %(title)s"),
    EmailKind.CHANGED: _("Your RSVP was updated: %(title)s"),
    EmailKind.CANCELLED: _("Your RSVP was cancelled: %(title)s"),
    EmailKind.MANAGE_LINK: _("Your RSVP link: %(title)s"),
    EmailKind.REMINDER: _("Reminder: %(title)s"),
}
# "Stop emails" (the link in every reminder and staff message) stops these. Answers to the
# resident's own actions, and news of a seat they now hold, still go.
STOPPABLE_KINDS = {EmailKind.REMINDER, EmailKind.MESSAGE}


def manage_url(rsvp: Rsvp) -> str:
    return settings.SITE_URL + reverse("events:manage", args=[rsvp.manage_token])


def stop_url(rsvp: Rsvp) -> str:
    return settings.SITE_URL + reverse("events:stop_emails", args=[rsvp.manage_token])


def compose(delivery: EmailDelivery) -> EmailMultiAlternatives:
    """The email an outbox row owes, in the resident's own language whoever set it off. Staff
    messages carry staff's words as they wrote them, framed in that language."""
    rsvp = delivery.rsvp
    # The forum's own texts too: its title in the resident's language when staff translated it.
    event = localize_event(rsvp.event, rsvp.language)
    with translation.override(rsvp.language):
        context = {
            "rsvp": rsvp,
            "event": event,
            "kind": delivery.kind,
            "message": delivery.message,
            "manage_url": manage_url(rsvp),
            "stop_url": stop_url(rsvp),
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "position": waitlist_position(rsvp),
        }
        subject = (
            delivery.message.subject
            if delivery.message
            else str(SUBJECTS[delivery.kind] % {"title": event.title})
        )
        text = render_to_string(f"mail/emails/{delivery.kind}.txt", context)
        html = render_to_string("mail/emails/base.html", context | {"text": text})
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[rsvp.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    if delivery.kind in STOPPABLE_KINDS:
        email.extra_headers["List-Unsubscribe"] = f"<{stop_url(rsvp)}>"
    email.attach_alternative(html, "text/html")
    for attachment in _attachments(delivery):
        email.attach(*attachment)
    return email


def _attachments(delivery: EmailDelivery) -> list[tuple[str, bytes, str]]:
    rsvp = delivery.rsvp
    if delivery.kind in {EmailKind.CONFIRMED, EmailKind.PROMOTED}:
        # Volunteers at the door scan the code to open this RSVP's check-in page (staff only).
        return [
            ("forum.ics", calendar.event_ics(rsvp.event), "text/calendar"),
            ("checkin-qr.png", checkin.qr_png(checkin.checkin_url(rsvp)), "image/png"),
        ]
    if delivery.kind == EmailKind.CANCELLED:
        return [("forum.ics", calendar.event_ics(rsvp.event, cancel=True), "text/calendar")]
    return []
