"""Organizers' and the speaker's side of questions: the moderation queue, the presenter screen,
the exports and the printable sheet. The rules themselves live in events.questions.rules."""

import re
from collections import defaultdict
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..common import spreadsheets
from ..common.http import see_other, staff_permission_required
from ..common.translations import localize_event, topic_names
from ..enums import PersonalDetail, QuestionStatus
from ..models import MOST_WANTED, Event, Question
from . import exports, rules
from .forms import ACTIONS, MergeForm, ModerateForm, QuestionFilterForm, WordingForm

QUEUE_PAGE_SIZE = 50
PRESENTER_NEXT = 5
NEWEST_FIRST = ("-created_at", "-pk")
ACTION_LABELS = {
    QuestionStatus.APPROVED: gettext_lazy("Approve"),
    QuestionStatus.REJECTED: gettext_lazy("Reject"),
    QuestionStatus.ANSWERING: gettext_lazy("Now answering"),
    QuestionStatus.ANSWERED: gettext_lazy("Answered"),
}


# --- The queue ----------------------------------------------------------------------------


def _order(status: str) -> tuple[str, ...]:
    """New questions newest first, for review; reviewed ones most wanted first."""
    return NEWEST_FIRST if status == QuestionStatus.PENDING else MOST_WANTED


def _queue(event: Event, status: str, topic_id: int | None, search: str = ""):
    listed = event.questions.filter(status=status)
    if topic_id:
        listed = listed.filter(topic_id=topic_id)
    if number := re.fullmatch(r"#?(\d{1,9})", search):
        listed = listed.filter(pk=int(number[1]))
    elif search:
        listed = listed.filter(text__icontains=search)
    return listed.order_by(*_order(status))


def _queue_url(event: Event, status: str, topic_id, page=None, anchor=None) -> str:
    query = {"status": status}
    if topic_id:
        query["topic"] = topic_id
    if page and str(page) != "1":
        query["page"] = page
    url = f"{reverse('staff:queue', args=[event.slug])}?{urlencode(query)}"
    return f"{url}#question-{anchor}" if anchor else url


def _neighbour_id(queue, question: Question, status: str) -> int | None:
    """The question after this one in the list (or before it, at the end of the list): where
    the moderator's eyes go next, once this one has left the list."""
    later = _after(question, _order(status))
    others = queue.exclude(pk=question.pk).values_list("pk", flat=True)
    return others.filter(later).first() or others.exclude(later).last()


def _after(question: Question, order: tuple[str, ...]) -> Q:
    """The questions that come after this one in a list sorted by `order` (fields, "-" for
    descending): ("-vote_count", "pk") gives fewer votes, or as many and a higher id."""
    after, same = Q(), Q()
    for term in order:
        name = term.lstrip("-")
        value = getattr(question, name)
        after |= same & Q(**{f"{name}__{'lt' if term.startswith('-') else 'gt'}": value})
        same &= Q(**{name: value})
    return after


def _back_to_queue(request, question: Question, *, moved: bool) -> str:
    """The queue as the moderator left it, scrolled to the question to look at next."""
    form = QuestionFilterForm(request.POST, event=question.event)
    status, topic_id = form.filters(default_status=QuestionStatus.PENDING)
    anchor = question.pk
    if moved:
        anchor = _neighbour_id(_queue(question.event, status, topic_id), question, status)
    return _queue_url(question.event, status, topic_id, request.POST.get("page"), anchor)


def _detail_warning(question: Question) -> str:
    labels = [str(PersonalDetail(kind).label) for kind in question.personal_detail_kinds]
    return _("May contain: %(details)s") % {"details": ", ".join(labels)} if labels else ""


