"""What stands between a script and the room. Seats are the one scarce thing, so an online
RSVP counts against its browser (settings.RATE_LIMITS["rsvp"], kept in the session) and its
network (settings.NETWORK_LIMITS["rsvp_seats"]: seats, however the script varies its cookies
and names). A forum's venue networks are exempt; RSVPs staff make are never limited. Someone
refused is told how to reach the organizer, who can RSVP for them."""

import time

from django.conf import settings
from django.utils.translation import gettext as _

from ..common import ratelimit
from ..common.net import client_ip, client_network
from ..models import Event, Rsvp
from . import bursts

_MADE = "rsvps_made"  # in the session: [forum id, when] of each RSVP this browser made


def claim_seats(request, event: Event, party_size: int) -> ratelimit.Claim | None:
    """Count the seats asked for; None (nothing counted) if the browser or the network has
    had its share of this forum this hour."""
    count, seconds = settings.RATE_LIMITS["rsvp"]["browser"]
    if len(_made_here(request, event, seconds)) >= count:
        return None
    return ratelimit.claim(request, event, "rsvp_seats", party_size)


def made(request, event: Event, rsvp: Rsvp) -> None:
    """An online RSVP was made: this browser and the burst watch count it."""
    _count, seconds = settings.RATE_LIMITS["rsvp"]["browser"]
    others = [entry for entry in request.session.get(_MADE, []) if entry[0] != event.pk]
    mine = [[event.pk, when] for when in _made_here(request, event, seconds)]
    request.session[_MADE] = [*others, *mine, [event.pk, time.time()]]
    venue = event.is_venue_network(client_ip(request))
    bursts.record(event, None if venue else client_network(request))


def _made_here(request, event: Event, seconds: int) -> list[float]:
    now = time.time()
    return [
        when
        for pk, when in request.session.get(_MADE, [])
        if pk == event.pk and now - when < seconds
    ]


def refusal(event: Event) -> str:
    """Why the RSVP was not taken, and who can take it instead, in the resident's language.
    Said to everyone on a shared network: never "you sent too many"."""
    phone = event.contact_phone or settings.ACCESSIBILITY_PHONE
    reason = _(
        "We cannot take more RSVPs online from this device or network for the next hour: "
        "many seats were asked for from it."
    )
    if phone and event.contact_name:
        how = _("To RSVP, call %(name)s at %(phone)s.") % {
            "name": event.contact_name,
            "phone": phone,
        }
    elif phone:
        how = _("To RSVP, call the organizers at %(phone)s.") % {"phone": phone}
    elif event.contact_email:
        how = _("To RSVP, write to the organizers at %(email)s.") % {"email": event.contact_email}
    else:
        how = _("To RSVP, contact the organizers.")
    return f"{reason} {how}"
