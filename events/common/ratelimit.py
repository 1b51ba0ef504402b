"""Rate limits without a CAPTCHA: counters in Django's cache (shared across processes when
REDIS_URL is set), in fixed windows. Neither raw addresses nor cookie values are kept: cache
keys hold keyed hashes, and no table holds either.

Two kinds of limit:
- per browser (`allow`): the anonymous voter cookie, or the session. A script that drops its
  cookies escapes it; it is there for a browser that keeps sending.
- per network (`claim`): an IPv4 address or an IPv6 /64, per forum, per hour, sized to the
  room (settings.NETWORK_LIMITS). A network the forum lists as its venue's is never counted,
  so the whole room on the venue's Wi-Fi is never limited.
"""

import contextlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from .net import client_ip, network_of

HOUR = 60 * 60


def _key(scope: str, who: str, window: int) -> str:
    digest = salted_hmac("events.ratelimit", f"{scope}:{who}", algorithm="sha256").hexdigest()
    return f"ratelimit:{scope}:{digest[:40]}:{window}"


def _add(key: str, amount: int, seconds: int) -> int:
    """Add `amount` to the counter at `key`, made for this window if it is new; its total."""
    cache.add(key, 0, timeout=seconds + 1)
    try:
        return cache.incr(key, amount)
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, amount, timeout=seconds + 1)
        return amount


def hit(scope: str, who: str, limit: tuple[int, int]) -> bool:
    """Count one attempt by `who` (any string; only its keyed hash is kept) in `scope`; False
    once more than limit = (count, seconds) were counted in the current window."""
    count, seconds = limit
    return _add(_key(scope, who, int(time.time() // seconds)), 1, seconds) <= count


def allow(action: str, *, browser: str | None) -> bool:
    """Count one attempt at `action` ("question", "vote" or "rsvp") by this browser; False
    when over its limit. No browser id, no browser limit (the network's still holds)."""
    if not browser:
        return True
    return hit(f"{action}:browser", browser, settings.RATE_LIMITS[action]["browser"])


@dataclass(frozen=True)
class Claim:
    """What a request counted against its network; given back if it made nothing."""

    key: str | None  # None: nothing was counted (a venue network)
    amount: int = 0

    def give_back(self) -> None:
        if self.key:
            with contextlib.suppress(ValueError):  # its window has ended: nothing to give
                cache.decr(self.key, self.amount)


def room_allowance(kind: str, capacity: int | None) -> int:
    """The most of `kind` one network may have at a forum of this capacity in an hour."""
    floor, share = settings.NETWORK_LIMITS[kind]
    return max(floor, math.ceil(share * (capacity or 0)))


def claim(request, event, kind: str, amount: int = 1, *, of: str = "") -> Claim | None:
    """Count `amount` of `kind` (a key of settings.NETWORK_LIMITS; `of` narrows it, say to
    one question) for the request's network at this forum this hour. None, and nothing
    counted, if that would pass the allowance."""
    address = client_ip(request)
    if event.is_venue_network(address):
        return Claim(None)
    scope = f"{kind}:{event.pk}:{of}"
    key = _key(scope, network_of(address), int(time.time() // HOUR))
    if _add(key, amount, HOUR) > room_allowance(kind, event.capacity):
        Claim(key, amount).give_back()
        return None
    return Claim(key, amount)
