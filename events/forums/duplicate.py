"""A forum copied as a new draft: everything staff wrote and set, moved to new dates, and
nothing that residents gave (RSVPs, questions, votes, feedback), nor anything the old forum's
own life left behind (messages, emails, walk-ins, its calendar entry's SEQUENCE)."""

import datetime

from django.db import transaction
from django.utils import timezone

from ..enums import EventStatus
from ..models import Event, EventTranslation, Topic, TopicTranslation

# Copied as they are: staff's texts for residents, the place, the seats and who to contact.
COPIED = (
    "title",
    "summary",
    "description",
    "hosts",
    "speakers",
    "venue_name",
    "venue_address",
    "map_url",
    "venue_networks",
    "capacity",
    "seat_display",
    "max_party_size",
    "accessibility",
    "interpretation_languages",
    "data_practices",
    "contact_name",
    "contact_email",
    "contact_phone",
)
# Moved by as much as the forum is (an empty one stays empty: it follows the forum anyway).
SHIFTED = ("rsvps_open_at", "rsvps_close_at", "questions_open_at", "questions_close_at")
# Left at their defaults. A livestream link is made for one broadcast: the old one would show
# residents last time's video. The sequence, walk-ins and erasure belong to the old forum's
# life; the copy's calendar entry is its own (its UID comes from its own id).
RESET = ("livestream_url", "sequence", "walk_in_count", "personal_data_erased_at")
# Given by staff for the copy, or set by the copy itself.
GIVEN = ("id", "slug", "starts_at", "ends_at", "status", "created_at", "updated_at")


@transaction.atomic
def duplicate_event(
    event: Event, *, slug: str, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> Event:
    """A new draft of `event` at `slug`, from `starts_at` to `ends_at`, with its translations
    and its topics (with theirs)."""
    by = _wall_clock(starts_at) - _wall_clock(event.starts_at)
    copy = Event.objects.create(
        slug=slug,
        starts_at=starts_at,
        ends_at=ends_at,
        status=EventStatus.DRAFT,
        **{name: getattr(event, name) for name in COPIED},
        **{name: _shifted(getattr(event, name), by) for name in SHIFTED},
    )
    EventTranslation.objects.bulk_create(
        EventTranslation(event=copy, **_texts(translation))
        for translation in event.translations.all()
    )
    topics = list(event.topics.prefetch_related("translations"))
    copies = Topic.objects.bulk_create(
        Topic(event=copy, name=topic.name, position=topic.position) for topic in topics
    )
    TopicTranslation.objects.bulk_create(
        TopicTranslation(topic=new, language=translation.language, name=translation.name)
        for old, new in zip(topics, copies, strict=True)
        for translation in old.translations.all()
    )
    return copy


def _texts(translation: EventTranslation) -> dict:
    return {
        field.name: getattr(translation, field.name)
        for field in EventTranslation._meta.concrete_fields
        if field.name not in {"id", "event"}
    }


def _wall_clock(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def _shifted(moment: datetime.datetime | None, by: datetime.timedelta):
    """Moved by as many days and hours on the local clock: RSVPs that opened at 9 in the
    morning open at 9 for the copy, across a change to or from daylight saving time."""
    if moment is None:
        return None
    return timezone.make_aware(_wall_clock(moment) + by)
