"""Exports for spreadsheets: every cell is made safe, and rows stream instead of piling up."""

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse

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
