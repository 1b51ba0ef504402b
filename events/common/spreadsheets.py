"""Exports for spreadsheets: every cell is made safe, and rows stream instead of piling up."""

import csv
import tempfile
from collections.abc import Iterable
from itertools import chain

from django.http import FileResponse, StreamingHttpResponse
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
