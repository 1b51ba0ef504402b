"""The RSVP rules: seats, the waitlist, duplicates. Views, forms, admin and commands call these.

Every change that can move a seat runs in one transaction with the event row locked
(SELECT ... FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction takes the write
lock), then re-counts the seats, then writes. So two residents racing for the last seat can
never both get it.
"""

import enum
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ..common import audit, times
from ..common.addresses import address_key, normalize
from ..common.errors import RuleError
from ..common.locking import lock_event
from ..enums import AuditAction, EmailKind, EventStatus, RsvpStatus, SeatDisplay
from ..feedback import rules as feedback_rules
from ..mail.sending import queue_email
from ..models import EmailOptOut, Event, Rsvp, new_manage_token, new_rsvp_code
from . import seats


class RsvpError(RuleError):
    pass


class BelowCheckedIn(RsvpError):
    field = "party_size"

    def __init__(self, arrived: int):
        super().__init__(
            ngettext_lazy(
                "%(arrived)d person of this party has already checked in, so it cannot be smaller.",
                "%(arrived)d people of this party have already checked in, so it cannot be "
                "smaller.",
                "arrived",
            )
            % {"arrived": arrived}
        )


class RsvpsClosed(RsvpError):
    def __init__(self):
        super().__init__(_("RSVPs for this event are closed."))


class RsvpCancelled(RsvpError):
    def __init__(self):
        super().__init__(_("This RSVP was cancelled, so it cannot be changed."))


def party_limit_message(limit: int):
    """What a party size outside 1..limit is told, in the words of the form's hint."""
    return ngettext_lazy(
        "A party can be up to %(limit)d person.", "A party can be up to %(limit)d people.", "limit"
    ) % {"limit": limit}


class PartyTooLarge(RsvpError):
    field = "party_size"

    def __init__(self, limit: int):
        super().__init__(party_limit_message(limit))
        self.limit = limit


class NotEnoughSeats(RsvpError):
    """`exact`: say how many seats are free (staff always; residents only where the forum
    shows exact counts)."""

    field = "party_size"

    def __init__(self, seats_left: int, *, exact: bool = True):
        if exact:
            message = ngettext_lazy(
                "Only %(seats)d more seat is free, so your party size was not changed.",
                "Only %(seats)d more seats are free, so your party size was not changed.",
                "seats",
            ) % {"seats": seats_left}
        else:
            message = _("Not enough seats are free for a larger party, so it was not changed.")
        super().__init__(message)
        self.seats_left = seats_left


class WouldWait(RsvpError):
    """A new staff RSVP that does not fit in the seats left: staff are told where on the
    waitlist it would go, and save it there only by ticking the form's box."""

    field = "put_on_waitlist"

    def __init__(self, seats_left: int, party_size: int, position: int):
        numbers = {"seats": seats_left, "party": party_size, "position": position}
        if seats_left:
            message = ngettext_lazy(
                "Only %(seats)d seat is left, so this party of %(party)d would go on the "
                "waitlist, number %(position)d. Tick “Put on the waitlist” to add it there.",
                "Only %(seats)d seats are left, so this party of %(party)d would go on the "
                "waitlist, number %(position)d. Tick “Put on the waitlist” to add it there.",
                "seats",
            )
        else:
            message = _(
                "No seats are left, so this party of %(party)d would go on the waitlist, "
                "number %(position)d. Tick “Put on the waitlist” to add it there."
            )
        super().__init__(message % numbers)


class Outcome(enum.Enum):
    CREATED = "created"
    REPLAYED = "replayed"  # the same form was submitted again: nothing new was made


@dataclass(frozen=True)
class Placement:
    rsvp: Rsvp
    outcome: Outcome


@dataclass(frozen=True)
class Change:
    rsvp: Rsvp
    promoted: list[Rsvp] = field(default_factory=list)


