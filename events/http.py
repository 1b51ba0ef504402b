"""Small HTTP helpers shared by the views."""

from functools import wraps

from django.http import HttpResponseRedirect
from django.utils.cache import add_never_cache_headers


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
