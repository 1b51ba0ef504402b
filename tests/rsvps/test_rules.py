import datetime
import uuid

import pytest
from django.utils import timezone

from events.enums import EventStatus, RsvpStatus
from events.models import Rsvp
from events.rsvps import rules, seats

from ..factories import EventFactory

pytestmark = pytest.mark.django_db


def statuses(event):
    return [(r.name, r.status) for r in event.rsvps.order_by("created_at", "pk")]


def test_rsvp_is_confirmed_while_the_party_fits(event, book):
    rsvp = book(event, party_size=4)

    assert rsvp.status == RsvpStatus.CONFIRMED
    assert seats.seats(event) == seats.Seats(capacity=10, taken=4, waitlisted=0)
    assert seats.seats(event).left == 6


def test_rsvp_goes_to_waitlist_when_party_does_not_fit(event, book):
    book(event, party_size=6, name="A")
    book(event, party_size=3, name="B")
    late = book(event, party_size=2, name="C")

    assert late.status == RsvpStatus.WAITLISTED
    assert seats.waitlist_position(late) == 1
    assert seats.seats(event) == seats.Seats(capacity=10, taken=9, waitlisted=1)


def test_party_that_fits_the_last_seat_is_confirmed_even_with_a_bigger_party_waiting(event, book):
    book(event, party_size=9, name="A")
    big = book(event, party_size=3, name="B")
    small = book(event, party_size=1, name="C")

    assert big.status == RsvpStatus.WAITLISTED
    assert small.status == RsvpStatus.CONFIRMED
    assert seats.seats(event).left == 0


def test_waitlist_positions_follow_the_order_of_arrival(event, book):
    book(event, party_size=6)
    book(event, party_size=4)
    first, second, third = (book(event, party_size=2, name=n) for n in "XYZ")

    assert [seats.waitlist_position(r) for r in (first, second, third)] == [1, 2, 3]


def test_cancelling_promotes_the_first_waitlisted_party_that_fits(event, book):
    holder = book(event, party_size=6, name="holder")
    book(event, party_size=4, name="other")
    book(event, party_size=5, name="too big")  # waits, position 1
    book(event, party_size=3, name="fits")  # waits, position 2
    book(event, party_size=2, name="also fits")  # waits, position 3

    change = rules.cancel_rsvp(holder)

    assert [r.name for r in change.promoted] == ["too big"]
    assert statuses(event) == [
        ("holder", RsvpStatus.CANCELLED),
        ("other", RsvpStatus.CONFIRMED),
        ("too big", RsvpStatus.CONFIRMED),
        ("fits", RsvpStatus.WAITLISTED),
        ("also fits", RsvpStatus.WAITLISTED),
    ]
    assert seats.seats(event) == seats.Seats(capacity=10, taken=9, waitlisted=2)


def test_too_large_party_is_passed_over_but_keeps_its_place(event, book):
    small_holder = book(event, party_size=3, name="three")
    book(event, party_size=6, name="six")
    big = book(event, party_size=5, name="five waiting")
    book(event, party_size=2, name="two waiting")

    change = rules.cancel_rsvp(small_holder)  # frees 3 seats: 4 free in all

    assert [r.name for r in change.promoted] == ["two waiting"]
    big.refresh_from_db()
    assert big.status == RsvpStatus.WAITLISTED
    assert seats.waitlist_position(big) == 1
    assert seats.seats(event) == seats.Seats(capacity=10, taken=8, waitlisted=1)


def test_shrinking_a_confirmed_party_promotes_from_the_waitlist(event, book):
    shrinking = book(event, party_size=6, name="shrinks")
    book(event, party_size=4, name="other")
    waiting = book(event, party_size=2, name="waiting")

    shrinking.party_size = 4
    change = rules.update_rsvp(shrinking)

    assert [r.name for r in change.promoted] == ["waiting"]
    assert seats.seats(event) == seats.Seats(capacity=10, taken=10, waitlisted=0)
    waiting.refresh_from_db()
    assert waiting.status == RsvpStatus.CONFIRMED


