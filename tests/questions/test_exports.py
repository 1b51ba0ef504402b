"""Question exports for the speaker's team: exact rows, nothing a spreadsheet would run, and
memory that stays flat however many questions an event collected."""

import csv
import datetime
import io
import tracemalloc
import zipfile
from functools import partial

import openpyxl
import pytest
from django.urls import reverse

from events.enums import AuditAction, QuestionStatus
from events.models import AuditEntry, Question
from events.questions.exports import QUESTION_COLUMNS
from events.roles import ORGANIZER

from ..factories import EventFactory, QuestionFactory, TopicFactory, UserFactory
from ..staff import excel_file

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# 00:30 UTC on February 20 is 18:30 on February 19 in Brooklyn Park (America/Chicago); a
# question keeps and shows only its hour.
SENT = datetime.datetime(2027, 2, 20, 0, 30, tzinfo=UTC)
SENT_LOCAL = "2027-02-19T18:00-06:00"
SENT_CELL = datetime.datetime(2027, 2, 19, 18, 0)  # a workbook's times have no zone: local
PROBES = ["=cmd|' /C calc'!A0", "@SUM(1)", "+1", "-1", "\tx"]
HEADER = [
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
XLSX_HEADER = [
    "Number",
    "Topic",
    "Language",
    "Question",
    "Votes",
    "Status",
    "Hour sent",
    "Similar questions merged in",
    "May contain personal details",
]


@pytest.fixture
def forum(db):
    return EventFactory(slug="forum")


@pytest.fixture
def organizer(client):
    user = UserFactory(roles=[ORGANIZER])
    client.force_login(user)
    return user


def question(event, text, votes=0, status=QuestionStatus.APPROVED, minutes=0, **fields):
    return QuestionFactory(
        event=event,
        text=text,
        vote_count=votes,
        status=status,
        created_at=SENT + datetime.timedelta(minutes=minutes),
        **fields,
    )


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline="")))


