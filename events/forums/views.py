"""The residents' front door: the list of forums, a forum's page, its calendar file and the
feed of upcoming forums."""

from functools import partial

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ..common import headers
from ..common.language_switch import remember
from ..common.translations import localize_event, localize_events, topic_names
from ..feedback import rules as feedback_rules
from ..models import Event
from ..questions import live
from ..questions.forms import QuestionForm
from ..questions.views import question_list_context
from ..rsvps import seats
from ..rsvps.forms import RsvpForm
from . import calendar, page_cache


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    listed = Event.objects.listed()
    language = request.LANGUAGE_CODE
    return render(
        request,
        "forums/home.html",
        {
            "upcoming": localize_events(listed.upcoming(now), language),
            "past": localize_events(listed.past(now), language),
            "feed_url": settings.SITE_URL + reverse("events:calendar_feed", args=[language]),
        },
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "forums/accessibility.html")


def event_page(
    request,
    event: Event,
    form: RsvpForm | None = None,
    status: int = 200,
    *,
    slots: bool = False,
) -> HttpResponse:
    """The forum's page; with `form`, the RSVP form as it was sent, with its errors. With
    `slots`, the page everyone sees, with placeholders for each visitor's own tokens."""
    counted = seats.seats(event)
    state = seats.rsvp_state(event, counted)
    if form is None and state in {seats.RsvpState.OPEN, seats.RsvpState.WAITLIST}:
        form = RsvpForm(event=event, language=request.LANGUAGE_CODE)
    names = topic_names(event, request.LANGUAGE_CODE)
    question_form = (
        QuestionForm(event=event, language=request.LANGUAGE_CODE, topics=names)
        if event.questions_are_open()
        else None
    )
    context = {
        "event": localize_event(event, request.LANGUAGE_CODE),
        "page_url": settings.SITE_URL + event.get_absolute_url(),
        "seats": counted,
        "availability": seats.availability(counted),
        "state": state.value,
        "form": form,
        # A form sent back with its errors: the language switcher keeps what was typed.
        "language_form": "rsvp-form" if form is not None and form.is_bound else "",
        "question_form": question_form,
        "feedback_open": feedback_rules.is_open(event),
        **question_list_context(request, event, names),
        **_live_block(event),
    }
    if slots:
        _put_slots(context, form, question_form)
    response = render(request, "forums/event_detail.html", context, status=status)
    return forum_page_headers(headers.may_fetch(response) if "live_phase" in context else response)


def _put_slots(context: dict, *forms) -> None:
    """Placeholders where each visitor's own CSRF and form tokens go (forums.page_cache)."""
    context["csrf_token"] = page_cache.slot(page_cache.CSRF_SLOT)
    for shown in forms:
        if shown is not None:
            shown.initial["form_token"] = page_cache.token_slot(shown.signed_for)


def _live_block(event: Event) -> dict:
    """The live block's context while the forum is on; before and after, its page has none."""
    return live.live_context(event) if live.phase(event) == live.Phase.ON else {}


def forum_page_headers(response: HttpResponse) -> HttpResponse:
    # Each response carries its own tokens: a browser or proxy may keep it, but must ask again.
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if not page_cache.may_serve(request):
        return event_page(request, get_object_or_404(Event.objects.listed(), slug=slug))
    return _kept(request, slug, partial(event_page, request, slots=True))


def _kept(request, slug: str, render_page) -> HttpResponse:
    """The page kept for this address, or `render_page(event)` rendered with slots and kept."""
    lookup = page_cache.Lookup(request, slug)
    page = lookup.kept
    if page is None:
        event = get_object_or_404(Event.objects.listed(), slug=slug)
        lookup.start()  # after the 404: an unknown address writes nothing
        rendered = render_page(event)
        page = lookup.keep(event, rendered.content.decode(), fetches=headers.fetches(rendered))
    return forum_page_headers(page_cache.respond(request, page))


LIVE_FRAGMENT = "fragment=1"


@require_safe
def event_live(request: HttpRequest, slug: str) -> HttpResponse:
    """The forum, live: a page that works alone (its "Refresh" link), and with ?fragment=1 the
    part live.js asks for again, the same for everyone whatever their cookies."""
    fragment = request.GET.get("fragment") == "1"
    if page_cache.may_serve(request, ("",)) or page_cache.may_serve(
        request, (LIVE_FRAGMENT,), personal=False
    ):
        return _kept(request, slug, partial(live_page, request, fragment=fragment, slots=True))
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    return live_page(request, event, fragment=fragment)


def live_page(request, event: Event, *, fragment: bool, slots: bool = False) -> HttpResponse:
    context = {"event": event, **live.live_context(event)}
    if fragment:
        response = render(request, "questions/live.html#content", context)
    else:
        context["event"] = localize_event(event, request.LANGUAGE_CODE)
        if slots:
            context["csrf_token"] = page_cache.slot(page_cache.CSRF_SLOT)
        response = render(request, "questions/live.html", context)
    return forum_page_headers(headers.may_fetch(response))


@require_safe
def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    ics = calendar.event_ics(localize_event(event, request.LANGUAGE_CODE))
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_safe
def calendar_feed(request: HttpRequest, language: str) -> HttpResponse:
    """Upcoming forums for a calendar app to subscribe to. Calendar servers fetch it without
    the resident's cookie, so the language is the address's, never the request's."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    events = localize_events(Event.objects.listed().upcoming(), language)
    response = HttpResponse(
        calendar.feed_ics(events, language), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="forums-{language}.ics"'
    return response


@require_safe
def short_link(request: HttpRequest, number: int, language: str) -> HttpResponse:
    """The address on a flyer or read out on the radio (forums.outreach): the forum's page, in
    the flyer's language. Temporary, so a printed flyer follows a forum whose address changes."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    event = get_object_or_404(Event.objects.listed(), pk=number)
    response = redirect(event)
    remember(response, language)  # the forum's page then opens in this language
    return response
