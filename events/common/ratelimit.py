"""Rate limits without a CAPTCHA: counters in Django's cache (shared across processes when
REDIS_URL is set). Each limit counts per browser (the anonymous voter cookie) and, with a much
higher ceiling, per network, so a room full of residents on the city hall Wi-Fi is never
blocked. Neither raw addresses nor cookie values are kept: cache keys hold keyed hashes."""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def _key(scope: str, who: str, window: int) -> str:
    digest = salted_hmac("events.ratelimit", f"{scope}:{who}", algorithm="sha256").hexdigest()
    return f"ratelimit:{scope}:{digest[:40]}:{window}"


def hit(scope: str, who: str, limit: tuple[int, int]) -> bool:
    """Count one attempt by `who` (any string; only its keyed hash is kept) in `scope`; False
    once more than limit = (count, seconds) were counted in the current window."""
    return _hit(scope, who, limit)


def _hit(scope: str, who: str, limit: tuple[int, int]) -> bool:
    count, seconds = limit
    window = int(time.time() // seconds)
    key = _key(scope, who, window)
    cache.add(key, 0, timeout=seconds + 1)
    try:
        return cache.incr(key) <= count
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, 1, timeout=seconds + 1)
        return True


def allow(action: str, *, browser: str | None, network: str) -> bool:
    """Count one attempt at `action` ("question" or "vote"); False when over a limit."""
    limits = settings.RATE_LIMITS[action]
    browser_ok = _hit(f"{action}:browser", browser, limits["browser"]) if browser else True
    network_ok = _hit(f"{action}:network", network, limits["network"])
    return browser_ok and network_ok
