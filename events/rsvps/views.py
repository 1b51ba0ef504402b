"""Residents' RSVPs: the form on the forum page, and the private link to change or cancel."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..common.http import private, see_other
from ..common.translations import localize_event
from ..enums import RsvpStatus
from ..forums.views import event_page
from ..models import Event, Rsvp
from . import rules, seats
from .forms import ManageRsvpForm, RsvpForm


@require_POST
def rsvp_create(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    form = RsvpForm(request.POST, event=event, language=request.LANGUAGE_CODE)
    if form.is_valid():
        try:
            placement = rules.place_rsvp(form.instance)
        except rules.RsvpError as error:
            form.add_error(error.field, error.message)
        else:
            if placement.rsvp.email or form.cleaned_data["email"]:
                # Same page whether or not this address already had an RSVP: the email
                # tells its owner the rest.
                return see_other(reverse("events:rsvp_sent", args=[event.slug]))
            return see_other(reverse("events:manage", args=[placement.rsvp.manage_token]))
    return event_page(request, event, form)


@require_GET
def rsvp_sent(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    context = {"event": localize_event(event, request.LANGUAGE_CODE)}
    return render(request, "rsvps/rsvp_sent.html", context)


def _rsvp_for_link(token: str) -> Rsvp:
    rsvp = Rsvp.objects.select_related("event").filter(manage_token=token).first()
    if rsvp is None or rsvp.erased_at:
        raise Http404
    return rsvp


def _manage_page(request, rsvp: Rsvp, form: ManageRsvpForm | None = None) -> HttpResponse:
    stored = Rsvp.objects.select_related("event").get(pk=rsvp.pk)
    event = stored.event
    can_change = stored.is_active and event.status != "cancelled" and not event.has_started()
    if form is None and can_change:
        form = ManageRsvpForm(instance=stored, event=event)
    context = {
        "rsvp": stored,
        "event": localize_event(event, request.LANGUAGE_CODE),
        "form": form,
        "can_change": can_change,
        "position": seats.waitlist_position(stored),
        "manage_url": request.build_absolute_uri(
            reverse("events:manage", args=[stored.manage_token])
        ),
        "seats": seats.seats(event),
    }
    return render(request, "rsvps/manage.html", context)


@require_GET
@private
def manage(request: HttpRequest, token: str) -> HttpResponse:
    return _manage_page(request, _rsvp_for_link(token))


@require_POST
@private
def rsvp_change(request: HttpRequest, token: str) -> HttpResponse:
    rsvp = _rsvp_for_link(token)
    form = ManageRsvpForm(request.POST, instance=rsvp, event=rsvp.event)
    if form.is_valid():
        try:
            rules.update_rsvp(form.instance)
        except rules.RsvpError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your RSVP was updated."))
            return see_other(reverse("events:manage", args=[token]))
    return _manage_page(request, rsvp, form)


@require_POST
@private
def rsvp_cancel(request: HttpRequest, token: str) -> HttpResponse:
    rsvp = _rsvp_for_link(token)
    if rsvp.status != RsvpStatus.CANCELLED:
        rules.cancel_rsvp(rsvp)
        messages.success(request, _("Your RSVP is cancelled. Thank you for letting us know."))
    return see_other(reverse("events:manage", args=[token]))


@require_POST
@private
def rsvp_erase(request: HttpRequest, token: str) -> HttpResponse:
    rsvp = _rsvp_for_link(token)
    rules.erase_rsvp(rsvp)
    messages.success(request, _("Your RSVP is cancelled and your details are erased."))
    return see_other(rsvp.event.get_absolute_url())
