"""How many emails one address gets because of RSVPs made with it: a stranger who types a
neighbour's address again and again must not flood the neighbour's inbox (nor learn anything:
a capped email is written to the outbox as held back, the same work as one that goes).

Emails caused by staff, by a seat opening up, by reminders and by forum changes are never
counted. Counters live in the cache under keyed hashes of the address (see
events.common.addresses.folded: "a.b+x@gmail.com" and "ab@gmail.com" are one inbox).
"""

from django.conf import settings

from ..common import ratelimit
from ..common.addresses import address_key


def allow(email: str) -> bool:
    """Count one more email to this address; False when that passes one of its caps."""
    key = address_key(email)
    within = [
        ratelimit.hit(f"resident-email:{seconds}", key, (count, seconds))
        for count, seconds in settings.RESIDENT_EMAIL_CAPS
    ]
    return all(within)
