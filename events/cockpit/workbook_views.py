"""Staff pages of the Excel files (events.cockpit.workbooks): ask for one, wait for it, take it.

Asking is a POST (a link followed by a browser's prefetch or a crawler never builds a file);
the page that waits looks again by itself with a small script (static/js/waiting.js), and
without it, by a link."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..common import spreadsheets
from ..common.http import see_other, staff_permission_required
from ..common.translations import localize_event, topic_names
from ..enums import ExportKind, ExportStatus, QuestionStatus
from ..models import Event, PreparedExport
from . import workbooks

# How often the waiting page's script looks again, in seconds.
REFRESH_SECONDS = 3
HOURS_KEPT = int(workbooks.KEPT.total_seconds() // 3600)
PAGES = {ExportKind.QUESTIONS: "staff:export_xlsx", ExportKind.ATTENDEES: "staff:attendees_xlsx"}


@require_http_methods(["GET", "HEAD", "POST"])
@staff_permission_required(workbooks.KINDS[ExportKind.QUESTIONS].permission)
def questions_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    return _ask(request, slug, ExportKind.QUESTIONS)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_permission_required(workbooks.KINDS[ExportKind.ATTENDEES].permission)
def attendees_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    return _ask(request, slug, ExportKind.ATTENDEES)


def _ask(request: HttpRequest, slug: str, kind: ExportKind) -> HttpResponse:
    """GET: what the file will hold, and the button. POST: queue it and go wait for it."""
    event = get_object_or_404(Event, slug=slug)
    query = request.POST if request.method == "POST" else request.GET
    filters = workbooks.KINDS[kind].filters(event, query)  # a forged filter: 400
    if request.method == "POST":
        export = workbooks.prepare(request.user, event, kind, filters, request.LANGUAGE_CODE)
        return see_other(reverse("staff:prepared", args=[export.pk]))
    context = {
        "event": localize_event(event, request.LANGUAGE_CODE),
        "kind": kind,
        "filters": filters,
        "holds": _holds(event, kind, filters, request.LANGUAGE_CODE),
        "hours_kept": HOURS_KEPT,
    }
    return render(request, "cockpit/excel_ask.html", context)


def _holds(event: Event, kind: ExportKind, filters: dict, language: str) -> str:
    """What the file will hold, in a sentence. (Merged questions are never rows of their own:
    they are counted in the one they joined.)"""
    if kind == ExportKind.ATTENDEES:
        return _("Everyone with an active RSVP, with their needs and notes.")
    if status := filters.get("status"):
        held = _("Questions with the status “%(status)s”.") % {
            "status": QuestionStatus(status).label
        }
    elif filters.get("rejected") == "1":
        held = _("Every question, the rejected ones too.")
    else:
        held = _("Every question but the rejected ones.")
    if topic_id := filters.get("topic"):
        name = topic_names(event, language)[int(topic_id)]
        held += " " + _("Topic: %(topic)s.") % {"topic": name}
    return held


def _own(request: HttpRequest, export_id: int) -> PreparedExport:
    """The file, if the one asking for it is the one who asked it to be made and still may:
    anyone else gets the same 404 as for a file that never was."""
    export = get_object_or_404(
        workbooks.still_kept().select_related("event"), pk=export_id, requested_by=request.user
    )
    if not request.user.has_perm(workbooks.KINDS[export.kind].permission):
        raise Http404
    return export


@require_safe
@staff_permission_required()
@csp_override({**settings.SECURE_CSP, "connect-src": [CSP.SELF]})  # waiting.js fetches it
def prepared(request: HttpRequest, export_id: int) -> HttpResponse:
    export = _own(request, export_id)
    context = {
        "event": localize_event(export.event, request.LANGUAGE_CODE),
        "export": export,
        "filename": workbooks.filename(export),
        "again": _ask_url(export),
        "refresh_seconds": REFRESH_SECONDS,
        "hours_kept": HOURS_KEPT,
    }
    return render(request, "cockpit/excel_prepared.html", context)


@require_POST
@staff_permission_required()
def download(request: HttpRequest, export_id: int) -> HttpResponse:
    export = _own(request, export_id)
    if export.status != ExportStatus.READY:
        return see_other(reverse("staff:prepared", args=[export.pk]))
    content = workbooks.hand_over(export)
    if content is None:
        messages.info(request, _("That file was already downloaded. Prepare it again here."))
        return see_other(_ask_url(export))
    return spreadsheets.xlsx_download(workbooks.filename(export), content)


def _ask_url(export: PreparedExport) -> str:
    url = reverse(PAGES[export.kind], args=[export.event.slug])
    return f"{url}?{urlencode(export.filters)}" if export.filters else url
