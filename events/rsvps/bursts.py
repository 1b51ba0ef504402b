"""Bursts of RSVPs from one network, for the dashboard, without keeping any address.

Each online RSVP adds to counters in the cache only, for two days: per forum and hour, how
many RSVPs were made, and how many came from each network, that network named by a keyed hash
under a random pepper made for the day. The pepper lives only in the cache too, so once a day
is over nobody (not even with the database and the secret key) can tell which network made
what. The dashboard reads, per hour, the total and the largest one network's share."""

import datetime
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..common.ratelimit import HOUR
from ..models import Event

KEPT = 2 * 24 * HOUR
# An hour is flagged when one network made at least this many of its RSVPs...
BURST_AT_LEAST = 10
# ...and more than this share of them.
BURST_SHARE = 0.5


@dataclass(frozen=True)
class HourCount:
    number: int  # hours since the epoch
    start: datetime.datetime
    rsvps: int  # online RSVPs counted that hour
    top: int  # of them, the most that came from any one network

    @property
    def is_burst(self) -> bool:
        return self.top >= BURST_AT_LEAST and self.top > BURST_SHARE * self.rsvps


def _hour_number(moment: datetime.datetime | None = None) -> int:
    return int((moment or timezone.now()).timestamp() // HOUR)


def _pepper(day: int) -> str:
    key = f"burst:pepper:{day}"
    cache.add(key, secrets.token_hex(32), timeout=KEPT)
    return cache.get(key) or ""


def record(event: Event, network: str | None) -> None:
    """Count one online RSVP from `network` (a string; only a peppered hash is kept). None:
    from the venue's own network, counted in the hour's total only."""
    hour = _hour_number()
    prefix = f"burst:{event.pk}:{hour}"
    _increment(f"{prefix}:all")
    if network is None:
        return
    who = salted_hmac(_pepper(hour // 24), network, algorithm="sha256").hexdigest()[:32]
    mine = _increment(f"{prefix}:{who}")
    if mine > (cache.get(f"{prefix}:top") or 0):
        cache.set(f"{prefix}:top", mine, timeout=KEPT)


def _increment(key: str) -> int:
    cache.add(key, 0, timeout=KEPT)
    try:
        return cache.incr(key)
    except ValueError:  # gone between add() and incr()
        cache.add(key, 1, timeout=KEPT)
        return 1


def last_hours(event: Event, hours: int = 24) -> list[HourCount]:
    """The last `hours` hours, oldest first, with what the counters still hold."""
    now = _hour_number()
    numbers = range(now - hours + 1, now + 1)
    keys = [f"burst:{event.pk}:{n}:{part}" for n in numbers for part in ("all", "top")]
    held = cache.get_many(keys)
    return [
        HourCount(
            n,
            datetime.datetime.fromtimestamp(n * HOUR, tz=datetime.UTC),
            held.get(f"burst:{event.pk}:{n}:all", 0),
            held.get(f"burst:{event.pk}:{n}:top", 0),
        )
        for n in numbers
    ]


def flagged(event: Event) -> list[HourCount]:
    """The hours of the last two days in which one network made a burst of RSVPs."""
    return [hour for hour in last_hours(event, KEPT // HOUR) if hour.is_burst]
