"""Residents' RSVPs: the form on the forum page and its answer, and "Lost your link?"."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ..common.http import private
from ..common.language_switch import reshows, typed
from ..common.translations import localize_event
from ..forums.views import event_page
from ..mail import links
from ..models import Event
from . import hoarding, opened, rules, seats
from .forms import LostLinkForm, RsvpForm
from .private_views import manage_address


def _rsvp_typed(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    return event_page(
        request, event, typed(RsvpForm, request, event=event, language=request.LANGUAGE_CODE)
    )


@require_POST
@private
@reshows(_rsvp_typed)
def rsvp_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The result is shown in answer to the form itself: what happened, the code and the
    private link, the same way whatever address was given (and none)."""
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    form = RsvpForm(request.POST, event=event, language=request.LANGUAGE_CODE)
    if not form.is_valid():
        return event_page(request, event, form)
    claim = hoarding.claim_seats(request, event, form.instance.party_size)
    if claim is None:
        form.add_error(None, hoarding.refusal(event))
        return event_page(request, event, form, status=429)
    try:
        placement = rules.place_rsvp(form.instance)
    except rules.RsvpError as error:
        claim.give_back()
        form.add_error(error.field, error.message)
        return event_page(request, event, form)
    if placement.outcome == rules.Outcome.REPLAYED:
        claim.give_back()  # the same form again: no new seats
    else:
        hoarding.made(request, event, placement.rsvp)
    return _result_page(request, placement)


def _result_page(request, placement: rules.Placement) -> HttpResponse:
    """What happened, with the code and the private link (as text to keep), for the browser
    that sent the form; this browser keeps the RSVP open. The same form sent again (Back on a
    shared computer) shows the result only to that browser."""
    rsvp = placement.rsvp
    handle = opened.handle_for(request, rsvp)
    if placement.outcome == rules.Outcome.REPLAYED and handle is None:
        context = {"event": localize_event(rsvp.event, request.LANGUAGE_CODE)}
        return render(request, "rsvps/already_sent.html", context)
    context = {
        "rsvp": rsvp,
        "event": localize_event(rsvp.event, request.LANGUAGE_CODE),
        "position": seats.waitlist_position(rsvp),
        "private_link": request.build_absolute_uri(
            reverse("events:open_link", args=[rsvp.manage_token])
        ),
        "manage_address": manage_address(handle or opened.remember(request, rsvp)),
    }
    return render(request, "rsvps/result.html", context)


def _lost_link_page(request, event: Event, form: LostLinkForm, sent: bool = False) -> HttpResponse:
    context = {
        "event": localize_event(event, request.LANGUAGE_CODE),
        "form": form,
        "sent": sent,
        "language_form": "lost-link-form" if request.method == "POST" else "",
    }
    return render(request, "rsvps/lost_link.html", context)


def _lost_link_typed(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    return _lost_link_page(request, event, typed(LostLinkForm, request))


@require_http_methods(["GET", "HEAD", "POST"])
@reshows(_lost_link_typed)
def lost_link(request: HttpRequest, slug: str) -> HttpResponse:
    """Lost your link? An address in, always the same answer."""
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    form = LostLinkForm(request.POST or None)
    sent = request.method == "POST" and form.is_valid()
    if sent:
        links.send_lost_links(event, form.cleaned_data["email"])
        form = LostLinkForm()
    return _lost_link_page(request, event, form, sent)
