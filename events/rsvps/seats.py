"""Reading seats: how many are taken and left, what the event page offers, a waitlist place.

Nothing here writes. The rules that move seats (events.rsvps.rules) and the emails that
report them both read from here, so this sits below both.
"""

import enum
from dataclasses import dataclass

from django.utils import timezone

from ..enums import EventStatus, RsvpStatus
from ..models import Event, Rsvp


class RsvpState(enum.Enum):
    """What the event page offers a resident right now."""

    OPEN = "open"
    WAITLIST = "waitlist"  # full: new RSVPs join the waitlist
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    PAST = "past"


def left(capacity: int | None, used: int) -> int | None:
    """What is left of a room's capacity; None when it has no limit."""
    return None if capacity is None else max(capacity - used, 0)


def over_by(capacity: int | None, used: int) -> int:
    """How far past its capacity a room is (0 when within it, or when it has no limit)."""
    return 0 if capacity is None else max(used - capacity, 0)


@dataclass(frozen=True)
class Seats:
    """Seats given out: `taken` by confirmed parties, of `capacity` (None: no limit)."""

    capacity: int | None
    taken: int
    waitlisted: int  # parties waiting

    @property
    def left(self) -> int | None:
        return left(self.capacity, self.taken)

    @property
    def over_capacity_by(self) -> int:
        return over_by(self.capacity, self.taken)


def availability(counted: Seats) -> str:
    """The coarse word for a forum's seats: "unlimited", "available", "few" or "full". Few
    is 5 seats or a tenth of the room, whichever is more."""
    if counted.capacity is None:
        return "unlimited"
    if not counted.left:
        return "full"
    return "few" if counted.left <= max(5, counted.capacity // 10) else "available"


def seats(event: Event) -> Seats:
    return Seats(
        capacity=event.capacity,
        taken=event.rsvps.seats_taken(),
        waitlisted=event.rsvps.waitlisted().count(),
    )


def rsvp_state(event: Event, seats: Seats) -> RsvpState:
    now = timezone.now()
    if event.status == EventStatus.CANCELLED:
        return RsvpState.CANCELLED
    if event.ends_at <= now:
        return RsvpState.PAST
    if event.rsvps_open_at and now < event.rsvps_open_at:
        return RsvpState.NOT_YET_OPEN
    if not event.rsvps_are_open(now):
        return RsvpState.CLOSED
    if seats.left == 0:
        return RsvpState.WAITLIST
    return RsvpState.OPEN


def waitlist_position(rsvp: Rsvp) -> int | None:
    """1 for the first party on the waitlist; None when the RSVP is not waitlisted."""
    if rsvp.status != RsvpStatus.WAITLISTED:
        return None
    ahead = (
        rsvp.event.rsvps.waitlisted()
        .filter(created_at__lte=rsvp.created_at)
        .exclude(created_at=rsvp.created_at, pk__gte=rsvp.pk)
        .count()
    )
    return ahead + 1
