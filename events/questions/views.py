"""Residents' side of questions: ask, vote, and read what was answered."""

from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ..common import ratelimit
from ..common.http import see_other
from ..common.language_switch import reshows, typed
from ..common.translations import localize_event, topic_names
from ..enums import QuestionStatus
from ..feedback import rules as feedback_rules
from ..models import MOST_WANTED, Event, Question
from . import rules
from .forms import QuestionForm
from .voters import ensure_voter_id, remember_voter, voter_id

ORDERS = {"top": MOST_WANTED, "new": ("-created_at", "-pk")}


# The forum's page shows this many (the most wanted, or the newest); the rest are a tap away,
# so the page stays small however many questions a forum gets.
ON_FORUM_PAGE = 20
PER_PAGE = 50


def public_questions(event: Event, order: str = "top"):
    return event.questions.public().select_related("topic").order_by(*ORDERS[order])


def _order(request) -> str:
    order = request.GET.get("order")
    return order if order in ORDERS else "top"


def _listed(request, questions, names: dict[int, str]) -> dict:
    """The context a list of questions needs: each with its topic's name, and which of them
    this browser voted for (one query)."""
    for question in questions:
        question.topic_label = names.get(question.topic_id, "")
    return {
        "questions": questions,
        "voted": rules.voted_ids([q.pk for q in questions], voter_id(request)),
    }


def question_list_context(request, event: Event, names: dict[int, str]) -> dict:
    """What the event page needs to show its first public questions (three queries at any
    size of forum), and when questions open if that is still to come."""
    order = _order(request)
    public = public_questions(event, order)
    shown = list(public[:ON_FORUM_PAGE])
    return {
        **_listed(request, shown, names),
        "order": order,
        "question_total": public.count(),
        "questions_open_notice": rules.opening_notice(event),
    }


@require_safe
def all_questions(request: HttpRequest, slug: str) -> HttpResponse:
    """Every public question, a page at a time."""
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    order = _order(request)
    page = Paginator(public_questions(event, order), PER_PAGE).get_page(request.GET.get("page"))
    names = topic_names(event, request.LANGUAGE_CODE)
    context = {
        **_listed(request, list(page), names),
        "event": localize_event(event, request.LANGUAGE_CODE),
        "order": order,
        "page_obj": page,
    }
    return render(request, "questions/all.html", context)


def _ask_page(request, event: Event, form: QuestionForm, status: int = 200) -> HttpResponse:
    context = {
        "event": localize_event(event, request.LANGUAGE_CODE),
        "form": form,
        "language_form": "ask-form" if form is not None else "",  # keeps a half-typed question
        "closed_message": "" if form is not None else rules.closed_message(event),
    }
    return render(request, "questions/ask.html", context, status=status)


