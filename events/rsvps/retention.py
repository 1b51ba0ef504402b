"""Personal data is deleted on a schedule: settings.PERSONAL_DATA_RETENTION_DAYS days after a
forum ends, its RSVPs lose their names, emails and notes, and its feedback its words
(`manage.py erase_personal_data`, run from cron). The counts stay.
events.rsvps.rules.erase_event_personal_data does the erasing."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from ..models import Event, Rsvp
from . import rules


@dataclass(frozen=True)
class Erasure:
    event: Event
    rsvps: int  # RSVPs whose details are (or would be) erased


def cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Events that ended before this moment are past the retention period."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def due(now: datetime.datetime | None = None) -> list[Erasure]:
    """Events past the retention period that were never erased, or that have RSVPs with
    details left (say, staff added one after the event)."""
    details_left = Rsvp.objects.filter(event=OuterRef("pk"), erased_at__isnull=True)
    events = (
        Event.objects.filter(ends_at__lt=cutoff(now))
        .filter(Q(personal_data_erased_at__isnull=True) | Exists(details_left))
        .annotate(to_erase=Count("rsvps", filter=Q(rsvps__erased_at__isnull=True)))
        .order_by("ends_at", "pk")
    )
    return [Erasure(event, event.to_erase) for event in events]


def erase_due(now: datetime.datetime | None = None) -> list[Erasure]:
    return [
        Erasure(erasure.event, rules.erase_event_personal_data(erasure.event))
        for erasure in due(now)
    ]
