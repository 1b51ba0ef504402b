"""RSVPs open in this browser: how a private link leaves the address bar.

A private link (`/rsvp/<token>/`, in emails and on the result page) is opened once: the RSVP
is kept in this browser's session under a random handle, and the browser goes on to
`/rsvp/r/<handle>/`, which is useless anywhere else. So the token never sits in the address
bar, in history, in a Referer or in a proxy's log of the pages the resident looks at.

On a shared computer (a library, a shelter, a relative's phone) this must not outlast the
visit: the session ends when the browser closes and after IDLE without use, and "Done —
forget this on this device" ends it at once. Staff who open a resident's link keep their own
session's length (theirs is set at sign-in).
"""

import secrets
import time

from ..models import Rsvp

IDLE_SECONDS = 20 * 60
_OPEN = "rsvps"  # handle -> RSVP id
_SEEN = "rsvps_seen"  # when this browser last used an open RSVP


def remember(request, rsvp: Rsvp) -> str:
    """Keep the RSVP open in this browser; returns its handle (the same one if it is open)."""
    opened = _opened(request)
    handle = next((h for h, pk in opened.items() if pk == rsvp.pk), None)
    if handle is None:
        if not opened:
            request.session.cycle_key()  # a new session: nobody could have planted this one
        handle = secrets.token_urlsafe(9)
        opened[handle] = rsvp.pk
    request.session[_OPEN] = opened
    _touch(request)
    return handle


def handle_for(request, rsvp: Rsvp) -> str | None:
    """The handle of this RSVP if it is open in this browser."""
    return next((h for h, pk in _opened(request).items() if pk == rsvp.pk), None)


def opened_rsvp(request, handle: str) -> Rsvp | None:
    """The RSVP open under this handle in this browser, or None (never opened here, expired,
    forgotten, or erased since)."""
    pk = _opened(request).get(handle)
    if pk is None:
        return None
    rsvp = Rsvp.objects.select_related("event").filter(pk=pk, erased_at__isnull=True).first()
    if rsvp is not None:
        _touch(request)
    return rsvp


def forget(request) -> None:
    """ "Done — forget this on this device"."""
    for key in (_OPEN, _SEEN):
        request.session.pop(key, None)
    if not request.user.is_authenticated:
        request.session.flush()


def _opened(request) -> dict[str, int]:
    seen = request.session.get(_SEEN)
    if seen is not None and time.time() - seen > IDLE_SECONDS:
        forget(request)
    return dict(request.session.get(_OPEN, {}))


def _touch(request) -> None:
    request.session[_SEEN] = time.time()
    if not request.user.is_authenticated:
        request.session.set_expiry(0)  # ends when the browser closes
