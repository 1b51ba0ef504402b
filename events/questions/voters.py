"""The anonymous voter id: a random value in a cookie, so one browser votes once per question
without anyone knowing who it is. Not tied to an RSVP, a name or an address.

It is made on a browser's first vote or question, never on a page view (that would set a
cookie on every page). A script that drops the cookie to vote again needs a new id each time,
and one network gets only so many new ids an hour (settings.NETWORK_LIMITS["new_voters"])."""

import re
import secrets

from django.conf import settings

from ..common import ratelimit

COOKIE = "voter"
_VALID = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
ONE_YEAR = 60 * 60 * 24 * 365


def voter_id(request) -> str | None:
    value = request.COOKIES.get(COOKIE, "")
    return value if _VALID.match(value) else None


def ensure_voter_id(request, event) -> str | None:
    """The browser's voter id, making one (remembered by remember_voter) if it has none; None
    when its network has had all the new ids it may have this hour."""
    existing = voter_id(request)
    if existing:
        return existing
    if ratelimit.claim(request, event, "new_voters") is None:
        return None
    request.new_voter_id = secrets.token_urlsafe(32)
    return request.new_voter_id


def remember_voter(request, response):
    new = getattr(request, "new_voter_id", None)
    if new:
        response.set_cookie(
            COOKIE,
            new,
            max_age=ONE_YEAR,
            httponly=True,
            samesite="Lax",
            secure=not settings.DEBUG,
        )
    return response
