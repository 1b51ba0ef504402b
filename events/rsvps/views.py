"""Residents' RSVPs: the form on the forum page, and the private link to change or cancel."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..common.http import private, see_other
from ..common.translations import localize_event
from ..enums import RsvpStatus
from ..forums.views import event_page
from ..mail import links
from ..models import Event, Rsvp
from . import rules, seats
from .forms import LostLinkForm, ManageRsvpForm, RsvpForm


@require_POST
@private
def rsvp_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The result is shown in answer to the form itself: what happened, the code and the
    private link, the same way whatever address was given (and none)."""
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    form = RsvpForm(request.POST, event=event, language=request.LANGUAGE_CODE)
    if form.is_valid():
        try:
            placement = rules.place_rsvp(form.instance)
        except rules.RsvpError as error:
            form.add_error(error.field, error.message)
        else:
            rsvp = placement.rsvp
            context = {
                "rsvp": rsvp,
                "event": localize_event(event, request.LANGUAGE_CODE),
                "position": seats.waitlist_position(rsvp),
                "manage_url": request.build_absolute_uri(
                    reverse("events:manage", args=[rsvp.manage_token])
                ),
            }
            return render(request, "rsvps/result.html", context)
    return event_page(request, event, form)


@require_http_methods(["GET", "POST"])
def lost_link(request: HttpRequest, slug: str) -> HttpResponse:
    """Lost your link? An address in, always the same answer."""
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    form = LostLinkForm(request.POST or None)
    sent = request.method == "POST" and form.is_valid()
    if sent:
        links.send_lost_links(event, form.cleaned_data["email"])
        form = LostLinkForm()
    context = {"event": localize_event(event, request.LANGUAGE_CODE), "form": form, "sent": sent}
    return render(request, "rsvps/lost_link.html", context)


@require_http_methods(["GET", "POST"])
@private
def not_me(request: HttpRequest, token: str) -> HttpResponse:
    """The "Didn't RSVP?" link in every email. A forged or dead link gets a page that says
    nothing about any RSVP, and changes nothing."""
    rsvp = Rsvp.objects.select_related("event").filter(manage_token=token).first()
    if rsvp is not None and (rsvp.erased_at or not rsvp.email):
        rsvp = None
    cancelled = None
    if request.method == "POST" and rsvp is not None:
        cancelled = rules.disown(rsvp)
    event = localize_event(rsvp.event, request.LANGUAGE_CODE) if rsvp else None
    context = {"rsvp": rsvp, "event": event, "cancelled": cancelled}
    return render(request, "rsvps/not_me.html", context)


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
