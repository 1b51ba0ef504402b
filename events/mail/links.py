"""A resident who lost their private link asks for it by address ("Lost your link?")."""

from functools import partial

from django.db import transaction
from django.tasks import task

from ..common.addresses import normalize
from ..enums import EmailKind
from ..models import Event, Rsvp
from .sending import queue_email


def send_lost_links(event: Event, email: str) -> None:
    """Email this address the private links of its RSVPs for the forum, if it has any.

    The request does the same work whatever the address (one lookup, one task queued once it
    commits), so neither its answer nor its time says whether the address holds an RSVP; the
    task writes the email, under the address's caps."""
    found = event.rsvps.active().filter(email=normalize(email), erased_at__isnull=True)
    rsvp_ids = list(found.values_list("pk", flat=True))
    transaction.on_commit(partial(email_lost_links.enqueue, rsvp_ids))


@task
def email_lost_links(rsvp_ids: list[int]) -> None:
    first = Rsvp.objects.filter(pk__in=rsvp_ids).order_by("pk").first()
    if first is not None:
        queue_email(first, EmailKind.MANAGE_LINK, by_resident=True)
