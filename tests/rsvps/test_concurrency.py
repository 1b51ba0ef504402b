"""Residents racing for the last seats, on a real PostgreSQL server.

The first test shows the race is real: with the row lock taken out (and a pause between
counting and writing, as a slow server would have), the room is oversold. The second shows
the lock stops it.
"""

import time
from functools import partial
from unittest import mock

import pytest
from django.db import connection

from events.enums import RsvpStatus
from events.models import Event, Rsvp
from events.rsvps import rules, seats

from ..factories import EventFactory
from ..races import recording, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 32
CAPACITY = 20


def race(event: Event, party_size: int, sql_seen: list[str]) -> list[str]:
    """Release THREADS residents at once; return each one's status (or the error it hit)."""

    def resident(number: int):
        with connection.execute_wrapper(recording(sql_seen)):
            rsvp = Rsvp(event_id=event.pk, name=f"Resident {number}", party_size=party_size)
            return rules.place_rsvp(rsvp).rsvp.status

    outcomes = run_together([partial(resident, number) for number in range(THREADS)])
    return [f"error: {o!r}" if isinstance(o, Exception) else o for o in outcomes]


def test_without_the_lock_the_room_is_oversold(on_postgres):
    event = EventFactory(capacity=CAPACITY, max_party_size=4)
    real_seats_free = rules._seats_free

    def slow_seats_free(event):
        free = real_seats_free(event)
        time.sleep(0.3)  # everyone counts before anyone writes
        return free

    def lock_nothing(event_id):
        return Event.objects.get(pk=event_id)

    with (
        mock.patch.object(rules, "lock_event", lock_nothing),
        mock.patch.object(rules, "_seats_free", slow_seats_free),
    ):
        results = race(event, party_size=2, sql_seen=[])

    assert len(results) == THREADS
    assert Rsvp.objects.filter(event=event).seats_taken() > CAPACITY


def test_the_lock_never_oversells_and_loses_nobody(on_postgres):
    event = EventFactory(capacity=CAPACITY, max_party_size=4)
    sql_seen: list[str] = []

    results = race(event, party_size=3, sql_seen=sql_seen)

    # 20 seats take 6 parties of 3 (18 seats); everyone else waits; nobody is lost.
    assert sorted(results) == sorted(
        [RsvpStatus.CONFIRMED] * 6 + [RsvpStatus.WAITLISTED] * (THREADS - 6)
    )
    assert Rsvp.objects.filter(event=event).count() == THREADS
    assert seats.seats(event) == seats.Seats(capacity=CAPACITY, taken=18, waitlisted=THREADS - 6)
    locking = [sql for sql in sql_seen if 'FROM "events_event"' in sql and "FOR UPDATE" in sql]
    assert len(locking) == THREADS


def test_racing_cancellations_and_rsvps_never_oversell(on_postgres, book):
    event = EventFactory(capacity=CAPACITY, max_party_size=4)
    holders = [book(event, party_size=2) for _ in range(10)]

    def act(number: int):
        if number < len(holders):
            return rules.cancel_rsvp(Rsvp.objects.get(pk=holders[number].pk))
        return rules.place_rsvp(Rsvp(event_id=event.pk, name=f"R{number}", party_size=3))

    outcomes = run_together([partial(act, number) for number in range(THREADS)])

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    counted = seats.seats(event)
    assert counted.taken <= CAPACITY
    assert Rsvp.objects.filter(event=event).count() == 10 + THREADS - 10
    # With every holder gone, 20 free seats fit 6 parties of 3: promotion must have filled them.
    assert counted.taken == 18
    assert counted.waitlisted == THREADS - 10 - 6
