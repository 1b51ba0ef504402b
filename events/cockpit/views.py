"""The organizers' cockpit: an event's dashboard, check-in at the door, attendee exports and
the accommodation summary. Staff only; each page needs one permission of the Organizer role."""

from collections.abc import Sequence

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..common import audit, spreadsheets
from ..common.http import see_other, staff_permission_required
from ..common.language_switch import reshows, typed
from ..common.translations import localize_event
from ..enums import Accommodation, AuditAction, RsvpStatus
from ..feedback import rules as feedback_rules
from ..mail.sending import outbox_counts
from ..models import Event, Rsvp
from ..rsvps import bursts, seats
from . import charts, checkin, dashboard, exports
from .forms import CheckInForm, SearchForm, WalkInForm

# --- Dashboard ------------------------------------------------------------------------------


@require_safe
@staff_permission_required("events.view_rsvp")
def event_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    numbers = dashboard.dashboard(event, request.LANGUAGE_CODE)
    chart = charts.bar_chart([(f"{day.date:%Y-%m-%d}", day.rsvps) for day in numbers.days])
    context = {
        # The forum's texts in the staff member's language where staff translated them.
        "event": localize_event(event, request.LANGUAGE_CODE),
        "numbers": numbers,
        "chart": chart,
        "rows": list(zip(numbers.days, chart.bars, strict=True)),
        "first_day": numbers.days[0].date if numbers.days else None,
        "last_day": numbers.days[-1].date if numbers.days else None,
        "day_total": sum(day.rsvps for day in numbers.days),
        # Online RSVPs per hour, from counters the cache keeps two days (no address kept).
        "hours": [hour for hour in bursts.last_hours(event) if hour.rsvps],
        "bursts": bursts.flagged(event),
        "needs": dashboard.needs_rows(numbers.needs_confirmed, numbers.needs_waitlisted),
        "interpreter_languages": dashboard.language_rows(
            numbers.needs_confirmed, numbers.needs_waitlisted
        ),
        # Over capacity, the bar runs past the "high" mark, and browsers colour it a warning.
        "seats_scale": max(numbers.seats.capacity or 0, numbers.seats.taken),
        "present_scale": max(numbers.seats.capacity or 0, numbers.presence.present),
        "status_peak": max((c for _, _, c in numbers.questions_by_status), default=0),
        "topic_peak": max(
            [count for _, count in numbers.questions_by_topic] + [numbers.questions_without_topic]
        ),
        "emails": outbox_counts(event),
        **_feedback(event),
    }
    return render(request, "cockpit/dashboard.html", context)


def _feedback(event: Event) -> dict:
    """What residents said after the forum: counts per score, a chart, the newest words."""
    counts = feedback_rules.counts(event)
    chart = charts.bar_chart(
        [(label, count) for _, label, count in counts.by_score], min_bars=len(counts.by_score)
    )
    return {
        "feedback": counts,
        "feedback_chart": chart,
        "feedback_rows": list(zip(counts.by_score, chart.bars, strict=True)),
        "feedback_texts": feedback_rules.latest_texts(event) if counts.total else [],
    }


# --- Check-in at the door -------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@staff_permission_required("events.check_in_rsvp")
def checkin_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The door. The search is posted: a typed name must sit in no URL, history or log."""
    event = get_object_or_404(Event, slug=slug)
    search = SearchForm(request.POST or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    results = checkin.search(event, query)
    if results:
        audit.record(request.user, AuditAction.VIEW_ATTENDEES, event=event, count=len(results))
    return _checkin(request, event, search=search, query=query, results=results)


@require_safe
@staff_permission_required("events.check_in_rsvp")
def checkin_rsvp(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The page the QR code in a confirmation email opens."""
    event = get_object_or_404(Event, slug=slug)
    rsvp = _rsvp_or_404(event, code)
    audit.record(request.user, AuditAction.VIEW_ATTENDEES, event=event, count=1)
    return _checkin(request, event, query=rsvp.code, results=[rsvp])


