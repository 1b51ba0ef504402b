"""Excel files built by a task: asked for with a POST, waited for on a page that looks again
by itself, downloaded once by the one who asked, and gone after 24 hours or with the forum's
data. (What the files hold: tests/questions/test_exports.py, tests/cockpit/test_exports.py.)"""

import datetime
import io
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from events.cockpit.workbooks import build_workbook
from events.enums import AuditAction, ExportKind, ExportStatus, QuestionStatus, RsvpStatus
from events.models import AuditEntry, PreparedExport
from events.roles import ORGANIZER
from events.rsvps.rules import erase_event_personal_data

from .. import pages
from ..factories import EventFactory, QuestionFactory, RsvpFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

QUESTIONS = "/staff/events/forum/questions/excel/"
ATTENDEES = "/staff/events/forum/attendees/excel/"


@pytest.fixture
def forum():
    event = EventFactory(slug="forum", title="Immigration forum")
    QuestionFactory(event=event, text="Kept", vote_count=2)
    QuestionFactory(event=event, text="Off topic", status=QuestionStatus.REJECTED)
    return event


@pytest.fixture
def organizer(client):
    user = UserFactory(username="ana", roles=[ORGANIZER])
    client.force_login(user)
    return user


def ask(client, url, data=None, *, build=True):
    """Press "Prepare the Excel file"; with build, its task runs as the transaction commits."""
    if not build:
        return client.post(url, data or {})
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {})


def audit_log():
    return list(
        AuditEntry.objects.order_by("pk").values_list(
            "username", "action", "record_count", "detail"
        )
    )


def test_the_page_that_asks_builds_nothing(client, forum, organizer):
    response = client.get(QUESTIONS, {"rejected": "1"})
    head = client.head(QUESTIONS)

    assert (response.status_code, head.status_code) == (200, 200)
    assert pages.text(response, "excel-holds") == "Every question, the rejected ones too."
    assert '<input type="hidden" name="rejected" value="1">' in response.text
    assert "Prepare the Excel file" in response.text
    assert (PreparedExport.objects.count(), audit_log()) == (0, [])


def test_the_file_is_prepared_then_waits_for_its_one_download(client, forum, organizer):
    asked = ask(client, QUESTIONS, build=False)

    export = PreparedExport.objects.get()
    assert asked.status_code == 303
    assert asked["Location"] == f"/staff/files/{export.pk}/"
    waiting = client.get(asked["Location"])
    assert '<section id="excel-file" aria-live="polite" data-status="preparing"' in waiting.text
    assert "waiting.js" in waiting.text
    assert "Your Excel file is being prepared…" in waiting.text
    assert f'<a href="/staff/files/{export.pk}/">Look now</a>' in waiting.text
    assert "no-cache" in waiting["Cache-Control"]
    assert audit_log() == []  # nothing has left the database yet

    build_workbook.call(export.pk)  # as the worker does
    ready = client.get(asked["Location"])
    assert "waiting.js" not in ready.text
    assert f'action="/staff/files/{export.pk}/download/"' in ready.text
    assert audit_log() == [
        ("ana", AuditAction.EXPORT_QUESTIONS, 1, "xlsx status=all-but-rejected topic=all")
    ]

    download = client.post(f"/staff/files/{export.pk}/download/")
    assert download["Content-Disposition"] == 'attachment; filename="questions-forum.xlsx"'
    assert download["Cache-Control"] == "no-store, max-age=0, no-cache, must-revalidate, private"
    sheet = openpyxl.load_workbook(io.BytesIO(download.content))["Questions"]
    assert [row[3].value for row in sheet.iter_rows()] == ["Question", "Kept"]
    # Downloaded once: gone from the database, and its addresses answer like any unknown.
    assert PreparedExport.objects.count() == 0
    again = client.post(f"/staff/files/{export.pk}/download/")
    assert (again.status_code, client.get(asked["Location"]).status_code) == (404, 404)


