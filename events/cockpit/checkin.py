"""Checking people in at the door: the room's fire-code limit, walk-ins and the QR code.

Every change runs in one transaction with the event row locked, re-counts who is present,
then writes, so two volunteers at two doors can never both let the room go over its limit
without one of them confirming it.
"""

import io
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ..common import audit
from ..common.errors import RuleError
from ..common.locking import lock_event
from ..enums import AuditAction, RsvpStatus
from ..models import Event, Rsvp
from ..rsvps import seats

SEARCH_LIMIT = 20
MAX_WALK_INS = 50


class CheckInError(RuleError):
    """A rule said no; the message is for the volunteer at the door."""


class OverCapacity(CheckInError):
    """Letting these people in would go over the room's limit: a person must confirm it."""

    def __init__(self, capacity: int, adding: int, total: int):
        super().__init__(
            ngettext_lazy(
                "The room holds %(capacity)d. Checking in %(adding)d more makes %(total)d — "
                "over the fire-code limit by %(over)d.",
                "The room holds %(capacity)d. Checking in %(adding)d more makes %(total)d — "
                "over the fire-code limit by %(over)d.",
                "adding",
            )
            % {"capacity": capacity, "adding": adding, "total": total, "over": total - capacity}
        )
        self.capacity = capacity
        self.adding = adding
        self.total = total


@dataclass(frozen=True)
class Presence:
    capacity: int | None
    checked_in: int
    walk_ins: int

    @property
    def present(self) -> int:
        return self.checked_in + self.walk_ins

    @property
    def over_capacity_by(self) -> int:
        return seats.over_by(self.capacity, self.present)


def presence(event: Event) -> Presence:
    """Who is in the room now: checked-in RSVP guests plus walk-ins (one query)."""
    checked_in = event.rsvps.aggregate(people=Sum("checked_in_count"))["people"] or 0
    return Presence(event.capacity, checked_in, event.walk_in_count)


def search(event: Event, query: str) -> list[Rsvp]:
    """Active RSVPs whose code is the query (any case) or whose name contains it."""
    query = query.strip()
    if not query:
        return []
    matches = event.rsvps.active().filter(Q(code=query.upper()) | Q(name__icontains=query))
    return list(matches.order_by("name", "pk")[:SEARCH_LIMIT])


def find(event: Event, code: str) -> Rsvp | None:
    return event.rsvps.filter(code=code.strip().upper()).first()


def check_in(rsvp: Rsvp, arrived: int, user, *, confirm_over_capacity: bool = False) -> Rsvp:
    """Set how many of the party have arrived (not how many more): volunteers correct
    mistakes by entering the right number."""
    with transaction.atomic():
        event = lock_event(rsvp.event_id)
        rsvp = Rsvp.objects.get(pk=rsvp.pk)
        if rsvp.status == RsvpStatus.CANCELLED:
            raise CheckInError(_("This RSVP was cancelled. Count these people as walk-ins."))
        if arrived < 0:
            raise CheckInError(_("The number who arrived cannot be below 0."))
        if arrived > rsvp.party_size:
            raise CheckInError(
                ngettext_lazy(
                    "This RSVP is for %(size)d person, so at most %(size)d can check in. "
                    "Count any others as walk-ins.",
                    "This RSVP is for %(size)d people, so at most %(size)d can check in. "
                    "Count any others as walk-ins.",
                    "size",
                )
                % {"size": rsvp.party_size}
            )
        _check_room(event, arrived - rsvp.checked_in_count, confirm_over_capacity)
        if arrived and not rsvp.checked_in_at:
            rsvp.checked_in_at = timezone.now()
        elif not arrived:
            rsvp.checked_in_at = None
        rsvp.checked_in_count = arrived
        rsvp.save(update_fields=["checked_in_count", "checked_in_at", "updated_at"])
        audit.record(user, AuditAction.CHECK_IN, event=event, count=arrived)
        return rsvp


def add_walk_ins(event: Event, count: int, user, *, confirm_over_capacity: bool = False) -> Event:
    """Count people who came without an RSVP."""
    if not 1 <= count <= MAX_WALK_INS:
        raise CheckInError(
            _("Add between 1 and %(max)d walk-ins at a time.") % {"max": MAX_WALK_INS}
        )
    with transaction.atomic():
        locked = lock_event(event.pk)
        _check_room(locked, count, confirm_over_capacity)
        Event.objects.filter(pk=event.pk).update(walk_in_count=F("walk_in_count") + count)
        audit.record(user, AuditAction.WALK_IN, event=locked, count=count)
    event.refresh_from_db(fields=["walk_in_count"])
    return event


def door_url(rsvp: Rsvp) -> str:
    """What the QR code in the confirmation email opens: a public page that shows the code
    (the same page for any code), and takes staff who are signed in to its check-in."""
    return settings.SITE_URL + reverse("events:door", args=[rsvp.event.slug, rsvp.code])


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


# --- Internals: callers hold the event lock ----------------------------------------------


def _check_room(event: Event, adding: int, confirmed: bool) -> None:
    if adding <= 0 or event.capacity is None or confirmed:
        return
    total = presence(event).present + adding
    if total > event.capacity:
        raise OverCapacity(event.capacity, adding, total)