def xlsx_sheet(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Questions"]
    return workbook["Questions"]


def export(client, event, extension, **query):
    url = reverse(f"staff:export_{extension}", args=[event.slug])
    if extension == "xlsx":
        return excel_file(client, url, query)
    return client.get(url, query)


def test_header_names_the_columns_in_order():
    assert QUESTION_COLUMNS == HEADER


# --- CSV ----------------------------------------------------------------------------------


def test_csv_has_every_question_but_rejected_and_merged_most_votes_first(client, forum, organizer):
    housing = TopicFactory(event=forum, name="Housing")
    top = question(forum, "Can I rent?", votes=5, topic=housing, merged_count=2)
    pending = question(
        forum,
        "Call 763-493-8000",
        status=QuestionStatus.PENDING,
        language="so",
        personal_details="phone",
        minutes=1,
    )
    rejected = question(forum, "Off topic", status=QuestionStatus.REJECTED, minutes=2)
    question(forum, "Merged away", status=QuestionStatus.MERGED, merged_into=top)
    question(EventFactory(), "Another forum's question", votes=99)

    response = export(client, forum, "csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="questions-forum.csv"'
    assert "no-store" in response["Cache-Control"].split(", ")
    assert csv_rows(response) == [
        HEADER,
        [str(top.pk), "Housing", "en", "Can I rent?", "5", "approved", SENT_LOCAL, "2", "no"],
        [
            str(pending.pk),
            "",
            "so",
            "Call 763-493-8000",
            "0",
            "pending",
            SENT_LOCAL,
            "0",
            "yes",
        ],
    ]
    assert rejected.pk not in [row[0] for row in csv_rows(export(client, forum, "csv"))]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_rejected_questions_are_exported_only_when_asked(client, forum, organizer, extension):
    kept = question(forum, "Kept", votes=2)
    rejected = question(forum, "Off topic", status=QuestionStatus.REJECTED, votes=1)
    question(forum, "Merged away", status=QuestionStatus.MERGED, merged_into=kept)

    default = export_ids(export(client, forum, extension))
    with_rejected = export_ids(export(client, forum, extension, rejected="1"))
    only_rejected = export_ids(export(client, forum, extension, status="rejected"))

    assert (default, with_rejected, only_rejected) == (
        [kept.pk],
        [kept.pk, rejected.pk],
        [rejected.pk],
    )
    assert list(AuditEntry.objects.order_by("pk").values_list("record_count", "detail")) == [
        (1, f"{extension} status=all-but-rejected topic=all"),
        (2, f"{extension} status=all topic=all"),
        (1, f"{extension} status=rejected topic=all"),
    ]


def export_ids(response) -> list[int]:
    if response["Content-Type"].startswith("text/csv"):
        return [int(row[0]) for row in csv_rows(response)[1:]]
    return [row[0].value for row in xlsx_sheet(response).iter_rows(min_row=2)]


def test_csv_neutralises_everything_a_spreadsheet_would_run(client, forum, organizer):
    topic = TopicFactory(event=forum, name="=HYPERLINK(1)")
    made = [
        question(forum, probe, votes=10 - n, topic=topic, minutes=n)
        for n, probe in enumerate(PROBES)
    ]

    rows = csv_rows(export(client, forum, "csv"))

    assert rows[1:] == [
        [
            str(q.pk),
            "'=HYPERLINK(1)",
            "en",
            "'" + probe,
            str(10 - n),
            "approved",
            SENT_LOCAL,
            "0",
            "no",
        ]
        for n, (q, probe) in enumerate(zip(made, PROBES, strict=True))
    ]


def test_csv_filters_by_status_and_topic(client, forum, organizer):
    housing = TopicFactory(event=forum, name="Housing")
    wanted = question(forum, "Housing, approved", topic=housing)
    question(forum, "Housing, pending", topic=housing, status=QuestionStatus.PENDING)
    question(forum, "No topic, approved")

    rows = csv_rows(export(client, forum, "csv", status="approved", topic=housing.pk))

    assert [row[0] for row in rows] == ["id", str(wanted.pk)]


def test_csv_can_export_the_merged_questions_when_asked(client, forum, organizer):
    kept = question(forum, "Kept")
    merged = question(forum, "Merged", status=QuestionStatus.MERGED, merged_into=kept)

    rows = csv_rows(export(client, forum, "csv", status="merged"))

    assert [row[0] for row in rows] == ["id", str(merged.pk)]


@pytest.mark.parametrize(
    "query", [{"status": "everything"}, {"topic": "999999"}, {"topic": "x"}, {"rejected": "yes"}]
)
def test_an_export_filter_that_is_not_valid_is_refused(client, forum, organizer, query):
    question(forum, "Anything")

    response = export(client, forum, "csv", **query)

    assert response.status_code == 400
    assert AuditEntry.objects.count() == 0


def test_an_export_is_recorded_in_the_audit_log(client, forum, organizer):
    question(forum, "One")
    question(forum, "Two", status=QuestionStatus.PENDING)

    b"".join(export(client, forum, "csv", status="approved").streaming_content)

    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.event, entry.record_count, entry.detail) == (
        organizer,
        AuditAction.EXPORT_QUESTIONS,
        forum,
        1,
        "csv status=approved topic=all",
    )


# --- XLSX ---------------------------------------------------------------------------------


def test_xlsx_has_the_same_rows_with_numbers_as_numbers(client, forum, organizer):
    housing = TopicFactory(event=forum, name="Housing")
    top = question(forum, "Can I rent?", votes=5, topic=housing, merged_count=2)
    flagged = question(
        forum, "Mail a@example.org", language="vi", personal_details="email", minutes=1
    )

    response = export(client, forum, "xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="questions-forum.xlsx"'
    assert "no-store" in response["Cache-Control"].split(", ")
    sheet = xlsx_sheet(response)
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        XLSX_HEADER,
        [top.pk, "Housing", "en", "Can I rent?", 5, "approved", SENT_CELL, 2, "no"],
        [
            flagged.pk,
            None,
            "vi",
            "Mail a@example.org",
            0,
            "approved",
            SENT_CELL,
            0,
            "yes",
        ],
    ]
    assert [sheet["G2"].data_type, sheet["G2"].number_format] == ["d", "yyyy-mm-dd hh:mm"]
    assert sheet.freeze_panes == "A2"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHI"]
    assert widths == [8, 9, 10, 20, 7, 10, 18, 29, 30]


def test_xlsx_header_and_sheet_speak_the_organizers_language(client, forum, organizer):
    client.cookies["django_language"] = "es"

    response = export(client, forum, "xlsx")

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Preguntas"]
    assert [cell.value for cell in workbook["Preguntas"][1]] == [
        "Número",
        "Tema",
        "Idioma",
        "Pregunta",
        "Votos",
        "Estado",
        "Hora de envío",
        "Preguntas parecidas unidas",
        "Puede contener datos personales",
    ]


def test_xlsx_writes_formulas_and_error_codes_as_plain_text(client, forum, organizer):
    topic = TopicFactory(event=forum, name="#N/A")
    probes = ["=1+1", *PROBES]
    made = [
        question(forum, probe, votes=10 - n, topic=topic, minutes=n)
        for n, probe in enumerate(probes)
    ]

    content = export(client, forum, "xlsx").content

    sheet = openpyxl.load_workbook(io.BytesIO(content))["Questions"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [[row[0].value, row[1].value, row[3].value] for row in rows] == [
        [q.pk, "#N/A", probe] for q, probe in zip(made, probes, strict=True)
    ]
    assert [(row[1].data_type, row[3].data_type) for row in rows] == [("s", "s")] * len(probes)
    assert (rows[0][0].data_type, rows[0][4].data_type) == ("n", "n")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert '<c r="D2" t="inlineStr"><is><t>=1+1</t></is></c>' in xml


def test_xlsx_replaces_characters_a_workbook_cannot_hold(client, forum, organizer):
    # The form refuses control characters; an older row or another path might not have.
    # (Not NUL: PostgreSQL itself refuses to store that.)
    Question.objects.create(event=forum, text="Bell\x07 and escape\x1b?", created_at=SENT)

    sheet = xlsx_sheet(export(client, forum, "xlsx"))

    assert sheet["D2"].value == "Bell\ufffd and escape\ufffd?"


def test_xlsx_of_an_event_without_questions_has_only_the_header(client, forum, organizer):
    sheet = xlsx_sheet(export(client, forum, "xlsx"))

    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [XLSX_HEADER]


# --- Memory -------------------------------------------------------------------------------

# Each question is 400 characters. Held as a list of rows, 15,000 more of them would take over
# 15 MB (a str of 400 ASCII characters alone takes 449 bytes). Streaming holds one chunk of
# 2,000 rows and small buffers whatever the size (XLSX rows wait in a temporary file on disk):
# so four times the rows may cost at most GROWTH_LIMIT more at the peak. The 100,000-question
# figures (time and peak memory) are in the benchmark, not here.
SIZES = (5_000, 20_000)
GROWTH_LIMIT = 2 * 1024 * 1024
FILE_COPIES = 4  # how many times an export's finished file may be held at once
TEXT = "How does the new rule affect families with mixed status? " * 7


def add_questions(event, up_to: int) -> None:
    have = event.questions.count()
    Question.objects.bulk_create(
        Question(
            event=event,
            text=f"{n:06d} {TEXT}"[:400],
            status=QuestionStatus.APPROVED,
            vote_count=n % 97,
            created_at=SENT,
        )
        for n in range(have, up_to)
    )


def peak_memory(work):
    """Run `work` and return what it returned with the peak of traced memory meanwhile."""
    tracemalloc.start()
    try:
        result = work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def export_peaks(client, forum, name: str, tmp_path) -> list[tuple[int, bytes]]:
    """For each of SIZES: the export's peak memory, made and then read as a server reads it
    (chunk by chunk, into a file), and the file it made."""
    url = reverse(name, args=[forum.slug])
    saved = tmp_path / "export"
    measured = []
    for size in SIZES:
        add_questions(forum, size)
        response, building = peak_memory(lambda: client.get(url))
        assert response.status_code == 200
        _, reading = peak_memory(partial(save_chunks, response.streaming_content, saved))
        measured.append((max(building, reading), saved.read_bytes()))
    return measured


def save_chunks(chunks, path) -> None:
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)


def test_csv_export_memory_does_not_grow_with_the_number_of_questions(
    client, forum, organizer, tmp_path
):
    (small, small_csv), (large, large_csv) = export_peaks(
        client, forum, "staff:export_csv", tmp_path
    )

    assert (small_csv.count(b"\r\n"), large_csv.count(b"\r\n")) == (5_001, 20_001)
    assert large - small < GROWTH_LIMIT, (small, large)


def test_xlsx_export_memory_grows_by_the_file_not_by_the_rows(client, forum, organizer):
    """The rows stream into the workbook as for a CSV; only the finished file is held whole,
    to store it for the download and to hand it over, and it is compressed (20,000 questions
    of 400 characters make 0.8 MB)."""

    def rows(workbook: bytes) -> tuple[int, int]:
        with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
            xml = archive.read("xl/worksheets/sheet1.xml")
        return xml.count(b"<row "), xml.count(b"<f>")

    url = reverse("staff:export_xlsx", args=[forum.slug])
    measured = []
    for size in SIZES:
        add_questions(forum, size)
        measured.append(peak_memory(lambda: excel_file(client, url).content))
    (small_xlsx, small), (large_xlsx, large) = measured

    assert (rows(small_xlsx), rows(large_xlsx)) == ((5_001, 0), (20_001, 0))
    # The finished file is held whole a few times over (built, stored, read back from the
    # database, answered): that grows with the file (0.6 MB more here), not with the 15,000
    # more rows of 400 characters (6 MB of text), which must never be held.
    held_file = FILE_COPIES * (len(large_xlsx) - len(small_xlsx))
    assert large - small < GROWTH_LIMIT + held_file, (small, large, held_file)
