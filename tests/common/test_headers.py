"""The exact headers of each kind of page, and the endpoint browsers send CSP reports to."""

import json
import logging

import pytest
from django.test import Client

from events.roles import ORGANIZER

from ..conftest import own_address
from ..factories import EventFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; report-uri /csp-report/"
)
PERMISSIONS = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), "
    "xr-spatial-tracking=()"
)
EVERY_PAGE = {
    "Content-Security-Policy": CSP,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS,
    "Referrer-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Language": "en",
}
NEVER_STORED = {"Cache-Control": "max-age=0, no-cache, no-store, must-revalidate, private"}
# The forum page: each response holds its own tokens, so it may be kept but is asked for again.
ASKED_AGAIN = {"Cache-Control": "private, no-cache"}
HTML = {"Content-Type": "text/html; charset=utf-8", "Vary": "Cookie, Accept-Language"}


def headers(response) -> dict[str, str]:
    """Every header but the two that change with the moment and the length."""
    return {k: v for k, v in response.headers.items() if k not in {"Content-Length", "Expires"}}


def test_a_public_page_has_exactly_these_headers(client):
    EventFactory(slug="forum")

    response = client.get("/events/forum/", secure=True)

    assert headers(response) == EVERY_PAGE | HTML | ASKED_AGAIN


def test_a_private_page_also_is_never_stored(client):
    rsvp = RsvpFactory(event=EventFactory(slug="forum"))

    response = client.get(own_address(client, rsvp), secure=True)

    assert headers(response) == EVERY_PAGE | HTML | NEVER_STORED


def test_the_admin_login_has_exactly_these_headers(client):
    response = client.get("/admin/login/", secure=True)

    assert headers(response) == EVERY_PAGE | HTML | NEVER_STORED


def test_an_export_has_exactly_these_headers(client):
    EventFactory(slug="forum")
    client.force_login(UserFactory(roles=[ORGANIZER]))

    response = client.get("/staff/events/forum/attendees.csv", secure=True)
    b"".join(response.streaming_content)

    assert headers(response) == EVERY_PAGE | {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="attendees-forum.csv"',
        "Cache-Control": "no-store, max-age=0, no-cache, must-revalidate, private",
        "Vary": "Accept-Language, Cookie",
    }


def test_the_presenter_screen_may_fetch(client):
    EventFactory(slug="forum")
    client.force_login(UserFactory(roles=[ORGANIZER]))

    response = client.get("/staff/events/forum/present/", secure=True)

    assert response["Content-Security-Policy"] == f"{CSP}; connect-src 'self'"


# --- Reports -------------------------------------------------------------------------------


def report(client, body, **extra):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/csp-report/", data, content_type="application/csp-report", **extra)


def test_a_report_is_logged_without_private_paths_or_query_strings(caplog):
    browser = Client(enforce_csrf_checks=True)  # browsers send reports without a token
    body = {
        "csp-report": {
            "document-uri": "https://forum.example.org/rsvp/SECRET-TOKEN/?q=Hodan+Abdi#x",
            "blocked-uri": "https://evil.example/steal.js?name=Hodan",
            "effective-directive": "script-src-elem",
        }
    }

    with caplog.at_level(logging.WARNING, logger="events.csp"):
        response = report(browser, body)

    assert response.status_code == 204
    assert caplog.messages == [
        "CSP blocked https://evil.example/steal.js on "
        "https://forum.example.org/rsvp/[private]/ (script-src-elem)"
    ]


def test_reports_in_the_reporting_api_format_are_read_too(client, caplog):
    body = [
        {
            "type": "csp-violation",
            "body": {
                "documentURL": "https://forum.example.org/my-rsvp/abc123/change/?x=1",
                "blockedURL": "inline",
                "effectiveDirective": "style-src-attr",
            },
        }
    ]

    with caplog.at_level(logging.WARNING, logger="events.csp"):
        report(client, body, HTTP_CONTENT_TYPE="application/reports+json")

    assert caplog.messages == [
        "CSP blocked inline on https://forum.example.org/my-rsvp/[private]/change/ (style-src-attr)"
    ]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"x" * 8193, 413),
        (b"not json", 400),
        (b"\xff\xfe", 400),
        (b"[1, 2, 3]", 204),
        (b'{"csp-report": "a string"}', 204),
    ],
)
def test_a_report_that_is_huge_or_not_a_report_changes_nothing(client, caplog, body, status):
    with caplog.at_level(logging.WARNING, logger="events.csp"):
        response = report(client, body)

    assert response.status_code == status
    assert caplog.messages == []


def test_one_address_sends_at_most_20_reports_in_ten_minutes(client):
    body = {"csp-report": {"document-uri": "https://forum.example.org/"}}

    statuses = [report(client, body).status_code for _ in range(21)]

    assert statuses == [204] * 20 + [429]
    assert client.get("/csp-report/").status_code == 405