def _check_in_typed(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    rsvp = _rsvp_or_404(event, code)
    form = typed(CheckInForm, request, rsvp=rsvp)
    return _checkin(request, event, query=rsvp.code, results=[rsvp], errored=form)


def _walk_in_typed(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    return _checkin(request, event, walk_in_form=typed(WalkInForm, request))


@require_POST
@staff_permission_required("events.check_in_rsvp")
@reshows(_check_in_typed)
def check_in(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    rsvp = _rsvp_or_404(event, code)
    form = CheckInForm(request.POST, rsvp=rsvp)
    if form.is_valid():
        checked = form.apply(checkin.check_in, rsvp, form.cleaned_data["arrived"], request.user)
        if checked:
            messages.success(request, _checked_in(checked))
            # The code, not a typed name: names must not sit in URLs, histories and proxy logs.
            return see_other(_checkin_url(event, checked.code))
    query = form.cleaned_data.get("q") or rsvp.code
    return _checkin(request, event, query=query, results=[rsvp], errored=form)


@require_POST
@staff_permission_required("events.check_in_rsvp")
@reshows(_walk_in_typed)
def walk_in(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    form = WalkInForm(request.POST)
    if form.is_valid():
        count = form.cleaned_data["count"]
        if form.apply(checkin.add_walk_ins, event, count, request.user):
            added = ngettext("Added %(count)d walk-in.", "Added %(count)d walk-ins.", count)
            messages.success(request, added % {"count": count})
            return see_other(_checkin_url(event))
    return _checkin(request, event, walk_in_form=form)


def _checked_in(rsvp: Rsvp) -> str:
    return ngettext(
        "%(code)s: %(arrived)d of %(size)d checked in.",
        "%(code)s: %(arrived)d of %(size)d checked in.",
        rsvp.party_size,
    ) % {"code": rsvp.code, "arrived": rsvp.checked_in_count, "size": rsvp.party_size}


def _rsvp_or_404(event: Event, code: str) -> Rsvp:
    rsvp = checkin.find(event, code)
    if rsvp is None:
        raise Http404
    return rsvp


def _checkin_url(event: Event, code: str = "") -> str:
    if code:
        return reverse("staff:checkin_rsvp", args=[event.slug, code])
    return reverse("staff:checkin", args=[event.slug])


def _seats_free(event: Event, results: Sequence[Rsvp]) -> int | None:
    """A waitlisted party holds no seat: the door says so, with the seats free now (counted
    only when such a party is shown)."""
    if any(rsvp.status == RsvpStatus.WAITLISTED for rsvp in results):
        return seats.seats(event).left
    return None


def _checkin(
    request,
    event: Event,
    *,
    search: SearchForm | None = None,
    query: str = "",
    results: Sequence[Rsvp] = (),
    errored: CheckInForm | None = None,
    walk_in_form: WalkInForm | None = None,
) -> HttpResponse:
    forms = [
        errored
        if errored and errored.rsvp.pk == rsvp.pk
        else CheckInForm(
            rsvp=rsvp,
            initial={"arrived": rsvp.checked_in_count or rsvp.party_size, "q": query},
        )
        for rsvp in results
    ]
    context = {
        "event": localize_event(event, request.LANGUAGE_CODE),
        "presence": checkin.presence(event),
        "search": search or SearchForm(initial={"q": query}),
        "query": query,
        "forms": forms,
        "limit_reached": len(results) == checkin.SEARCH_LIMIT,
        "limit": checkin.SEARCH_LIMIT,
        "walk_in_form": walk_in_form or WalkInForm(),
        "max_walk_ins": checkin.MAX_WALK_INS,
        "seats_free": _seats_free(event, results),
        "form": errored or walk_in_form,  # base.html puts "Error:" in the title
        "language_form": (
            f"check-in-{errored.rsvp.code}" if errored else "walk-in-form" if walk_in_form else ""
        ),
    }
    return render(request, "cockpit/checkin.html", context)


# --- Attendee lists -------------------------------------------------------------------------


@require_safe
@staff_permission_required("events.export_rsvp")
def attendees_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event, table = _attendees(request, slug)
    return spreadsheets.csv_response(f"attendees-{event.slug}.csv", *table)


def _attendees(request, slug: str):
    """Active RSVPs only: nobody needs the names of people who cancelled."""
    event = get_object_or_404(Event, slug=slug)
    return event, exports.rsvp_table(event.rsvps.active(), request.user)


@require_safe
@staff_permission_required("events.view_rsvp")
def accommodations(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    confirmed, waitlisted = dashboard.accommodation_needs(event)
    lists = dashboard.rsvps_with_needs(event)
    listed = len({rsvp.pk for group in lists.values() for rsvp, _count in group})
    audit.record(request.user, AuditAction.VIEW_ATTENDEES, event=event, count=listed)
    context = {
        "event": localize_event(event, request.LANGUAGE_CODE),
        "needs": dashboard.needs_rows(confirmed, waitlisted),
        "interpreter_languages": dashboard.language_rows(confirmed, waitlisted),
        "lists": [
            (value, label, lists[value]) for value, label in Accommodation.choices if lists[value]
        ],
    }
    return render(request, "cockpit/accommodations.html", context)