def test_asking_twice_gives_the_same_file(client, forum, organizer):
    first = ask(client, QUESTIONS, {"rejected": "1"})
    second = ask(client, QUESTIONS, {"rejected": "1"})
    other = ask(client, QUESTIONS)

    assert first["Location"] == second["Location"] != other["Location"]
    assert list(PreparedExport.objects.order_by("pk").values_list("filters", flat=True)) == [
        {"rejected": "1"},
        {},
    ]
    assert [entry[2:] for entry in audit_log()] == [
        (2, "xlsx status=all topic=all"),
        (1, "xlsx status=all-but-rejected topic=all"),
    ]


@pytest.mark.parametrize(
    "query", [{"status": "nope"}, {"topic": "999"}, {"rejected": "2"}, {"topic": "1\x00"}]
)
def test_a_forged_filter_is_refused_and_nothing_is_queued(client, forum, organizer, query):
    assert client.get(QUESTIONS, query).status_code == 400
    assert ask(client, QUESTIONS, query).status_code == 400
    assert PreparedExport.objects.count() == 0


@pytest.mark.parametrize("who", ["another organizer", "superuser"])
def test_only_the_one_who_asked_sees_or_takes_the_file(client, forum, organizer, who):
    ask(client, ATTENDEES)
    export = PreparedExport.objects.get()
    assert export.status == ExportStatus.READY
    client.force_login(
        UserFactory(roles=[ORGANIZER])
        if who == "another organizer"
        else UserFactory(is_superuser=True)
    )

    page = client.get(f"/staff/files/{export.pk}/")
    taken = client.post(f"/staff/files/{export.pk}/download/")

    assert (page.status_code, taken.status_code) == (404, 404)
    assert PreparedExport.objects.filter(pk=export.pk).exists()


def test_the_file_is_refused_to_one_who_lost_the_permission(client, forum, organizer):
    ask(client, ATTENDEES)
    export = PreparedExport.objects.get()
    organizer.groups.clear()

    client.force_login(organizer)
    assert client.post(f"/staff/files/{export.pk}/download/").status_code == 404
    assert PreparedExport.objects.count() == 1


def test_a_file_that_cannot_be_built_says_so_and_offers_to_try_again(client, forum, organizer):
    topic = TopicFactory(event=forum, name="Housing")
    ask(client, QUESTIONS, {"topic": str(topic.pk)}, build=False)
    export, topic_id = PreparedExport.objects.get(), topic.pk
    topic.delete()  # between the click and the build

    with pytest.raises(Exception, match="Unknown status or topic"):
        build_workbook.call(export.pk)

    page = client.get(f"/staff/files/{export.pk}/")
    assert "The Excel file could not be prepared" in page.text
    assert f'<a href="{QUESTIONS}?topic={topic_id}">Try again</a>' in page.text
    assert "waiting.js" not in page.text


def test_files_are_deleted_after_24_hours_and_with_the_forums_data(client, forum, organizer):
    ask(client, QUESTIONS)
    ask(client, ATTENDEES)
    old, new = PreparedExport.objects.order_by("pk")
    PreparedExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1)
    )
    assert client.get(f"/staff/files/{old.pk}/").status_code == 404  # gone already for staff

    out = StringIO()
    call_command("erase_personal_data", stdout=out)

    assert "Deleted 1 prepared Excel files older than 24 hours." in out.getvalue()
    assert list(PreparedExport.objects.values_list("pk", flat=True)) == [new.pk]
    erase_event_personal_data(forum)
    assert PreparedExport.objects.count() == 0


def test_the_attendee_file_is_of_active_rsvps(client, forum, organizer):
    RsvpFactory(event=forum, name="Amina")
    RsvpFactory(event=forum, name="Gone", status=RsvpStatus.CANCELLED)

    ask(client, ATTENDEES)
    export = PreparedExport.objects.get()
    download = client.post(f"/staff/files/{export.pk}/download/")

    assert export.kind == ExportKind.ATTENDEES
    assert download["Content-Disposition"] == 'attachment; filename="attendees-forum.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(download.content))["Attendees"]
    assert [row[2].value for row in sheet.iter_rows()] == ["Name", "Amina"]
