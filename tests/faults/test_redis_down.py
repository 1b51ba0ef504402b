"""Redis unreachable, or silent: pages and RSVPs keep working, the limits count in the process
instead, and the site says so in its log once, not on every request.

FAULT_RECOVERY=off uses Django's plain Redis cache with redis-py's defaults (no timeouts), to
watch these tests fail: a 500 when Redis refuses, a hang when it accepts and never answers."""

import logging
import os
import socket
import threading

import pytest
from django.db import connections
from django.test import Client

from events.common import resilient_cache
from events.models import Rsvp

from ..factories import EventFactory
from ..rsvps.test_hoarding import rsvp

pytestmark = pytest.mark.django_db(transaction=True)  # requests run in a thread of their own
WITHOUT_RECOVERY = os.environ.get("FAULT_RECOVERY") == "off"


@pytest.fixture
def silent_redis():
    """A port that takes connections and never answers (a Redis stuck or behind a dead link)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()


@pytest.fixture
def refusing_redis():
    """A port where nothing listens: every connection is refused at once."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"redis://127.0.0.1:{port}/0"


def use_cache(settings, location):
    backend = (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache"}
        if WITHOUT_RECOVERY
        else {
            "BACKEND": "events.common.resilient_cache.RedisWithFallback",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    )
    settings.CACHES = {"default": {**backend, "LOCATION": location, "KEY_PREFIX": "t"}}


def in_time(work, seconds=15):
    """Run `work` and give it `seconds`: a request that waits on Redis for ever fails here."""
    done = {}

    def run():
        try:
            done["result"] = work()
        finally:
            connections.close_all()  # this thread's own database connection

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert "result" in done, f"still waiting after {seconds} seconds"
    return done["result"]


@pytest.mark.parametrize("redis_fixture", ["refusing_redis", "silent_redis"])
def test_pages_and_rsvps_carry_on_without_redis(request, settings, caplog, redis_fixture):
    use_cache(settings, request.getfixturevalue(redis_fixture))
    settings.NETWORK_LIMITS = {**settings.NETWORK_LIMITS, "rsvp_seats": (3, 0)}
    forum = EventFactory(capacity=20)
    browser = Client(raise_request_exception=False, REMOTE_ADDR="203.0.113.7")

    with caplog.at_level(logging.WARNING, logger="events.cache"):
        responses = in_time(lambda: [rsvp(browser, forum, name=f"R{n}") for n in range(4)])
        page = in_time(lambda: browser.get(forum.get_absolute_url()))

    assert [r.status_code for r in responses] == [200, 200, 200, 429]  # still limited
    assert page.status_code == 200
    assert Rsvp.objects.count() == 3
    # One warning for the whole outage so far, not one per request.
    error = "ConnectionError" if redis_fixture == "refusing_redis" else "TimeoutError"
    assert caplog.messages == [
        f"Redis did not answer ({error}); counting in this process for "
        f"{resilient_cache.RETRY_SECONDS} seconds."
    ]
