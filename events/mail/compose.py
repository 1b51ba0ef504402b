"""What residents are emailed: each email written in the resident's own language, whoever
set it off. Composing sends nothing; events.mail.sending does.

Anyone can type anyone's address into the RSVP form, so an email must never carry what a
stranger typed (no name, no note), and its subject says nothing about the forum: only the
site's name. Every email says how to disown an RSVP the address's owner did not make.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..cockpit import checkin
from ..common.translations import LocalizedEvent, localize_event
from ..enums import Audience, EmailKind, RsvpStatus
from ..forums import calendar
from ..models import EmailDelivery, Rsvp
from ..rsvps.seats import waitlist_position

SUBJECT = _("Your RSVP with %(site)s")
# "Stop emails" (the link in every reminder and staff message) stops these. Answers to the
# resident's own actions, and news of a seat they now hold, still go.
STOPPABLE_KINDS = {EmailKind.REMINDER, EmailKind.MESSAGE}
# These go once per address and name each of its RSVPs; the others are about one RSVP.
PER_ADDRESS_KINDS = {
    EmailKind.REMINDER,
    EmailKind.MESSAGE,
    EmailKind.MANAGE_LINK,
    EmailKind.FORUM_CHANGED,
    EmailKind.FORUM_CANCELLED,
}
# News of the forum itself: each of the address's RSVPs with a seat gets its calendar entry
# updated (or removed).
FORUM_NEWS_KINDS = {EmailKind.FORUM_CHANGED, EmailKind.FORUM_CANCELLED}


def manage_url(rsvp: Rsvp) -> str:
    return settings.SITE_URL + reverse("events:open_link", args=[rsvp.manage_token])


def stop_url(rsvp: Rsvp) -> str:
    return settings.SITE_URL + reverse("events:stop_emails", args=[rsvp.manage_token])


def not_me_url(rsvp: Rsvp) -> str:
    return settings.SITE_URL + reverse("events:not_me", args=[rsvp.manage_token])


def rsvps_of(delivery: EmailDelivery) -> list[Rsvp]:
    """The RSVPs an email is about: its own, or for a per-address email every RSVP of the
    forum made with that address that the email is for."""
    rsvp = delivery.rsvp
    if delivery.kind not in PER_ADDRESS_KINDS:
        return [rsvp]
    same_address = rsvp.event.rsvps.filter(email=rsvp.email)
    if delivery.kind == EmailKind.MESSAGE:
        audience = Audience(delivery.message.audience)
        same_address = same_address.reachable().filter(status__in=audience.statuses)
    elif delivery.kind == EmailKind.REMINDER:
        same_address = same_address.reachable().confirmed()
    else:
        same_address = same_address.active().filter(erased_at__isnull=True)
    return list(same_address.order_by("created_at", "pk")) or [rsvp]


def compose(delivery: EmailDelivery) -> EmailMultiAlternatives:
    """The email an outbox row owes, in the resident's own language whoever set it off. Staff
    messages carry staff's words as they wrote them, framed in that language."""
    rsvp = delivery.rsvp
    # The forum's own texts too: its title in the resident's language when staff translated it.
    event = localize_event(rsvp.event, rsvp.language)
    about = rsvps_of(delivery)
    attachments = _attachments(delivery, event, about)
    with translation.override(rsvp.language):
        subject = str(SUBJECT % {"site": settings.SITE_NAME})
        context = _context(delivery, event, about, attachments) | {"subject": subject}
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
        # RFC 8058: mail programs may stop them with one POST to that address.
        email.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.attach_alternative(html, "text/html")
    for attachment in attachments:
        email.attach(*attachment)
    return email


def _context(delivery: EmailDelivery, event, about: list[Rsvp], attachments) -> dict:
    rsvp = delivery.rsvp
    return {
        "event": event,
        "kind": delivery.kind,
        "message": delivery.message,
        # The RSVP the email is about; per-address emails list them all in `rsvps`.
        "rsvp": rsvp,
        "position": waitlist_position(rsvp),
        "manage_url": manage_url(rsvp),
        "rsvps": [(one, manage_url(one), waitlist_position(one)) for one in about],
        "stop_url": stop_url(rsvp),
        "not_me_url": not_me_url(rsvp),
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "attached": [name for name, _content, _type in attachments],
    }


def _attachments(
    delivery: EmailDelivery, event: LocalizedEvent, about: list[Rsvp]
) -> list[tuple[str, bytes, str]]:
    """The files an email carries; calendar files in the resident's language (`event`)."""
    rsvp = delivery.rsvp
    if delivery.kind in {EmailKind.CONFIRMED, EmailKind.PROMOTED}:
        # A volunteer at the door scans the code (the email says so); it opens a public page
        # that shows only the code, and the RSVP's check-in to staff who are signed in.
        return [
            (
                "forum.ics",
                calendar.event_ics(event, uids=[rsvp.calendar_uid]),
                "text/calendar",
            ),
            ("checkin-qr.png", checkin.qr_png(checkin.door_url(rsvp)), "image/png"),
        ]
    if delivery.kind == EmailKind.CANCELLED:
        cancelling = calendar.event_ics(event, cancel=True, uids=[rsvp.calendar_uid])
        return [("forum.ics", cancelling, "text/calendar")]
    seated = [one.calendar_uid for one in about if one.status == RsvpStatus.CONFIRMED]
    if delivery.kind in FORUM_NEWS_KINDS and seated:
        return [("forum.ics", calendar.event_ics(event, uids=seated), "text/calendar")]
    return []
