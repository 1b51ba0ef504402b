"""Redis as the shared cache, and when Redis does not answer, a cache in this process instead,
so residents' pages and RSVPs carry on. The rate limits then count per process: with several
app processes or servers they are looser until Redis is back (the README says so).

Redis is tried again every RETRY_SECONDS, and each time it fails a warning is logged: at
most one warning per RETRY_SECONDS, however busy the site is. Django gives each thread a cache
of its own, so what Redis is doing, and the fallback's contents, are kept per process: a
gthread worker's threads find out together and count together. The connect and read timeouts
in settings.CACHES keep a dead or silent Redis from holding up a request for long."""

import logging
import time

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger("events.cache")
RETRY_SECONDS = 30
# Until when (time.monotonic()) each Redis location is left alone, for every thread.
_down_until: dict[str, float] = {}


class RedisWithFallback(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        # LocMemCache instances with one name share one store.
        self._fallback = LocMemCache(f"fallback-{server}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._location = str(server)


def _guarded(name: str):
    shared = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if time.monotonic() >= _down_until.get(self._location, 0.0):
            try:
                return shared(self, *args, **kwargs)
            except redis.RedisError as error:
                _down_until[self._location] = time.monotonic() + RETRY_SECONDS
                log.warning(
                    "Redis did not answer (%s); counting in this process for %d seconds.",
                    type(error).__name__,
                    RETRY_SECONDS,
                )
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


# Every method of the cache API that reaches Redis (decr and the others call these).
_SHARED = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many")
for _name in (*_SHARED, "delete_many", "clear"):
    setattr(RedisWithFallback, _name, _guarded(_name))
