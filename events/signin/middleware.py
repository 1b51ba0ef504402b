"""Staff sign-in that holds, as middleware:

- LoginThrottle: before any password is hashed, one address gets settings.LOGIN_ATTEMPTS
  tries, and one process hashes at most settings.LOGIN_CONCURRENCY passwords at a time;
  beyond either, 429 at once. Hashing takes a core for a while: without this, a few
  parallel wrong passwords would slow every resident's page. (django-axes then locks out a
  username at one address after repeated failures.)
- CodeRequired: staff who must use a code (events.signin.codes.needs_code) reach no admin or
  staff page until they have entered one in this session.
- StaffSessions: a staff session ends at browser close, and after settings.SESSION_COOKIE_AGE
  (8 hours) without use; it is written at most every REFRESH_SECONDS to say it is in use.
"""

import threading
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from ..common import ratelimit
from ..common.net import client_ip
from . import codes

REFRESH_SECONDS = 5 * 60
_SEEN = "staff_seen"
_hashing = threading.BoundedSemaphore(settings.LOGIN_CONCURRENCY)


class LoginThrottle:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.path != reverse("admin:login"):
            return self.get_response(request)
        if not ratelimit.hit("login:address", client_ip(request), settings.LOGIN_ATTEMPTS):
            return _too_many(request)
        if not _hashing.acquire(blocking=False):
            return _too_many(request)
        try:
            return self.get_response(request)
        finally:
            _hashing.release()


def _too_many(request):
    response = render(request, "signin/too_many.html", status=429)
    response["Retry-After"] = "60"
    return response


class CodeRequired:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            _is_staff_page(request.path)
            and codes.needs_code(user)
            and not user.is_verified()
            and request.path not in _open_without_code()
        ):
            return redirect(reverse("signin:code") + "?" + urlencode({"next": request.path}))
        return self.get_response(request)


def _is_staff_page(path: str) -> bool:
    return path.startswith((reverse("admin:index"), "/staff/"))


def _open_without_code() -> set[str]:
    return {reverse("admin:login"), reverse("admin:logout"), reverse("signin:code")}


class StaffSessions:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            seen = request.session.get(_SEEN, 0)
            if time.time() - seen >= REFRESH_SECONDS:
                request.session[_SEEN] = time.time()  # saved: the 8 hours start again
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="events.signin.staff_session")
def _staff_session_ends_with_the_browser(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session.set_expiry(0)
        request.session[_SEEN] = time.time()
