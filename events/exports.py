"""Exports for spreadsheets: every cell is made safe, and rows stream instead of piling up."""

import csv
import tempfile
from collections.abc import Iterable
from itertools import chain

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A cell starting with one of these may be run as a formula by Excel, LibreOffice or Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_response(
    filename: str, header: list[str], rows: Iterable[Iterable]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so Excel opens UTF-8 (Somali, Hmong, Vietnamese, Spanish) correctly
        yield writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


RSVP_COLUMNS = [
    "code",
    "event",
    "name",
    "email",
    "party_size",
    "status",
    "language",
    "interpreter_language",
    "interpreter_count",
    "asl_count",
    "captioning_count",
    "childcare_count",
    "mobility_count",
    "note",
    "created_at",
]


def rsvp_table(queryset) -> tuple[list[str], Iterable[list]]:
    """The header and the rows (read in chunks, never all at once) of an RSVP export."""

    def cell(rsvp, column):
        if column == "event":
            return rsvp.event.title
        if column == "created_at":
            return rsvp.created_at.isoformat()
        return getattr(rsvp, column)

    rows = (
        [cell(rsvp, column) for column in RSVP_COLUMNS]
        for rsvp in queryset.select_related("event")
        .order_by("event__starts_at", "created_at", "pk")
        .iterator(chunk_size=500)
    )
    return RSVP_COLUMNS, rows


ATTENDEE_COLUMNS = [
    "code",
    "name",
    "email",
    "party_size",
    "status",
    "checked_in",
    "interpreter_count",
    "asl_count",
    "captioning_count",
    "childcare_count",
    "mobility_count",
    "interpreter_language",
    "note",
    "created_at",
]


def attendee_table(queryset) -> tuple[list[str], Iterable[list]]:
    """One event's RSVPs for the organizers, read in chunks of 2000."""

    def row(rsvp):
        return [
            rsvp.code,
            rsvp.name,
            rsvp.email,
            rsvp.party_size,
            rsvp.status,
            rsvp.checked_in_count,
            rsvp.interpreter_count,
            rsvp.asl_count,
            rsvp.captioning_count,
            rsvp.childcare_count,
            rsvp.mobility_count,
            rsvp.interpreter_language,
            rsvp.note,
            timezone.localtime(rsvp.created_at).isoformat(timespec="seconds"),
        ]

    rows = (row(rsvp) for rsvp in queryset.order_by("created_at", "pk").iterator(chunk_size=2000))
    return ATTENDEE_COLUMNS, rows


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A built workbook stays in memory up to this size, then moves to a temporary file on disk.
XLSX_SPOOL_BYTES = 1024 * 1024


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value)
    # XLSX cannot hold most control characters; openpyxl would refuse the whole file.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    # Text is always written as text: "=1+1" or "#N/A" must never become a formula or an error.
    cell.data_type = "s"
    return cell


def xlsx_response(
    filename: str, header: list[str], rows: Iterable[Iterable], title: str = "Export"
) -> FileResponse:
    """A one-sheet workbook, written row by row (openpyxl's write-only mode keeps rows on
    disk, not in memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for row in chain([header], rows):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    # No "with": the response reads the file after this returns, and closes it when done.
    spool = tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES)  # noqa: SIM115
    workbook.save(spool)
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response


QUESTION_COLUMNS = [
    "id",
    "topic",
    "language",
    "text",
    "votes",
    "status",
    "submitted",
    "merged_count",
    "personal_details_flag",
]
_QUESTION_FIELDS = (
    "pk",
    "topic__name",
    "language",
    "text",
    "vote_count",
    "status",
    "created_at",
    "merged_count",
    "personal_details",
)


def question_table(queryset) -> tuple[list[str], Iterable[list]]:
    """The header and the rows of a question export, most votes first. Rows are plain values
    read in chunks, never all at once: an event's whole question list can be exported."""

    def row(pk, topic, language, text, votes, status, created_at, merged, details):
        submitted = timezone.localtime(created_at).isoformat(timespec="seconds")
        flag = "yes" if details else "no"
        return [pk, topic or "", language, text, votes, status, submitted, merged, flag]

    values = (
        queryset.order_by("-vote_count", "created_at", "pk")
        .values_list(*_QUESTION_FIELDS)
        .iterator(chunk_size=2000)
    )
    return QUESTION_COLUMNS, (row(*value) for value in values)
