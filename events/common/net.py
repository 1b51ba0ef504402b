from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address. X-Forwarded-For is believed only for the proxies we run
    (DJANGO_TRUSTED_PROXY_COUNT): each appends the address it saw, so with N proxies the
    Nth entry from the right is the one our outermost proxy saw. Anything left of it could
    have been typed by the client."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")
