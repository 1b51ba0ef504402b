"""Excel files are built by a task, never inside a request: a forum with 100,000 questions
would outlast the web server's timeout. Staff ask for one (a POST), a task builds it into the
database (where every app server can read it), and its one download deletes it. Whatever is
left is deleted after KEPT (`manage.py erase_personal_data`) and when the forum is erased.

The rows and the audit entry come from the same tables as the CSV downloads, so an Excel file
holds exactly what the CSV of the same filters holds."""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ..common import spreadsheets
from ..enums import ExportKind, ExportStatus
from ..models import Event, PreparedExport
from ..questions import exports as question_exports
from . import exports as rsvp_exports

KEPT = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class Kind:
    permission: str
    title: object  # the sheet's name, in the reader's language
    labels: Mapping[str, str]
    # (event, the filters, who asked) -> the header and the rows; writes the audit entry.
    table: Callable
    # The filters an export of this kind reads from a query string, checked (BadRequest if not
    # valid) before anything is queued.
    filters: Callable[[Event, Mapping[str, str]], dict]


def _question_table(event, filters, user):
    questions, detail = question_exports.chosen(event, filters)
    return question_exports.question_table(questions, user, event=event, detail=f"xlsx {detail}")


def _question_filters(event, query) -> dict:
    question_exports.chosen(event, query)  # refuses what an export could not hold
    return question_exports.filters_of(query)


KINDS = {
    ExportKind.QUESTIONS: Kind(
        permission="events.export_question",
        title=_("Questions"),
        labels=question_exports.QUESTION_LABELS,
        table=_question_table,
        filters=_question_filters,
    ),
    ExportKind.ATTENDEES: Kind(
        permission="events.export_rsvp",
        title=_("Attendees"),
        labels=rsvp_exports.RSVP_LABELS,
        # Active RSVPs only: nobody needs the names of people who cancelled.
        table=lambda event, _filters, user: rsvp_exports.rsvp_table(event.rsvps.active(), user),
        filters=lambda _event, _query: {},
    ),
}


def filename(export: PreparedExport) -> str:
    return f"{export.kind}-{export.event.slug}.xlsx"


def still_kept(now: datetime.datetime | None = None):
    """The files not yet past KEPT: older ones are gone, even before the erasure runs."""
    return PreparedExport.objects.filter(created_at__gte=(now or timezone.now()) - KEPT)


def prepare(user, event: Event, kind: ExportKind, filters: dict, language: str) -> PreparedExport:
    """Queue the file, or hand back the same one already asked for and not yet downloaded
    (a second click, a reload or a replayed form never builds it twice)."""
    asked = {"event": event, "requested_by": user, "kind": kind, "filters": filters}
    waiting = still_kept().exclude(status=ExportStatus.FAILED).filter(**asked)
    if (export := waiting.order_by("-pk").first()) is not None:
        return export
    with transaction.atomic():
        export = PreparedExport.objects.create(**asked, language=language)
        transaction.on_commit(lambda: build_workbook.enqueue(export.pk))
    return export


@task
def build_workbook(export_id: int) -> None:
    export = (
        PreparedExport.objects.filter(pk=export_id, status=ExportStatus.PREPARING)
        .select_related("event", "requested_by")
        .first()
    )
    if export is None:  # downloaded, deleted or built already
        return
    kind = KINDS[export.kind]
    try:
        with translation.override(export.language):
            header, rows = kind.table(export.event, export.filters, export.requested_by)
            content = spreadsheets.workbook(header, rows, labels=kind.labels, title=kind.title)
    except Exception:
        # A topic deleted since, say: staff see "could not be prepared" and may ask again.
        PreparedExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED)
        raise
    PreparedExport.objects.filter(pk=export_id, status=ExportStatus.PREPARING).update(
        status=ExportStatus.READY, content=content, ready_at=timezone.now()
    )


def hand_over(export: PreparedExport) -> bytes | None:
    """The file's bytes, deleting it: a file is downloaded once. None if someone else (the
    same person in a second tab) took it first."""
    with transaction.atomic():
        taken = (
            PreparedExport.objects.select_for_update()
            .filter(pk=export.pk, status=ExportStatus.READY)
            .first()
        )
        if taken is None:
            return None
        content = bytes(taken.content)
        taken.delete()
        return content


def forget_old(now: datetime.datetime | None = None) -> int:
    """Delete the files past KEPT, downloaded or not; how many."""
    cutoff = (now or timezone.now()) - KEPT
    deleted, _by_model = PreparedExport.objects.filter(created_at__lt=cutoff).delete()
    return deleted
