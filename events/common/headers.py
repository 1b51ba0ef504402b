"""Response headers every page gets besides Django's own (CSP, HSTS, nosniff, referrer and
opener policies, frame options are set in settings): our files are ours alone to embed, and
the browser features the site never uses are off."""

from django.conf import settings
from django.utils.csp import CSP

# A page whose script asks our own server for a part of it again (a forum's live block).
FETCHES_OWN = {**settings.SECURE_CSP, "connect-src": [CSP.SELF]}


def may_fetch(response):
    """Let this one page's script fetch from the site itself (the CSP says connect-src none).
    `_csp_config` is where Django's own @csp_override puts a view's policy."""
    response._csp_config = FETCHES_OWN
    return response


def fetches(response) -> bool:
    """Whether may_fetch() let this response's script fetch (a kept page keeps that too)."""
    return getattr(response, "_csp_config", None) == FETCHES_OWN


# Everything the site never asks a browser for. Listing them means no script, ours or one
# injected, can ask either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeaders:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
