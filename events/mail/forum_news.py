"""When staff move a forum (its time or place) or cancel it, the people who RSVPed are told:
one email per address, in the resident's language, with a calendar file that updates (or
removes) the entry their confirmation added.

Staff decide each time (a typo fixed in the venue's name need not reach 300 inboxes), so the
admin asks first with `residents_told_count`. These emails are news of the forum, not of an
RSVP someone typed: they go even to an address whose owner stopped reminders, and never
count toward an address's caps.
"""

from django.db import transaction
from django.utils import timezone

from ..common import audit
from ..enums import AuditAction, EmailKind, EventStatus
from ..models import Event
from .messaging import one_per_address
from .sending import queue_news

# What makes a published forum "moved" for the people coming.
WHERE_AND_WHEN = ("starts_at", "ends_at", "venue_name", "venue_address")


def news_for(stored: Event, changed: Event) -> EmailKind | None:
    """The email a change to a forum owes its residents, if any: the forum was cancelled, or
    (published) it moved or is back on after a cancellation."""
    if changed.status == EventStatus.CANCELLED:
        return EmailKind.FORUM_CANCELLED if stored.status != EventStatus.CANCELLED else None
    if changed.status != EventStatus.PUBLISHED:
        return None
    came_back = stored.status == EventStatus.CANCELLED
    moved = any(getattr(stored, name) != getattr(changed, name) for name in WHERE_AND_WHEN)
    return EmailKind.FORUM_CHANGED if moved or came_back else None


def residents(event: Event):
    """The RSVPs to tell: every one still active with an address, for a forum not yet over."""
    if event.ends_at <= timezone.now():
        return event.rsvps.none()
    return event.rsvps.active().filter(erased_at__isnull=True).exclude(email="")


def residents_told_count(event: Event) -> int:
    """How many addresses (so how many emails) the news would go to."""
    return residents(event).values("email").distinct().count()


def tell_residents(event: Event, kind: EmailKind, user) -> int:
    """Owe every address one email of this kind; they go out once the caller commits.
    Returns how many."""
    with transaction.atomic():
        count = queue_news(kind, one_per_address(residents(event)))
        audit.record(user, AuditAction.FORUM_NEWS, event=event, count=count)
    return count