def place_rsvp(rsvp: Rsvp, *, by_staff: bool = False) -> Placement:
    """Save a new RSVP as confirmed if the party fits, otherwise waitlisted.

    Every submission that passes the rules is an RSVP of its own: an address identifies none,
    so what happens never depends on whether it was used before. A form submitted twice (same
    form_token) returns the first RSVP. Staff taking an RSVP by phone may do so outside the
    RSVP window, but never for a cancelled event, and never past capacity.
    """
    with transaction.atomic():
        event = lock_event(rsvp.event_id)
        if rsvp.form_token and (replayed := event.rsvps.filter(form_token=rsvp.form_token).first()):
            return Placement(replayed, Outcome.REPLAYED)
        _check_new(event, rsvp, by_staff=by_staff)
        rsvp.event = event
        rsvp.status = (
            RsvpStatus.CONFIRMED if _seats_free(event) >= rsvp.party_size else RsvpStatus.WAITLISTED
        )
        rsvp.code = _unused_code(event)
        rsvp.created_at = timezone.now()
        rsvp.save()
        queue_email(rsvp, EmailKind(rsvp.status), by_resident=not by_staff)
        return Placement(rsvp, Outcome.CREATED)


def check_staff_rsvp(rsvp: Rsvp, *, may_wait: bool = True) -> None:
    """Raise the RsvpError that saving this staff-entered RSVP (new or edited) would meet;
    WouldWait for a new party that does not fit, unless staff said it `may_wait`.

    The admin form calls this inside the admin's transaction, so the event lock it takes is
    held until the save that follows, which so seats or waitlists the party as checked here;
    the save runs the same checks again.
    """
    with transaction.atomic():
        if rsvp.pk is None:
            event = lock_event(rsvp.event_id)
            _check_new(event, rsvp, by_staff=True)
            if not may_wait and (free := _seats_free(event)) < rsvp.party_size:
                position = event.rsvps.waitlisted().count() + 1
                raise WouldWait(int(free), rsvp.party_size, position)
        else:
            event, stored = _lock_for(rsvp)
            _check_update(event, stored, rsvp, by_staff=True)


def update_rsvp(rsvp: Rsvp, *, by_staff: bool = False) -> Change:
    """Save edits to an RSVP (party size, needs, email...) through the seat rules.

    A confirmed party may shrink at once; it may grow only into free seats, otherwise it
    keeps the seats it has and NotEnoughSeats says how many are free. A waitlisted party
    keeps its place in line whatever its new size. Freed seats go to the waitlist.
    """
    with transaction.atomic():
        event, stored = _lock_for(rsvp)
        _check_update(event, stored, rsvp, by_staff=by_staff)
        # Event, status, code and tokens are never the caller's to change.
        rsvp.event = event
        rsvp.status = stored.status
        rsvp.code = stored.code
        rsvp.manage_token = stored.manage_token
        rsvp.form_token = stored.form_token
        rsvp.created_at = stored.created_at
        rsvp.save()
        queue_email(rsvp, EmailKind.CHANGED, by_resident=not by_staff)
        return Change(rsvp, promoted=_fill_from_waitlist(event))


def cancel_rsvp(rsvp: Rsvp, *, by_staff: bool = False) -> Change:
    """Cancel an RSVP and give its seats to the waitlist. Cancelling twice changes nothing."""
    with transaction.atomic():
        event = lock_event(rsvp.event_id)
        rsvp.refresh_from_db()
        if rsvp.status == RsvpStatus.CANCELLED:
            return Change(rsvp)
        rsvp.status = RsvpStatus.CANCELLED
        rsvp.save(update_fields=["status", "updated_at"])
        queue_email(rsvp, EmailKind.CANCELLED, by_resident=not by_staff)
        return Change(rsvp, promoted=_fill_from_waitlist(event))