def test_confirmed_party_may_grow_into_free_seats(event, book):
    rsvp = book(event, party_size=2)
    book(event, party_size=5)

    rsvp.party_size = 5
    rules.update_rsvp(rsvp)

    rsvp.refresh_from_db()
    assert (rsvp.party_size, rsvp.status) == (5, RsvpStatus.CONFIRMED)
    assert seats.seats(event).left == 0


def test_confirmed_party_growing_beyond_free_seats_keeps_its_seats_and_is_told_how_many(
    event, book
):
    rsvp = book(event, party_size=2)
    book(event, party_size=6)

    rsvp.party_size = 5
    with pytest.raises(rules.NotEnoughSeats) as refused:
        rules.update_rsvp(rsvp)

    assert refused.value.seats_left == 2
    assert str(refused.value.message) == (
        "Only 2 more seats are free, so your party size was not changed."
    )
    rsvp.refresh_from_db()
    assert (rsvp.party_size, rsvp.status) == (2, RsvpStatus.CONFIRMED)
    assert seats.seats(event) == seats.Seats(capacity=10, taken=8, waitlisted=0)


def test_waitlisted_party_that_changes_size_keeps_its_place(event, book):
    book(event, party_size=6)
    book(event, party_size=4)
    first = book(event, party_size=3, name="first")
    book(event, party_size=2, name="second")

    first.party_size = 5
    rules.update_rsvp(first)

    first.refresh_from_db()
    assert (first.status, seats.waitlist_position(first)) == (RsvpStatus.WAITLISTED, 1)


def test_waitlisted_party_that_shrinks_into_free_seats_is_confirmed(event, book):
    book(event, party_size=8)
    waiting = book(event, party_size=4)

    waiting.party_size = 2
    change = rules.update_rsvp(waiting)

    assert change.promoted == [waiting]
    waiting.refresh_from_db()
    assert waiting.status == RsvpStatus.CONFIRMED


def test_update_cannot_change_status_or_code(event, book):
    rsvp = book(event, party_size=2)
    code = rsvp.code

    rsvp.status = RsvpStatus.CANCELLED
    rsvp.code = "FORGED"
    rsvp.note = "Wheelchair space near the front, please"
    rules.update_rsvp(rsvp)

    rsvp.refresh_from_db()
    assert (rsvp.status, rsvp.code, rsvp.note) == (
        RsvpStatus.CONFIRMED,
        code,
        "Wheelchair space near the front, please",
    )


def test_raising_capacity_promotes_in_order(event, book):
    book(event, party_size=6)
    book(event, party_size=4)
    book(event, party_size=3, name="w1")
    book(event, party_size=2, name="w2")
    book(event, party_size=1, name="w3")

    event.capacity = 15
    promoted = rules.save_event(event)

    assert [r.name for r in promoted] == ["w1", "w2"]
    assert seats.seats(event) == seats.Seats(capacity=15, taken=15, waitlisted=1)


def test_capacity_made_unlimited_confirms_everyone_waiting(event, book):
    book(event, party_size=6)
    book(event, party_size=6)
    book(event, party_size=6)

    event.capacity = None
    promoted = rules.save_event(event)

    assert len(promoted) == 2
    assert seats.seats(event) == seats.Seats(capacity=None, taken=18, waitlisted=0)
    assert seats.seats(event).left is None


def test_lowering_capacity_demotes_nobody_and_reports_the_overflow(event, book):
    first = book(event, party_size=6)
    book(event, party_size=4)

    event.capacity = 7
    assert rules.save_event(event) == []

    counted = seats.seats(event)
    assert (counted.taken, counted.left, counted.over_capacity_by) == (10, 0, 3)
    assert book(event, party_size=1).status == RsvpStatus.WAITLISTED
    # Cancelling the 6 leaves 4 of 7 taken, and the waiting party of 1 now fits.
    change = rules.cancel_rsvp(first)
    assert [r.party_size for r in change.promoted] == [1]
    assert seats.seats(event) == seats.Seats(capacity=7, taken=5, waitlisted=0)


