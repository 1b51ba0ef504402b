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
from ..models import EmailDelivery, MessageDelivery, Rsvp
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
# "Stop emails" (the link in every reminder and staff message) stops these kinds and staff
# messages. Answers to the resident's own actions, and news of a seat they now hold, still go.
STOPPABLE_KINDS = {EmailKind.REMINDER}


def manage_url(rsvp: Rsvp) -> str:
    return settings.SITE_URL + reverse("events:manage", args=[rsvp.manage_token])


def stop_url(rsvp: Rsvp) -> str:
    return settings.SITE_URL + reverse("events:stop_emails", args=[rsvp.manage_token])


def compose(delivery: EmailDelivery) -> EmailMultiAlternatives:
    """The message, written in the resident's own language whoever triggered it."""
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
            "position": waitlist_position(rsvp),
        }
        subject = str(SUBJECTS[delivery.kind] % {"title": event.title})
        text = render_to_string(f"mail/emails/{delivery.kind}.txt", context)
        html = render_to_string("mail/emails/base.html", context | {"text": text})
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


def compose_message(delivery: MessageDelivery) -> EmailMultiAlternatives:
    """Staff's words as they wrote them, framed in the resident's own language."""
    rsvp, message = delivery.rsvp, delivery.message
    event = localize_event(rsvp.event, rsvp.language)
    with translation.override(rsvp.language):
        context = {
            "rsvp": rsvp,
            "event": event,
            "message": message,
            "manage_url": manage_url(rsvp),
            "stop_url": stop_url(rsvp),
            "event_url": settings.SITE_URL + event.get_absolute_url(),
        }
        text = render_to_string("mail/emails/message.txt", context)
        html = render_to_string("mail/emails/base.html", context | {"text": text})
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[rsvp.email],
        headers={"Auto-Submitted": "auto-generated", "List-Unsubscribe": f"<{stop_url(rsvp)}>"},
    )
    email.attach_alternative(html, "text/html")
    return email