def disown(rsvp: Rsvp) -> int:
    """The owner of the address says "I did not RSVP": every active RSVP made with it for this
    forum is cancelled, and nothing more is emailed to it about the forum. Returns how many
    were cancelled; saying it twice changes nothing more."""
    if not rsvp.email:
        return 0
    with transaction.atomic():
        lock_event(rsvp.event_id)
        EmailOptOut.objects.get_or_create(
            event_id=rsvp.event_id, address_key=address_key(rsvp.email)
        )
        theirs = Rsvp.objects.active().filter(event_id=rsvp.event_id, email=rsvp.email)
        return len([cancel_rsvp(mine) for mine in theirs.order_by("pk")])


def erase_rsvp(rsvp: Rsvp) -> Change:
    """The resident cancels (if still active) and erases their details now. The counts stay,
    so the city still knows how many came and what was needed; the private link stops
    working. The audit log says a resident erased one RSVP, never which."""
    with transaction.atomic():
        change = cancel_rsvp(rsvp)
        rsvp.refresh_from_db()
        _erase_details(rsvp, timezone.now())
        audit.record(None, AuditAction.ERASE, event=rsvp.event, count=1, who=audit.RESIDENT)
        return change


def erase_event_personal_data(event: Event, user=None) -> int:
    """Erase the details of every RSVP of the event, as erase_rsvp does but cancelling nobody:
    statuses, party sizes, needs and check-ins stay, so the counts stay true. Returns how many
    RSVPs were erased; with the event locked, a second run at the same time erases none."""
    with transaction.atomic():
        event = lock_event(event.pk)
        now = timezone.now()
        erased = 0
        for rsvp in event.rsvps.filter(erased_at__isnull=True).order_by("pk"):
            _erase_details(rsvp, now)
            erased += 1
        # "Not me" keyed hashes of addresses: the forum is over, nothing more is emailed.
        event.email_opt_outs.all().delete()
        # Excel files of its attendees or questions, waiting for their download.
        event.prepared_exports.all().delete()
        # What residents wrote in the feedback form may name people: the words go, the
        # scores stay (and the form closes, events.feedback.rules.is_open).
        feedback_rules.erase_texts(event)
        if erased or event.personal_data_erased_at is None:
            event.personal_data_erased_at = now
            event.save(update_fields=["personal_data_erased_at", "updated_at"])
            audit.record(user, AuditAction.ERASE, event=event, count=erased)
        return erased


def _erase_details(rsvp: Rsvp, now) -> None:
    """Name, email and note go; a new token makes the old private link a dead end. Its times
    keep only their day (the waitlist no longer needs their order), and its emails go, so no
    time of it can be matched with a question's."""
    rsvp.name = ""
    rsvp.email = ""
    rsvp.note = ""
    rsvp.manage_token = new_manage_token()
    rsvp.erased_at = now
    rsvp.created_at = times.day_of(rsvp.created_at)
    rsvp.checked_in_at = rsvp.checked_in_at and times.day_of(rsvp.checked_in_at)
    rsvp.reminder_sent_at = rsvp.emails_stopped_at = None
    rsvp.save(
        update_fields=[
            *("name", "email", "note", "manage_token", "erased_at", "updated_at"),
            *("created_at", "checked_in_at", "reminder_sent_at", "emails_stopped_at"),
        ]
    )
    rsvp.emails.all().delete()


def promote_rsvp(rsvp: Rsvp) -> Change:
    """Staff move one waitlisted party to confirmed, if (and only if) it fits."""
    with transaction.atomic():
        event = lock_event(rsvp.event_id)
        rsvp.refresh_from_db()
        if rsvp.status != RsvpStatus.WAITLISTED:
            return Change(rsvp)
        free = _seats_free(event)
        if rsvp.party_size > free:
            raise NotEnoughSeats(free)
        rsvp.status = RsvpStatus.CONFIRMED
        rsvp.save(update_fields=["status", "updated_at"])
        queue_email(rsvp, EmailKind.PROMOTED)
        return Change(rsvp, promoted=[rsvp])


