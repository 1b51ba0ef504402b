"""The numbers on an organizer's event dashboard, read with a fixed number of aggregate queries
however many RSVPs and questions there are."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from ..common.languages import language_name
from ..enums import Accommodation, QuestionStatus, RsvpStatus
from ..models import Event, Rsvp, TopicTranslation
from ..models.event import seats_taken
from ..rsvps.seats import Seats
from .checkin import Presence

# A chart of more days than this shows only the last ones (the table below it too).
MAX_CHART_DAYS = 60
_COUNTED = [RsvpStatus.CONFIRMED, RsvpStatus.WAITLISTED]
# Questions still in play: the ones a topic chart counts.
_LIVE = [
    QuestionStatus.PENDING,
    QuestionStatus.APPROVED,
    QuestionStatus.ANSWERING,
    QuestionStatus.ANSWERED,
]


@dataclass(frozen=True)
class Needs:
    """People (not parties) who need each accommodation, and interpreters per language."""

    counts: dict[str, int]
    languages: dict[str, int]

    def rows(self) -> list[tuple[str, str, int]]:
        return [(value, label, self.counts[value]) for value, label in Accommodation.choices]


@dataclass(frozen=True)
class Day:
    date: datetime.date
    rsvps: int
    people: int


@dataclass(frozen=True)
class Dashboard:
    seats: Seats  # seats.taken: the people in confirmed parties
    confirmed_parties: int
    waitlisted_people: int
    presence: Presence
    needs_confirmed: Needs
    needs_waitlisted: Needs
    days: list[Day]
    questions_by_status: list[tuple[str, str, int]]
    questions_by_topic: list[tuple[str, int]]
    questions_without_topic: int
    # Addresses that hold more than one active RSVP, and those RSVPs: likely duplicates (a
    # resident who lost the link), or someone using another's address. A hint, never a rule.
    shared_addresses: int
    shared_address_rsvps: int

    @property
    def questions_total(self) -> int:
        return sum(count for _, _, count in self.questions_by_status)


def dashboard(event: Event, language: str = settings.LANGUAGE_CODE) -> Dashboard:
    """Everything the dashboard shows, in six queries; topics named in `language`."""
    totals = _rsvp_totals(event)
    languages = _interpreter_languages(event)
    by_status, by_topic = _question_counts(event, language)
    shared = _shared_addresses(event)
    live = sum(count for status, _, count in by_status if status in _LIVE)
    return Dashboard(
        seats=Seats(event.capacity, totals["confirmed_people"], totals["waitlisted_parties"]),
        confirmed_parties=totals["confirmed_parties"],
        waitlisted_people=totals["waitlisted_people"],
        presence=Presence(event.capacity, totals["checked_in"], event.walk_in_count),
        needs_confirmed=_needs(totals, RsvpStatus.CONFIRMED, languages),
        needs_waitlisted=_needs(totals, RsvpStatus.WAITLISTED, languages),
        days=rsvps_per_day(event),
        questions_by_status=by_status,
        questions_by_topic=by_topic,
        questions_without_topic=live - sum(count for _, count in by_topic),
        shared_addresses=len(shared),
        shared_address_rsvps=sum(shared),
    )


def accommodation_needs(event: Event) -> tuple[Needs, Needs]:
    """(confirmed, waitlisted) needs in people: two queries."""
    totals = _rsvp_totals(event)
    languages = _interpreter_languages(event)
    return (
        _needs(totals, RsvpStatus.CONFIRMED, languages),
        _needs(totals, RsvpStatus.WAITLISTED, languages),
    )


def needs_rows(confirmed: Needs, waitlisted: Needs) -> list[tuple[str, int, int]]:
    """(label, confirmed people, waitlisted people) per accommodation, for a table."""
    return [(label, count, waitlisted.counts[value]) for value, label, count in confirmed.rows()]


def language_rows(confirmed: Needs, waitlisted: Needs) -> list[tuple[str, int, int]]:
    """(language, confirmed people, waitlisted people), the most needed first."""
    names = list(confirmed.languages)
    names += [name for name in waitlisted.languages if name not in confirmed.languages]
    return [
        (name, confirmed.languages.get(name, 0), waitlisted.languages.get(name, 0))
        for name in names
    ]


def rsvps_with_needs(event: Event) -> dict[str, list[tuple[Rsvp, int]]]:
    """For the coordinators: the active RSVPs needing each accommodation (one query)."""
    any_need = Q()
    for value in Accommodation.values:
        any_need |= Q(**{f"{value}_count__gt": 0})
    rsvps = list(
        event.rsvps.filter(status__in=_COUNTED)
        .filter(any_need)
        .order_by("interpreter_language", "name", "pk")
    )
    lists: dict[str, list[tuple[Rsvp, int]]] = {value: [] for value in Accommodation.values}
    for rsvp in rsvps:
        for value in Accommodation.values:
            if count := getattr(rsvp, f"{value}_count"):
                lists[value].append((rsvp, count))
    return lists


def rsvps_per_day(event: Event) -> list[Day]:
    """RSVPs received each day (in the site's time zone), cancelled ones included: this is
    how fast word spread. Days without RSVPs are shown as 0."""
    rows = (
        event.rsvps.annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(rsvps=Count("pk"), people=Sum("party_size"))
        .order_by("day")
    )
    by_day = {row["day"]: row for row in rows}
    if not by_day:
        return []
    first, last = min(by_day), max(by_day)
    first = max(first, last - datetime.timedelta(days=MAX_CHART_DAYS - 1))
    days = []
    for offset in range((last - first).days + 1):
        date = first + datetime.timedelta(days=offset)
        row = by_day.get(date, {"rsvps": 0, "people": 0})
        days.append(Day(date, row["rsvps"], row["people"]))
    return days


# --- Internals ----------------------------------------------------------------------------


def _rsvp_totals(event: Event) -> dict[str, int]:
    def people(status, field="party_size"):
        return Sum(field, filter=Q(status=status), default=0)

    aggregates = {
        "confirmed_parties": Count("pk", filter=Q(status=RsvpStatus.CONFIRMED)),
        "confirmed_people": seats_taken(),
        "waitlisted_parties": Count("pk", filter=Q(status=RsvpStatus.WAITLISTED)),
        "waitlisted_people": people(RsvpStatus.WAITLISTED),
        "checked_in": Sum("checked_in_count", default=0),
    }
    for status in _COUNTED:
        for value in Accommodation.values:
            aggregates[f"{status}_{value}"] = people(status, f"{value}_count")
    return event.rsvps.aggregate(**aggregates)


def _interpreter_languages(event: Event) -> dict[str, dict[str, int]]:
    """{status: {language: people}}. A language picked from the forum's list is a code, one
    typed (where the forum lists none, or by staff) is words: "es", "spanish" and "Spanish "
    count as one, named in the active language."""
    rows = (
        event.rsvps.filter(status__in=_COUNTED, interpreter_count__gt=0)
        .values("status", "interpreter_language")
        .annotate(people=Sum("interpreter_count"))
    )
    languages: dict[str, dict[str, int]] = {status: {} for status in _COUNTED}
    for row in rows:
        name = language_name(row["interpreter_language"])
        per_status = languages[row["status"]]
        per_status[name] = per_status.get(name, 0) + row["people"]
    return {
        status: dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        for status, counts in languages.items()
    }


def _needs(totals: dict, status: str, languages: dict) -> Needs:
    return Needs(
        counts={value: totals[f"{status}_{value}"] for value in Accommodation.values},
        languages=languages[status],
    )


def _shared_addresses(event: Event) -> list[int]:
    """For each address with more than one active RSVP: how many it has."""
    per_address = (
        event.rsvps.active()
        .exclude(email="")
        .order_by()
        .values("email")
        .annotate(rsvps=Count("pk"))
        .filter(rsvps__gt=1)
    )
    return [row["rsvps"] for row in per_address]


def _question_counts(
    event: Event, language: str
) -> tuple[list[tuple[str, str, int]], list[tuple[str, int]]]:
    counts = dict(event.questions.order_by().values_list("status").annotate(count=Count("pk")))
    by_status = [(value, label, counts.get(value, 0)) for value, label in QuestionStatus.choices]
    live = Count("questions", filter=Q(questions__status__in=_LIVE))
    translated = TopicTranslation.objects.filter(topic=OuterRef("pk"), language=language)
    topics = event.topics.annotate(
        live=live, shown=Coalesce(Subquery(translated.values("name")[:1]), "name")
    )
    return by_status, [(topic.shown, topic.live) for topic in topics]