def test_over_capacity_event_refuses_growth(event, book):
    rsvp = book(event, party_size=5)
    book(event, party_size=5)
    event.capacity = 8
    rules.save_event(event)

    rsvp.party_size = 6
    with pytest.raises(rules.NotEnoughSeats) as refused:
        rules.update_rsvp(rsvp)

    assert refused.value.seats_left == 0


def test_unlimited_event_confirms_every_party(db, book):
    event = EventFactory(capacity=None, max_party_size=20)

    results = [book(event, party_size=20).status for _ in range(5)]

    assert results == [RsvpStatus.CONFIRMED] * 5
    assert seats.seats(event) == seats.Seats(capacity=None, taken=100, waitlisted=0)


def test_zero_capacity_puts_everyone_on_the_waitlist(db, book):
    event = EventFactory(capacity=0)

    assert book(event).status == RsvpStatus.WAITLISTED


def test_cancelled_event_takes_no_rsvps_even_from_staff(db):
    event = EventFactory(status=EventStatus.CANCELLED)

    with pytest.raises(rules.RsvpsClosed):
        rules.place_rsvp(Rsvp(event=event, name="A", party_size=1))
    with pytest.raises(rules.RsvpsClosed):
        rules.place_rsvp(Rsvp(event=event, name="A", party_size=1), by_staff=True)
    assert event.rsvps.count() == 0


def test_cancelled_event_promotes_nobody(event, book):
    holder = book(event, party_size=10)
    waiting = book(event, party_size=1)
    event.status = EventStatus.CANCELLED
    rules.save_event(event)

    assert rules.cancel_rsvp(holder).promoted == []
    waiting.refresh_from_db()
    assert waiting.status == RsvpStatus.WAITLISTED


@pytest.mark.parametrize(
    ("window", "open_for_residents"),
    [
        ({}, True),
        ({"rsvps_open_at": datetime.timedelta(days=1)}, False),
        ({"rsvps_close_at": -datetime.timedelta(minutes=1)}, False),
        ({"status": EventStatus.DRAFT}, False),
    ],
)
def test_rsvp_window_applies_to_residents_but_not_to_staff(db, window, open_for_residents):
    now = timezone.now()
    fields = {
        key: now + value if isinstance(value, datetime.timedelta) else value
        for key, value in window.items()
    }
    event = EventFactory(**fields)

    if open_for_residents:
        assert rules.place_rsvp(Rsvp(event=event, name="A", party_size=1)).rsvp.pk
    else:
        with pytest.raises(rules.RsvpsClosed):
            rules.place_rsvp(Rsvp(event=event, name="A", party_size=1))
    staff = rules.place_rsvp(Rsvp(event=event, name="By phone", party_size=1), by_staff=True)
    assert staff.outcome == rules.Outcome.CREATED


def test_past_event_takes_no_resident_rsvps(db):
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2))

    with pytest.raises(rules.RsvpsClosed):
        rules.place_rsvp(Rsvp(event=event, name="A", party_size=1))


def test_party_larger_than_the_event_allows_is_refused(db):
    event = EventFactory(max_party_size=6)

    with pytest.raises(rules.PartyTooLarge) as refused:
        rules.place_rsvp(Rsvp(event=event, name="A", party_size=7))

    assert str(refused.value.message) == "A party can be up to 6 people."
    assert event.rsvps.count() == 0


def test_manage_change_beyond_the_party_limit_is_refused(event, book):
    rsvp = book(event, party_size=2)

    rsvp.party_size = 11
    with pytest.raises(rules.PartyTooLarge):
        rules.update_rsvp(rsvp)

    rsvp.refresh_from_db()
    assert rsvp.party_size == 2