def save_event(event: Event) -> list[Rsvp]:
    """Save an event (say, with a new capacity) and promote whoever now fits.

    Lowering capacity below the seats already taken demotes nobody: new RSVPs simply wait
    until enough parties cancel, and Seats.over_capacity_by tells staff by how much.
    """
    with transaction.atomic():
        if event.pk:
            stored = lock_event(event.pk)
            changed = any(getattr(stored, f) != getattr(event, f) for f in CALENDAR_FIELDS)
            event.sequence = stored.sequence + (1 if changed else 0)
        event.save()
        return _fill_from_waitlist(event)


def fill_from_waitlist(event: Event) -> list[Rsvp]:
    with transaction.atomic():
        return _fill_from_waitlist(lock_event(event.pk))


# What a calendar shows: when one changes, calendar files get a higher SEQUENCE.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "venue_name", "venue_address", "status")


# --- Internals: callers hold the event lock ----------------------------------------------


def _lock_for(rsvp: Rsvp) -> tuple[Event, Rsvp]:
    """Lock the RSVP's event (by the stored event id: an RSVP never moves) and re-read it."""
    event_id = Rsvp.objects.values_list("event_id", flat=True).get(pk=rsvp.pk)
    event = lock_event(event_id)
    return event, Rsvp.objects.get(pk=rsvp.pk)


def _seats_free(event: Event) -> int | float:
    free = seats.left(event.capacity, event.rsvps.seats_taken())
    return float("inf") if free is None else free


def _check_party_size(event: Event, party_size: int) -> None:
    if party_size > event.max_party_size:
        raise PartyTooLarge(event.max_party_size)


def _check_new(event: Event, rsvp: Rsvp, *, by_staff: bool) -> None:
    if event.status == EventStatus.CANCELLED or not (by_staff or event.rsvps_are_open()):
        raise RsvpsClosed()
    _check_party_size(event, rsvp.party_size)
    rsvp.email = normalize(rsvp.email)


def _check_arrivals(stored: Rsvp, rsvp: Rsvp) -> None:
    """Checked before the write: the constraint that backs it up would fail with the whole
    row in its message."""
    if rsvp.party_size < stored.checked_in_count:
        raise BelowCheckedIn(stored.checked_in_count)


def _check_update(event: Event, stored: Rsvp, rsvp: Rsvp, *, by_staff: bool) -> None:
    if stored.status == RsvpStatus.CANCELLED:
        raise RsvpCancelled()
    if not by_staff and (event.status == EventStatus.CANCELLED or event.has_started()):
        raise RsvpsClosed()
    _check_party_size(event, rsvp.party_size)
    _check_arrivals(stored, rsvp)
    rsvp.email = normalize(rsvp.email)
    growth = rsvp.party_size - stored.party_size
    if stored.status == RsvpStatus.CONFIRMED and growth > 0:
        free = _seats_free(event)
        if growth > free:
            raise NotEnoughSeats(free, exact=by_staff or event.seat_display == SeatDisplay.EXACT)


def _fill_from_waitlist(event: Event) -> list[Rsvp]:
    """Promote waitlisted parties in order. A party too big for the seats left is passed
    over, keeping its place, for a later one that fits."""
    if event.status != EventStatus.PUBLISHED or event.has_started():
        return []
    free = _seats_free(event)
    promoted = []
    for candidate in event.rsvps.waitlisted():
        if free <= 0:
            break
        if candidate.party_size <= free:
            candidate.status = RsvpStatus.CONFIRMED
            candidate.save(update_fields=["status", "updated_at"])
            queue_email(candidate, EmailKind.PROMOTED)
            free -= candidate.party_size
            promoted.append(candidate)
    return promoted


def _unused_code(event: Event) -> str:
    while True:
        code = new_rsvp_code()
        if not event.rsvps.filter(code=code).exists():
            return code
