"""Small HTTP helpers shared by the views."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt


def see_other(url: str) -> HttpResponseRedirect:
    """After a POST, send the browser on with a GET (so reloading never re-submits)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def private(view):
    """For pages reached by a private link: never cached, and the link never leaks as a referrer.

    "same-origin" rather than "no-referrer": the link goes to no other site, while the page's
    own forms still send the Origin header that Django's CSRF check needs ("no-referrer"
    makes browsers send "Origin: null", and every cancel button would fail).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


def token_in_url(view):
    """For the few pages whose own address holds a private token (the links in emails):
    never cached, no Referer at all for anything they load, and their POST needs no CSRF
    cookie (the token in the address is the proof; and with "no-referrer" browsers send
    "Origin: null", which Django's CSRF check refuses)."""

    @wraps(view)
    @csrf_exempt
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def may_open(user, view) -> bool:
    """Whether a staff page (a view made by staff_permission_required) lets this user in."""
    permissions = getattr(view, "staff_permissions", None)
    return permissions is not None and user.is_staff and user.has_perms(permissions)


def staff_permission_required(*permissions: str):
    """Staff pages outside the admin: staff holding every one of `permissions` (superusers hold
    all). Strangers go to the admin login; people signed in without them get 403. Never
    cached, since they show residents' data and unreviewed questions."""

    def decorator(view):
        @wraps(view)
        @private
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if not may_open(request.user, wrapper):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # Read by may_open(), so links to a page show only to those it lets in.
        wrapper.staff_permissions = permissions
        return wrapper

    return decorator