def test_an_address_identifies_no_rsvp_each_submission_is_its_own(event, book):
    """Whether an address was used before changes nothing about a new RSVP: anyone can type
    anyone's address, so what happens must not tell them."""
    first = book(event, party_size=2, email="Amina@Example.org ")

    again = rules.place_rsvp(
        Rsvp(event=event, name="Other", party_size=3, email="amina@example.org")
    )

    assert again.outcome == rules.Outcome.CREATED
    assert first.email == again.rsvp.email == "amina@example.org"
    assert list(event.rsvps.values_list("party_size", "status")) == [
        (2, RsvpStatus.CONFIRMED),
        (3, RsvpStatus.CONFIRMED),
    ]
    assert seats.seats(event).taken == 5


def test_changing_email_to_one_another_rsvp_uses_is_just_a_change(event, book):
    book(event, email="taken@example.org")
    rsvp = book(event, email="mine@example.org")

    rsvp.email = "TAKEN@example.org"
    rules.update_rsvp(rsvp)

    rsvp.refresh_from_db()
    assert rsvp.email == "taken@example.org"
    assert event.rsvps.filter(email="taken@example.org").count() == 2


def test_the_owner_of_an_address_disowns_every_rsvp_made_with_it(event, book):
    mine = book(event, email="amina@example.org")
    also = book(event, email="Amina@Example.org", party_size=2)
    other = book(event, email="bao@example.org")
    elsewhere = book(EventFactory(), email="amina@example.org")

    assert (rules.disown(mine), rules.disown(mine)) == (2, 0)

    statuses = {r.pk: r.status for r in Rsvp.objects.all()}
    assert statuses == {
        mine.pk: RsvpStatus.CANCELLED,
        also.pk: RsvpStatus.CANCELLED,
        other.pk: RsvpStatus.CONFIRMED,
        elsewhere.pk: RsvpStatus.CONFIRMED,
    }
    # Nothing more is emailed to it about this forum, even for an RSVP made with it later.
    later = book(event, email="amina@example.org")
    assert list(later.emails.values_list("status", "error")) == [("suppressed", "not me")]


@pytest.mark.parametrize("email", ["", "amina@example.org"])
def test_double_submitted_form_creates_one_rsvp(event, email):
    token = uuid.uuid4()

    first = rules.place_rsvp(
        Rsvp(event=event, name="A", party_size=2, email=email, form_token=token)
    )
    second = rules.place_rsvp(
        Rsvp(event=event, name="A", party_size=2, email=email, form_token=token)
    )

    assert (first.outcome, second.outcome) == (rules.Outcome.CREATED, rules.Outcome.REPLAYED)
    assert second.rsvp == first.rsvp
    assert event.rsvps.count() == 1
    assert seats.seats(event).taken == 2


def test_cancelling_twice_changes_nothing(event, book):
    holder = book(event, party_size=10)
    book(event, party_size=2)

    assert len(rules.cancel_rsvp(holder).promoted) == 1
    assert rules.cancel_rsvp(holder).promoted == []
    assert seats.seats(event) == seats.Seats(capacity=10, taken=2, waitlisted=0)


def test_cancelled_rsvp_cannot_be_changed(event, book):
    rsvp = book(event)
    rules.cancel_rsvp(rsvp)

    rsvp.party_size = 2
    with pytest.raises(rules.RsvpCancelled):
        rules.update_rsvp(rsvp)


def test_staff_promotion_confirms_only_a_party_that_fits(event, book):
    book(event, party_size=9)
    big = book(event, party_size=2)

    with pytest.raises(rules.NotEnoughSeats) as refused:
        rules.promote_rsvp(big)
    assert refused.value.seats_left == 1

    event.capacity = 11
    event.save()
    assert rules.promote_rsvp(big).promoted == [big]
    big.refresh_from_db()
    assert big.status == RsvpStatus.CONFIRMED


def test_each_rsvp_gets_a_short_code_readable_at_the_door(event, book):
    codes = {book(event).code for _ in range(10)}

    assert len(codes) == 10
    assert all(len(code) == 6 and set(code) <= set("ACDEFGHJKLMNPQRTUVWXY34679") for code in codes)


def test_each_rsvp_gets_its_own_long_private_manage_token(event, book):
    one, two = book(event), book(event)

    assert one.manage_token != two.manage_token
    assert len(one.manage_token) >= 43
