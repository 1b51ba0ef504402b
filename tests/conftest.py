import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.models import Rsvp
from events.rsvps import rules
from events.signin import codes

from . import pages
from .factories import EventFactory


def _database_is_postgres() -> bool:
    return bool(os.environ.get("DATABASE_URL"))


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are deselected (not skipped) when the suite runs on SQLite."""
    if _database_is_postgres():
        return
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


def pytest_sessionfinish(session, exitstatus):
    """A skipped test is a test that did not run: never acceptable here."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter and reporter.stats.get("skipped") and exitstatus == 0:
        reporter.write_line("FAILED: tests were skipped; this suite allows no skips.", red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def quick_writers_and_fresh_counters(settings):
    """Tests fill in forms faster than people write (the minimum writing time has tests of its
    own, which set it). Rate-limit counters live in the cache, which outlives a test: each
    test starts with none."""
    settings.QUESTION_MIN_SECONDS = settings.RSVP_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def staff_sign_in_with_a_code(monkeypatch):
    """Staff sign in as in production: a password, then a code from their authenticator app.
    Every test's force_login (and pytest-django's admin_client) does both, so no test turns
    two-step sign-in off; tests/signin/ signs in step by step instead."""
    password_only = Client.force_login

    def force_login(self, user, backend=None):
        password_only(self, user, backend)
        device = TOTPDevice.objects.filter(user=user).first() or codes.enrol(user)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_password_only", password_only, raising=False)


@pytest.fixture
def event(db):
    return EventFactory(capacity=10, max_party_size=10)


@pytest.fixture
def book():
    """Place an RSVP through the rules and return it."""

    def _book(event, party_size=1, email="", **fields):
        fields.setdefault("name", "Resident")
        rsvp = Rsvp(event=event, party_size=party_size, email=email, **fields)
        return rules.place_rsvp(rsvp).rsvp

    return _book


@pytest.fixture
def on_postgres():
    assert connection.vendor == "postgresql"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a request the way production does: emails and other work start once its
    transaction commits."""

    def _send(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return _send


def post_rsvp(client, event, **fields):
    """RSVP through the event page, as a resident's browser does (with the form's token)."""
    page = client.get(reverse("events:detail", args=[event.slug]))
    data = {
        "name": "Amina",
        "party_size": "1",
        "email": "amina@example.org",
        "language": "en",
        "form_token": pages.form_token(page),
    }
    return client.post(reverse("events:rsvp", args=[event.slug]), data | fields)


def close_download(response) -> None:
    """Read a download to the end, so the test client closes its temporary file.

    Not response.close(): outside the test client that fires request_finished, which closes
    the test's database connection on PostgreSQL."""
    if response.streaming:
        b"".join(response.streaming_content)


def own_address(client, rsvp, name: str = "manage") -> str:
    """Open the RSVP's private link in this client, as the resident's browser does, and
    return the address of its page `name` (manage, rsvp_change, rsvp_cancel...) there."""
    response = client.get(reverse("events:open_link", args=[rsvp.manage_token]))
    if response.status_code == 200:  # a browser without cookies yet: the Continue button
        response = client.post(reverse("events:open_posted"), {"token": rsvp.manage_token})
    assert response.status_code == 303, response.status_code
    handle = response["Location"].strip("/").split("/")[-1]
    return reverse(f"events:{name}", args=[handle])
