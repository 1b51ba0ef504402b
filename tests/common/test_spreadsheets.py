import datetime
import io
import zoneinfo

import openpyxl
import pytest

from events.common import spreadsheets
from events.common.spreadsheets import safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("hello", "hello"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (5, "5"),
        (-5, "'-5"),
        ("Café ☕", "Café ☕"),
    ],
)
def test_safe_cell_neutralises_only_what_a_spreadsheet_would_run(value, expected):
    assert safe_cell(value) == expected


# --- XLSX ---------------------------------------------------------------------------------

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
LABELS = {"n": "Number", "when": "Sent", "day": "Day", "text": "What was said"}


def workbook_of(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def test_xlsx_header_is_the_columns_labels_in_bold_and_stays_in_view():
    content = spreadsheets.workbook(["n", "text"], [[1, "one"]], labels=LABELS, title="Things")

    sheet = workbook_of(content)["Things"]
    assert [cell.value for cell in sheet[1]] == ["Number", "What was said"]
    assert [cell.font.b for cell in sheet[1]] == [True, True]
    assert [cell.font.b for cell in sheet[2]] == [False, False]
    assert sheet.freeze_panes == "A2"


def test_xlsx_dates_and_times_are_real_cells_in_local_time():
    # 00:30 UTC on February 20 is 18:30 on February 19 in Brooklyn Park.
    sent = datetime.datetime(2027, 2, 20, 0, 30, tzinfo=datetime.UTC)
    day = datetime.date(2027, 2, 18)
    content = spreadsheets.workbook(["when", "day"], [[sent, day]], labels=LABELS, title="Things")

    when, on = workbook_of(content)["Things"][2]
    assert (when.value, when.data_type, when.number_format) == (
        datetime.datetime(2027, 2, 19, 18, 30),
        "d",
        "yyyy-mm-dd hh:mm",
    )
    assert (on.value, on.data_type, on.number_format) == (
        datetime.datetime(2027, 2, 18, 0, 0),  # openpyxl reads every date back as a datetime
        "d",
        "yyyy-mm-dd",
    )


def test_xlsx_columns_fit_their_longest_value_up_to_a_limit():
    rows = [
        [7, datetime.datetime(2027, 2, 19, 18, tzinfo=CHICAGO), "short", "x"],
        [123456, None, "a little longer", "y" * 500],
    ]
    content = spreadsheets.workbook(
        ["n", "when", "day", "text"], rows, labels=LABELS, title="Things"
    )

    sheet = workbook_of(content)["Things"]
    widths = [sheet.column_dimensions[letter].width for letter in "ABCD"]
    # Number (6 letters) + 2; "2027-02-19 18:00" (16) + 2; "a little longer" (15) + 2; capped.
    assert widths == [8, 18, 17, 60]
    assert [cell.alignment.wrap_text for cell in sheet[3]] == [None, None, None, True]


def test_csv_writes_dates_and_times_as_iso_text():
    sent = datetime.datetime(2027, 2, 19, 18, tzinfo=CHICAGO)
    response = spreadsheets.csv_response(
        "t.csv", ["when", "day"], [[sent, datetime.date(2027, 2, 18)]]
    )

    body = b"".join(response.streaming_content).decode()
    assert body == "\ufeffwhen,day\r\n2027-02-19T18:00-06:00,2027-02-18\r\n"