def _ask_typed(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    if not event.questions_are_open():
        return _ask_page(request, event, None)
    return _ask_page(
        request, event, typed(QuestionForm, request, event=event, language=request.LANGUAGE_CODE)
    )


@require_safe
def ask_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    form = (
        QuestionForm(event=event, language=request.LANGUAGE_CODE)
        if event.questions_are_open()
        else None
    )
    return _ask_page(request, event, form)


def _too_many_from_browser() -> str:
    return _("You sent many questions in a short time. Please wait a few minutes and try again.")


def _too_many_from_network() -> str:
    # Said to everyone on a shared network (a library, a phone carrier): never "you".
    return _(
        "Many questions were sent from this network in the last hour, so we cannot take more "
        "from it just now. Please try again later, or bring your question to the forum."
    )


@require_POST
@reshows(_ask_typed)
def ask(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    form = QuestionForm(request.POST, event=event, language=request.LANGUAGE_CODE)
    if not event.questions_are_open():
        form.add_error(None, rules.closed_message(event))
        return _ask_page(request, event, form)
    if not form.is_valid():
        return _ask_page(request, event, form)
    thanks = _("Thank you. Your question will appear after a moderator reviews it.")
    if form.is_bot:
        messages.success(request, thanks)
        return see_other(event.get_absolute_url() + "#questions")
    text = form.cleaned_data["text"]
    if not rules.was_just_asked(event, text):  # a double click is thanked, not counted
        refused = _count_question(request, event, form)
        if refused:
            return refused
    try:
        rules.ask(
            event,
            text=text,
            topic=form.cleaned_data.get("topic"),
            language=form.cleaned_data["language"],
        )
    except rules.QuestionError as error:
        form.add_error(error.field, error.message)
        return _ask_page(request, event, form)
    messages.success(request, thanks)
    return remember_voter(request, see_other(event.get_absolute_url() + "#questions"))


def _count_question(request, event: Event, form: QuestionForm) -> HttpResponse | None:
    """Count the question against its browser and its network, and use its form up; the page
    to show instead if one of them refuses."""
    browser = ensure_voter_id(request, event)
    if browser is None:
        form.add_error(None, _too_many_from_network())
    elif not ratelimit.allow("question", browser=browser):
        form.add_error(None, _too_many_from_browser())
    elif (claim := ratelimit.claim(request, event, "questions")) is None:
        form.add_error(None, _too_many_from_network())
    elif not form.spend_token():  # its "opened at" was sent before: a script reusing it
        claim.give_back()
        return _ask_page(request, event, form)
    else:
        return None
    return remember_voter(request, _ask_page(request, event, form, status=429))


@require_POST
def vote(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    back = _back_from_vote(request, event, question_id)
    removing = request.POST.get("action") == "remove"
    browser = ensure_voter_id(request, event)
    claim = None
    if browser is None:
        refusal = _("Many people voted from this network in the last hour. Please try later.")
    elif not ratelimit.allow("vote", browser=browser):
        refusal = _("You voted many times in a short time. Please wait a few minutes.")
    elif (
        not removing
        and (claim := ratelimit.claim(request, event, "votes_per_question", of=str(question_id)))
        is None
    ):
        refusal = _(
            "This question had many votes from this network in the last hour. Please try later."
        )
    else:
        refusal = ""
    if refusal:
        messages.error(request, refusal)
        return remember_voter(request, see_other(back))
    try:
        if removing:
            rules.unvote(question_id, event, browser)
        else:
            rules.vote(question_id, event, browser)
    except rules.NotVotable:
        if claim:
            claim.give_back()
        raise Http404 from None
    return remember_voter(request, see_other(back))


def _back_from_vote(request, event: Event, question_id: int) -> str:
    """The list the vote was cast from, as it was: the forum's page, or a page of all."""
    order = request.POST.get("order") if request.POST.get("order") in ORDERS else "top"
    query = {"order": order}
    if request.POST.get("from") == "all":
        page = request.POST.get("page", "")
        if page.isdigit() and 1 < int(page) <= 100_000:
            query["page"] = page
        address = reverse("events:all_questions", args=[event.slug])
    else:
        address = event.get_absolute_url()
    return f"{address}?{urlencode(query)}#question-{question_id}"


@require_safe
def what_we_heard(request: HttpRequest, slug: str) -> HttpResponse:
    # Only once the forum is over: before (or when it was cancelled) there is nothing to tell,
    # and a page saying "0 questions were answered at the forum" would pretend there were.
    ended = Event.objects.published().filter(ends_at__lte=timezone.now())
    event = get_object_or_404(ended, slug=slug)
    answered = (
        event.questions.filter(status=QuestionStatus.ANSWERED)
        .select_related("topic")
        .order_by(
            F("topic__position").asc(nulls_last=True),
            F("topic__name").asc(nulls_last=True),
            *MOST_WANTED,
        )
    )
    names = topic_names(event, request.LANGUAGE_CODE)
    by_topic: dict[str, list[Question]] = defaultdict(list)
    for question in answered:
        by_topic[names.get(question.topic_id, "")].append(question)
    context = {
        "event": localize_event(event, request.LANGUAGE_CODE),
        "by_topic": dict(by_topic),
        "answered_count": len(answered),
        "feedback": feedback_rules.counts(event),
        "feedback_open": feedback_rules.is_open(event),
    }
    return render(request, "questions/what_we_heard.html", context)
