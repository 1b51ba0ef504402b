"""Residents' side of "Hearing back": the feedback form after a forum."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ..common import ratelimit
from ..common.http import see_other
from ..common.language_switch import reshows, typed
from ..common.translations import localize_event
from ..models import Event
from ..questions.voters import ensure_voter_id, remember_voter
from . import rules
from .forms import FeedbackForm


def _forum(slug: str) -> Event:
    # Published forums only: a draft is nobody's business, a cancelled one had no forum.
    return get_object_or_404(Event.objects.published(), slug=slug)


def _page(request, event: Event, form: FeedbackForm | None, status: int = 200) -> HttpResponse:
    context = {
        "event": localize_event(event, request.LANGUAGE_CODE),
        "form": form,
        "language_form": "feedback-form" if form is not None else "",
        "closed_message": "" if form is not None else rules.closed_message(event),
    }
    return render(request, "feedback/feedback.html", context, status=status)


def _typed(request: HttpRequest, slug: str) -> HttpResponse:
    event = _forum(slug)
    if not rules.is_open(event):
        return _page(request, event, None)
    return _page(request, event, typed(FeedbackForm, request, event=event))


@require_safe
def feedback_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = _forum(slug)
    return _page(request, event, FeedbackForm(event=event) if rules.is_open(event) else None)


@require_POST
@reshows(_typed)
def send_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    event = _forum(slug)
    form = FeedbackForm(request.POST, event=event)
    if not rules.is_open(event):
        form.add_error(None, rules.closed_message(event))
        return _page(request, event, form)
    if not form.is_valid():
        return _page(request, event, form)
    thanks = _("Thank you. We read every answer to plan the next forum.")
    done = reverse("events:what_we_heard", args=[event.slug])
    if form.is_bot:
        messages.success(request, thanks)
        return see_other(done)
    refused = _count(request, event, form)
    if refused:
        return refused
    try:
        rules.give(
            event,
            usefulness=form.cleaned_data["usefulness"],
            next_topic=form.cleaned_data["next_topic"],
            hard_to_reach=form.cleaned_data["hard_to_reach"],
            language=request.LANGUAGE_CODE,
        )
    except rules.FeedbackClosed as error:
        form.add_error(None, error.message)
        return _page(request, event, form)
    messages.success(request, thanks)
    return remember_voter(request, see_other(done))


def _too_many_from_network() -> str:
    # Said to everyone on a shared network (a library, a phone carrier): never "you".
    return _(
        "Many answers were sent from this network in the last hour, so we cannot take more "
        "from it just now. Please try again later."
    )


def _count(request, event: Event, form: FeedbackForm) -> HttpResponse | None:
    """Count the answers against their browser and their network, and use the form up; the
    page to show instead if one of them refuses. As for questions (events.questions.views)."""
    browser = ensure_voter_id(request, event)
    if browser is None:
        form.add_error(None, _too_many_from_network())
    elif not ratelimit.allow("feedback", browser=browser):
        form.add_error(
            None, _("You sent this form many times in a short time. Please try again later.")
        )
    elif (claim := ratelimit.claim(request, event, "feedback")) is None:
        form.add_error(None, _too_many_from_network())
    elif not form.spend_token():  # its "opened at" was sent before: a replay
        claim.give_back()
        return _page(request, event, form)
    else:
        return None
    return remember_voter(request, _page(request, event, form, status=429))
