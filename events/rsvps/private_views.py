"""A resident's own RSVP, reached by its private link: open it in this browser, see it,
change it, cancel it, erase it, forget it on this device, or disown it ("Didn't RSVP?").

The private link is in emails and on the result page. Opening it moves the RSVP into this
browser's session (events.rsvps.opened) and on to an address without the token."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..common.http import private, see_other, token_in_url
from ..common.language_switch import chose_language, reshows, typed
from ..common.translations import localize_event
from ..enums import RsvpStatus
from ..mail import messaging
from ..models import Rsvp
from . import opened, rules, seats
from .forms import ManageRsvpForm


def rsvp_for_token(token: str) -> Rsvp | None:
    rsvp = Rsvp.objects.select_related("event").filter(manage_token=token).first()
    return None if rsvp is None or rsvp.erased_at else rsvp


def manage_address(handle: str) -> str:
    return reverse("events:manage", args=[handle])


@require_safe
@token_in_url
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """The private link. A browser that brings cookies goes straight on to the RSVP; one
    that brings none may block them, so it gets a button that posts the token instead."""
    rsvp = rsvp_for_token(token)
    if rsvp is None:
        raise Http404
    if request.COOKIES:
        return see_other(manage_address(opened.remember(request, rsvp)))
    request.session.set_test_cookie()
    event = localize_event(rsvp.event, request.LANGUAGE_CODE)
    return render(request, "rsvps/open.html", {"event": event, "token": token})


@csrf_exempt  # the token in the body is the proof; a browser without cookies has no CSRF one
@require_POST
@private
def open_posted(request: HttpRequest) -> HttpResponse:
    rsvp = rsvp_for_token(request.POST.get("token", ""))
    if rsvp is None:
        raise Http404
    if request.session.test_cookie_worked():
        request.session.delete_test_cookie()
        return see_other(manage_address(opened.remember(request, rsvp)))
    # Cookies are blocked: the RSVP, to read, in answer to this POST (never under its token).
    return manage_page(request, rsvp, handle=None)


def manage_page(request, rsvp: Rsvp, *, handle: str | None, form=None, status=200):
    """The RSVP, in its own language unless this browser chose one. Without a handle
    (cookies blocked) it is read only."""
    stored = Rsvp.objects.select_related("event").get(pk=rsvp.pk)
    language = _language(request, stored)
    event = stored.event
    can_change = bool(handle) and stored.is_active and event.status != "cancelled"
    can_change = can_change and not event.has_started()
    with translation.override(language):
        if form is None and can_change:
            form = ManageRsvpForm(instance=stored, event=event)
        context = {
            "rsvp": stored,
            "handle": handle,
            "event": localize_event(event, language),
            "form": form,
            "language_form": "change-form" if form is not None and form.is_bound else "",
            "can_change": can_change,
            "position": seats.waitlist_position(stored),
        }
        return render(request, "rsvps/manage.html", context, status=status)


def _language(request, rsvp: Rsvp) -> str:
    """A resident's own pages speak the RSVP's language, unless this browser chose one."""
    return request.LANGUAGE_CODE if chose_language(request) else rsvp.language


def _confirm_page(request, rsvp: Rsvp, handle: str, *, erase: bool) -> HttpResponse:
    """ "Are you sure?" before a cancel or an erasure, as a page: it works without JavaScript."""
    language = _language(request, rsvp)
    with translation.override(language):
        context = {
            "rsvp": rsvp,
            "handle": handle,
            "event": localize_event(rsvp.event, language),
            "erase": erase,
        }
        return render(request, "rsvps/confirm.html", context)


def _opened_or_404(request, handle: str) -> Rsvp:
    rsvp = opened.opened_rsvp(request, handle)
    if rsvp is None:
        raise Http404
    return rsvp


@require_safe
@private
def manage(request: HttpRequest, handle: str) -> HttpResponse:
    rsvp = opened.opened_rsvp(request, handle)
    if rsvp is None:
        # Never opened here, forgotten, or the 20 minutes are over: say how to open it again.
        return render(request, "rsvps/not_open.html", status=404)
    return manage_page(request, rsvp, handle=handle)


def _change_typed(request: HttpRequest, handle: str) -> HttpResponse:
    rsvp = _opened_or_404(request, handle)
    form = typed(ManageRsvpForm, request, instance=rsvp, event=rsvp.event)
    return manage_page(request, rsvp, handle=handle, form=form)


@require_POST
@private
@reshows(_change_typed)
def rsvp_change(request: HttpRequest, handle: str) -> HttpResponse:
    rsvp = _opened_or_404(request, handle)
    form = ManageRsvpForm(request.POST, instance=rsvp, event=rsvp.event)
    if form.is_valid():
        try:
            rules.update_rsvp(form.instance)
        except rules.RsvpError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your RSVP was updated."))
            return see_other(manage_address(handle))
    return manage_page(request, rsvp, handle=handle, form=form)


@require_http_methods(["GET", "HEAD", "POST"])
@private
def rsvp_cancel(request: HttpRequest, handle: str) -> HttpResponse:
    """GET asks first; the POST from that page cancels."""
    rsvp = _opened_or_404(request, handle)
    if request.method != "POST":
        if rsvp.status == RsvpStatus.CANCELLED:
            return see_other(manage_address(handle))
        return _confirm_page(request, rsvp, handle, erase=False)
    if rsvp.status != RsvpStatus.CANCELLED:
        rules.cancel_rsvp(rsvp)
        messages.success(request, _("Your RSVP is cancelled. Thank you for letting us know."))
    return see_other(manage_address(handle))


@require_http_methods(["GET", "HEAD", "POST"])
@private
def rsvp_erase(request: HttpRequest, handle: str) -> HttpResponse:
    """GET asks first; the POST from that page erases."""
    rsvp = _opened_or_404(request, handle)
    if request.method != "POST":
        return _confirm_page(request, rsvp, handle, erase=True)
    rules.erase_rsvp(rsvp)
    messages.success(request, _("Your RSVP is cancelled and your details are erased."))
    return see_other(rsvp.event.get_absolute_url())


@require_POST
@private
def rsvp_stop_emails(request: HttpRequest, handle: str) -> HttpResponse:
    messaging.stop_emails(_opened_or_404(request, handle))
    messages.success(request, _("You will get no more reminders or messages about this forum."))
    return see_other(manage_address(handle))


@require_POST
@private
def forget(request: HttpRequest) -> HttpResponse:
    """ "Done — forget this on this device": for a shared computer."""
    opened.forget(request)
    messages.success(request, _("Done. This device no longer keeps your RSVP open."))
    return see_other(reverse("events:home"))


@require_http_methods(["GET", "HEAD", "POST"])
@token_in_url
def not_me(request: HttpRequest, token: str) -> HttpResponse:
    """The "Didn't RSVP?" link in every email. A forged or dead link gets a page that says
    nothing about any RSVP, and changes nothing."""
    rsvp = rsvp_for_token(token)
    if rsvp is not None and not rsvp.email:
        rsvp = None
    cancelled = None
    if request.method == "POST" and rsvp is not None:
        cancelled = rules.disown(rsvp)
    event = localize_event(rsvp.event, request.LANGUAGE_CODE) if rsvp else None
    context = {"rsvp": rsvp, "event": event, "cancelled": cancelled}
    return render(request, "rsvps/not_me.html", context)
