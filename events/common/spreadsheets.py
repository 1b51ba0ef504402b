"""Exports for spreadsheets: every cell is made safe, and rows stream instead of piling up.

A CSV header is the columns' names, for scripts; a workbook's header is their labels, for
people, and its dates and times are real ones (the site's local time) in columns as wide as
what they hold."""

import csv
import datetime
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Mapping

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# A cell starting with one of these may be run as a formula by Excel, LibreOffice or Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _csv_text(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    return safe_cell(value)  # a date's text is already its ISO form


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
            yield writer.writerow([_csv_text(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A workbook being built (and the rows waiting to go into it) stay in memory up to this
# size, then move to a temporary file on disk.
XLSX_SPOOL_BYTES = 1024 * 1024
# Column widths, in characters: the longest value and a little room, never so wide that a
# long question pushes the other columns off the screen (a capped column wraps its text).
MIN_WIDTH, MAX_WIDTH, PADDING = 6, 60, 2
_FORMATS = {datetime.datetime: "yyyy-mm-dd hh:mm", datetime.date: "yyyy-mm-dd"}
_HEADER_FONT = Font(bold=True)
_WRAPPED = Alignment(wrap_text=True, vertical="top")


def _xlsx_value(value):
    """What a workbook can hold: a time without a zone (so, the site's local time), and text
    without most control characters (openpyxl would refuse the whole file)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _shown_length(value) -> int:
    """How many characters the value takes in its cell."""
    if isinstance(value, datetime.datetime):
        return len("2027-02-19 18:00")
    if isinstance(value, datetime.date):
        return len("2027-02-19")
    text = "" if value is None else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _xlsx_cell(sheet, value, *, wrap: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # Text is always written as text: "=1+1" or "#N/A" must never become a formula.
        cell.data_type = "s"
        if wrap:
            cell.alignment = _WRAPPED
    elif type(value) in _FORMATS:
        cell.number_format = _FORMATS[type(value)]
    return cell


def _spool(rows: Iterable[Iterable], lengths: list[int]):
    """The rows, made fit for a workbook, in a temporary file (one by one, so never all in
    memory), and `lengths` stretched to each column's longest value: a write-only sheet needs
    its column widths before its first row. The file holds only what this request wrote."""
    spool = tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES)  # noqa: SIM115
    for row in rows:
        values = [_xlsx_value(value) for value in row]
        for index, value in enumerate(values):
            lengths[index] = max(lengths[index], _shown_length(value))
        pickle.dump(values, spool, protocol=pickle.HIGHEST_PROTOCOL)
    spool.seek(0)
    return spool


def _unspool(spool) -> Iterator[list]:
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 -- this request's own file, see _spool
        except EOFError:
            return


def _write_sheet(sheet, header: list[str], lengths: list[int], rows: Iterable[list]) -> None:
    wrapped = set()
    for index, length in enumerate(lengths):
        width = max(length + PADDING, MIN_WIDTH)
        if width > MAX_WIDTH:
            width = MAX_WIDTH
            wrapped.add(index)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"  # the header stays in view while the rows scroll
    titles = [WriteOnlyCell(sheet, value=label) for label in header]
    for cell in titles:
        cell.font = _HEADER_FONT
    sheet.append(titles)
    for row in rows:
        sheet.append(
            [_xlsx_cell(sheet, value, wrap=index in wrapped) for index, value in enumerate(row)]
        )


def workbook(header: list[str], rows: Iterable[Iterable], *, labels: Mapping[str, str], title: str):
    """A one-sheet workbook, as bytes: the header's `labels` (in the reader's language), then
    the rows. openpyxl's write-only mode writes rows to disk as they come, not into memory;
    only the finished (compressed) file is held."""
    titles = [str(labels[name]) for name in header]
    lengths = [len(label) for label in titles]
    book = Workbook(write_only=True)
    with _spool(rows, lengths) as spooled:
        _write_sheet(book.create_sheet(str(title)), titles, lengths, _unspool(spooled))
    with tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES) as saved:
        book.save(saved)
        saved.seek(0)
        return saved.read()


def xlsx_download(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