@require_safe
@staff_permission_required("events.moderate_question")
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    counts = dict(event.questions.values_list("status").annotate(n=Count("pk")).order_by())
    names = topic_names(event, request.LANGUAGE_CODE)
    asked = QuestionFilterForm(request.GET, event=event, topics=list(names.items()))
    status, topic_id = asked.filters(default_status=QuestionStatus.PENDING)
    search = asked.search()
    # Shown as what is listed, even when the address asked for something that is not there.
    form = QuestionFilterForm(
        initial={"status": status, "topic": topic_id, "q": search},
        event=event,
        topics=asked.topics,
        status_counts=counts,
    )
    page = Paginator(_queue(event, status, topic_id, search), QUEUE_PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    for question in page:
        question.detail_warning = _detail_warning(question)
        question.topic_name = names.get(question.topic_id, "")
        allowed = rules.TRANSITIONS[QuestionStatus(question.status)]
        question.actions = [(a.value, ACTION_LABELS[a]) for a in ACTIONS if a in allowed]
    context = {
        "event": localize_event(event, request.LANGUAGE_CODE),
        "form": form,
        "status": status,
        "topic_id": topic_id,
        "page": page,
        "search": search,
        # Merging names the question to keep by its number, found with the search.
        "can_merge": status != QuestionStatus.MERGED
        and sum(counts.values()) - counts.get(QuestionStatus.MERGED, 0) > 1,
        "queue_query": urlencode({"status": status, **({"topic": topic_id} if topic_id else {})}),
    }
    return render(request, "questions/staff/queue.html", context)


@require_POST
@staff_permission_required("events.moderate_question")
def moderate(request: HttpRequest, question_id: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("event"), pk=question_id)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the moderation buttons."))
        return _see_queue(request, question, moved=False)
    status = QuestionStatus(form.cleaned_data["action"])
    done = _("Question #%(id)s: %(status)s.") % {"id": question.pk, "status": status.label}
    return _step(request, question, partial(rules.moderate, question, status), done)


@require_POST
@staff_permission_required("events.moderate_question")
def merge(request: HttpRequest, question_id: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("event"), pk=question_id)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the question to merge this one into."))
        return _see_queue(request, question, moved=False)
    # Only a question of the same event: any other id is, for this page, not there at all.
    into = get_object_or_404(Question, pk=form.cleaned_data["into"], event=question.event)
    done = _("Question #%(id)s was merged into #%(into)s.") % {"id": question.pk, "into": into.pk}
    return _step(request, question, partial(rules.merge, question, into), done)


def _step(request, question: Question, rule, done: str) -> HttpResponse:
    """Take one moderation step from the queue (the rule, called with by=the moderator). Then
    back to the queue where the moderator's eyes go next, saying what was done; or, when the
    rule refuses, back to the question, saying why."""
    back = _back_to_queue(request, question, moved=True)
    try:
        rule(by=request.user)
    except rules.QuestionError as error:
        messages.error(request, error.message)
        return _see_queue(request, question, moved=False)
    messages.success(request, done)
    return see_other(back)


def _see_queue(request, question: Question, *, moved: bool) -> HttpResponse:
    return see_other(_back_to_queue(request, question, moved=moved))


@require_http_methods(["GET", "HEAD", "POST"])
@staff_permission_required("events.moderate_question")
def edit(request: HttpRequest, question_id: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("event"), pk=question_id)
    back = QuestionFilterForm(request.GET, event=question.event)
    status, topic_id = back.filters(default_status=question.status)
    initial = {"text": question.text, "answer_summary": question.answer_summary}
    form = WordingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _save_wording(question, form.cleaned_data, by=request.user)
        messages.success(request, _("Question #%(id)s was saved.") % {"id": question.pk})
        return see_other(_queue_url(question.event, status, topic_id, anchor=question.pk))
    question.topic_name = topic_names(question.event, request.LANGUAGE_CODE).get(
        question.topic_id, ""
    )
    context = {
        "question": question,
        "event": localize_event(question.event, request.LANGUAGE_CODE),
        "form": form,
        "detail_warning": _detail_warning(question),
        "back_url": _queue_url(question.event, status, topic_id, anchor=question.pk),
    }
    return render(request, "questions/staff/edit.html", context)


def _save_wording(question: Question, cleaned: dict, *, by) -> None:
    with transaction.atomic():
        rules.edit_wording(question, cleaned["text"], by=by)
        question.answer_summary = cleaned["answer_summary"]
        question.save(update_fields=["answer_summary"])


# --- The presenter screen -----------------------------------------------------------------


@require_safe
@staff_permission_required("events.moderate_question")
@csp_override({**settings.SECURE_CSP, "connect-src": [CSP.SELF]})  # it fetches its questions
def presenter(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    current = event.questions.filter(status=QuestionStatus.ANSWERING).most_wanted().first()
    if current and current.topic_id:
        current.topic_name = topic_names(event, request.LANGUAGE_CODE).get(current.topic_id)
    context = {
        "event": localize_event(event, request.LANGUAGE_CODE),
        "current": current,
        "upcoming": list(
            event.questions.filter(status=QuestionStatus.APPROVED).most_wanted()[:PRESENTER_NEXT]
        ),
    }
    # presenter.js asks for the question area alone every few seconds.
    template = (
        "questions/staff/presenter.html#live"
        if request.GET.get("fragment") == "1"
        else "questions/staff/presenter.html"
    )
    return render(request, template, context)


# --- Exports ------------------------------------------------------------------------------


@require_safe
@staff_permission_required("events.export_question")
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    questions, detail = exports.chosen(event, request.GET)
    table = exports.question_table(questions, request.user, event=event, detail=f"csv {detail}")
    return spreadsheets.csv_response(f"questions-{event.slug}.csv", *table)


# --- The speaker's sheet ------------------------------------------------------------------


@require_safe
@staff_permission_required("events.view_question_sheet")
def sheet(request: HttpRequest, slug: str) -> HttpResponse:
    # Forums residents can see only: a draft is nobody's business outside the admin.
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    names = topic_names(event, request.LANGUAGE_CODE)
    by_topic: dict[int | None, list[Question]] = defaultdict(list)
    for question in event.questions.public().most_wanted():
        by_topic[question.topic_id if question.topic_id in names else None].append(question)
    # Topics in the organizers' order; questions without one come last.
    order = [*event.topics.values_list("pk", flat=True), None]
    groups, number = [], 1
    for topic_id in order:
        if by_topic.get(topic_id):
            label = names[topic_id] if topic_id else _("Other questions")
            groups.append({"name": label, "questions": by_topic[topic_id], "start": number})
            number += len(by_topic[topic_id])
    context = {
        "event": localize_event(event, request.LANGUAGE_CODE),
        "groups": groups,
        "total": number - 1,
    }
    return render(request, "questions/staff/sheet.html", context)
