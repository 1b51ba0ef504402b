"""The "Hearing back" rules: when a forum takes feedback, saving it, and counting it.

Feedback is anonymous: nothing stored points to a person (no address, no cookie id), and it
keeps only the hour it came. It opens when the forum ends and closes when the forum's
personal data is erased, or settings.PERSONAL_DATA_RETENTION_DAYS after the end if that has
not happened yet: its free texts may hold personal details, and they go with the rest
(events.rsvps.rules.erase_event_personal_data).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from ..common import times
from ..common.errors import RuleError
from ..common.locking import lock_event
from ..enums import EventStatus, Usefulness
from ..models import Event, Feedback
from ..questions.personal_details import find_personal_details


class FeedbackClosed(RuleError):
    def __init__(self, event: Event):
        super().__init__(closed_message(event))


def closes_at(event: Event) -> datetime.datetime:
    return event.ends_at + datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def is_open(event: Event, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        event.status == EventStatus.PUBLISHED
        and event.personal_data_erased_at is None
        and event.ends_at <= now < closes_at(event)
    )


def closed_message(event: Event, now: datetime.datetime | None = None) -> str:
    """Why a forum takes no feedback now: when it opens (the forum is still to end), or
    that it is closed. The time comes first, as in "Questions open at ...": in English it
    ends in "p.m.", and the sentence's own period would double."""
    if event.ends_at > (now or timezone.now()):
        local = timezone.localtime(event.ends_at)
        return str(
            _("You can tell us what you thought after the forum ends, at %(time)s on %(date)s.")
            % {
                "date": date_format(local, "DATE_FORMAT"),
                "time": time_format(local, "TIME_FORMAT"),
            }
        )
    return str(_("Feedback for this forum is closed. Thank you to everyone who sent some."))


def personal_details_in(*texts: str) -> str:
    """The kinds of personal details found in the texts, as stored ("phone,email")."""
    kinds = {finding.kind for text in texts for finding in find_personal_details(text)}
    return ",".join(kind.value for kind in sorted(kinds))


def give(
    event: Event, *, usefulness: int, next_topic: str = "", hard_to_reach: str = "", language: str
) -> Feedback:
    """Save one resident's feedback. The forum is locked, so feedback never lands after its
    data was erased; raises FeedbackClosed when it takes none."""
    with transaction.atomic():
        event = lock_event(event.pk)
        if not is_open(event):
            raise FeedbackClosed(event)
        feedback = Feedback(
            event=event,
            usefulness=usefulness,
            next_topic=next_topic,
            hard_to_reach=hard_to_reach,
            language=language,
            personal_details=personal_details_in(next_topic, hard_to_reach),
            created_at=times.this_hour(),
        )
        feedback.full_clean()
        feedback.save()
        return feedback


def erase_texts(event: Event) -> int:
    """Erase the free texts of a forum's feedback (call it with the forum locked); the scores
    stay. How many answers lost a text."""
    with_text = event.feedback.filter(~Q(next_topic="") | ~Q(hard_to_reach=""))
    return with_text.update(next_topic="", hard_to_reach="", personal_details="")


@dataclass(frozen=True)
class Counts:
    by_score: list[tuple[int, str, int]]  # (score, label, answers), 1 to 5
    total: int
    next_topics: int  # answers that named a topic for next time
    hard_to_reach: int  # answers that said something was hard to reach or understand

    @property
    def peak(self) -> int:
        return max((count for _, _, count in self.by_score), default=0)

    @property
    def average(self) -> float | None:
        if not self.total:
            return None
        return sum(score * count for score, _, count in self.by_score) / self.total


def counts(event: Event) -> Counts:
    """The forum's feedback counted, in one query."""
    aggregates = {
        f"score_{score}": Count("pk", filter=Q(usefulness=score)) for score in Usefulness.values
    }
    totals = event.feedback.aggregate(
        total=Count("pk"),
        next_topics=Count("pk", filter=~Q(next_topic="")),
        hard_to_reach=Count("pk", filter=~Q(hard_to_reach="")),
        **aggregates,
    )
    return Counts(
        by_score=[(score, label, totals[f"score_{score}"]) for score, label in Usefulness.choices],
        total=totals["total"],
        next_topics=totals["next_topics"],
        hard_to_reach=totals["hard_to_reach"],
    )


def latest_texts(event: Event, limit: int = 50) -> list[Feedback]:
    """The newest answers with a free text, for organizers to read."""
    with_text = event.feedback.filter(~Q(next_topic="") | ~Q(hard_to_reach=""))
    return list(with_text.order_by("-created_at", "-pk")[:limit])
