"""Email addresses as the site compares them. An address never identifies an RSVP; these only
say when two RSVPs were made with one address (for its owner's emails and their limits)."""

from django.utils.crypto import salted_hmac

# Providers that deliver "j.doe@" and "jdoe@" to one inbox.
_DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}


def normalize(email: str) -> str:
    """What is stored and compared: the address without spaces, in lower case."""
    return email.strip().lower()


def folded(email: str) -> str:
    """One inbox's address however it was written: without a "+tag", and for Gmail without
    dots. Used to count and to opt out, never to send."""
    local, _at, domain = normalize(email).rpartition("@")
    local = local.split("+", 1)[0]
    if domain in _DOTLESS_DOMAINS:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def address_key(email: str) -> str:
    """A keyed hash of the inbox (see folded): what is kept instead of an address."""
    return salted_hmac("events.address", folded(email), algorithm="sha256").hexdigest()
