"""Whole journeys through the site, at a phone's width and a desktop's: the waitlist, a question
from asking to voting, an organizer's exports, the language switcher, and the site without
JavaScript. No page on the way may scroll sideways."""

import csv
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from events.cockpit.workbooks import build_workbook
from events.enums import ExportKind, QuestionStatus, RsvpStatus
from events.models import PreparedExport, Question, Rsvp
from events.questions.exports import QUESTION_COLUMNS, QUESTION_LABELS
from events.roles import ORGANIZER
from events.rsvps import rules
from tests.factories import EventFactory, QuestionFactory, TopicFactory, UserFactory

from .conftest import DESKTOP, PHONE, assert_fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = pytest.mark.parametrize(("viewport", "label"), [(PHONE, "phone"), (DESKTOP, "desktop")])
PASSWORD = "a-long-test-password"
THANKS = "Thank you. Your question will appear after a moderator reviews it."


def h1(page):
    return page.get_by_role("heading", level=1)


def book(event, name, party_size):
    return rules.place_rsvp(Rsvp(event=event, name=name, party_size=party_size)).rsvp


# --- (a) The waitlist ---------------------------------------------------------------------


@WIDTHS
def test_waitlisted_resident_gets_a_seat_when_someone_cancels(
    live_server, open_page, screenshot, viewport, label
):
    event = EventFactory(slug="forum", title="Immigration policy forum", capacity=3)
    leaving = book(event, "Tou", 2)
    book(event, "Amina", 1)
    earlier = book(event, "Mai", 1)
    assert [leaving.status, earlier.status] == [RsvpStatus.CONFIRMED, RsvpStatus.WAITLISTED]

    page = open_page(viewport)
    page.goto(live_server.url + "/events/forum/")
    expect(page.locator("#rsvp-title")).to_have_text("Join the waitlist")
    expect(page.locator(".event-facts dd").last).to_have_text("Full. You can join the waitlist.")
    assert_fits(page, viewport["width"])
    page.get_by_label("Name").fill("Hodan")
    page.get_by_label("Number of people").fill("1")
    page.get_by_role("button", name="Join the waitlist").click()

    expect(h1(page)).to_have_text("You are number 2 on the waitlist")
    hodan = Rsvp.objects.get(event=event, name="Hodan")
    assert page.url == f"{live_server.url}/events/forum/rsvp/"
    expect(page.locator(".rsvp-code")).to_have_text(hodan.code)
    assert hodan.status == RsvpStatus.WAITLISTED
    assert_fits(page, viewport["width"])
    screenshot(page, f"journey-waitlist-joined-{label}")
    page.get_by_role("link", name="Change or cancel my RSVP").click()
    expect(page.locator("#status-title")).to_have_text("You are number 2 on the waitlist")

    # Tou, who holds two seats, cancels from their own private link.
    tou = open_page(viewport)
    tou.goto(f"{live_server.url}/rsvp/{leaving.manage_token}/")
    tou.get_by_role("button", name="Continue").click()
    expect(tou.locator("#status-title")).to_have_text("You have a seat")
    tou.get_by_role("link", name="Cancel my RSVP").click()
    tou.get_by_role("button", name="Yes, cancel my RSVP").click()
    expect(tou.locator("#status-title")).to_have_text("This RSVP is cancelled")
    assert_fits(tou, viewport["width"])
    screenshot(tou, f"journey-waitlist-seats-freed-{label}")

    # Both waiting parties of one fit in the two seats, in the order they came.
    page.reload()
    expect(page.locator("#status-title")).to_have_text("You have a seat")
    expect(page.locator("#status-title + p")).to_have_text("For 1 person.")
    assert_fits(page, viewport["width"])
    screenshot(page, f"journey-waitlist-promoted-{label}")
    hodan.refresh_from_db()
    earlier.refresh_from_db()
    assert [earlier.status, hodan.status] == [RsvpStatus.CONFIRMED, RsvpStatus.CONFIRMED]


# --- (b) Ask, moderate, vote --------------------------------------------------------------


@WIDTHS
def test_question_is_asked_approved_and_voted_for(
    live_server, open_page, screenshot, viewport, label
):
    event = EventFactory(slug="forum", title="Immigration policy forum")
    TopicFactory(event=event, name="Work permits")
    organizer = UserFactory(roles=[ORGANIZER])
    text = "Can I still renew my work permit?"

    asker = open_page(viewport)
    asker.goto(live_server.url + "/events/forum/")
    asker.get_by_role("textbox", name="Your question").fill(text)
    asker.get_by_role("combobox", name="Topic").select_option(label="Work permits")
    asker.get_by_role("button", name="Send my question").click()
    expect(asker.get_by_role("status")).to_have_text(THANKS)
    expect(asker.locator("#questions > p").last).to_have_text("No questions are public yet.")
    assert_fits(asker, viewport["width"])
    screenshot(asker, f"journey-question-asked-{label}")
    question = Question.objects.get(event=event)
    assert (question.text, question.topic.name, question.status) == (
        text,
        "Work permits",
        QuestionStatus.PENDING,
    )

    moderator = open_page(viewport)
    sign_in(moderator, live_server, organizer, "/staff/events/forum/questions/")
    expect(h1(moderator)).to_have_text("Question queue")
    expect(moderator.locator("#queue-count")).to_have_text("1 question")
    expect(moderator.locator(f"#question-text-{question.pk}")).to_have_text(text)
    assert_fits(moderator, viewport["width"])
    screenshot(moderator, f"journey-question-queue-{label}")
    moderator.get_by_role("button", name="Approve").click()
    expect(moderator.get_by_role("status")).to_have_text(f"Question #{question.pk}: Approved.")
    expect(moderator.locator("#queue-count")).to_have_text("No questions here.")
    assert_fits(moderator, viewport["width"])
    question.refresh_from_db()
    assert question.status == QuestionStatus.APPROVED

    voter = open_page(viewport)
    voter.goto(live_server.url + "/events/forum/")
    listed = voter.locator(f"#question-{question.pk}")
    expect(listed.locator(".question-text")).to_have_text(text)
    expect(listed.locator(".small")).to_have_text("Work permits · 0 people want this answered")
    listed.get_by_role("button", name="I want this answered too").click()
    expect(listed.locator(".small")).to_have_text("Work permits · 1 person wants this answered")
    expect(listed.get_by_role("button")).to_have_text("Undo: I no longer need this answered")
    assert_fits(voter, viewport["width"])
    screenshot(voter, f"journey-question-voted-{label}")
    question.refresh_from_db()
    assert question.vote_count == 1


# --- (c) The organizer's exports ----------------------------------------------------------


@WIDTHS
def test_organizer_downloads_the_question_exports(
    live_server, open_page, screenshot, viewport, label
):
    event = EventFactory(slug="forum", title="Immigration policy forum")
    topic = TopicFactory(event=event, name="Work permits")
    # Numbers as long as a busy site's: the merge choices name them, and must still fit.
    approved = QuestionFactory(
        pk=123456, event=event, text="Will the police ask about status?", topic=topic, vote_count=3
    )
    pending = QuestionFactory(
        pk=123457, event=event, text="Is the clinic open?", status=QuestionStatus.PENDING
    )
    QuestionFactory(event=event, text="Merged away", status=QuestionStatus.MERGED)
    organizer = UserFactory(roles=[ORGANIZER])

    def submitted(question):  # kept, and shown, to the hour
        return timezone.localtime(question.created_at).isoformat(timespec="minutes")

    def hour(question):  # a workbook's time: the site's local time, without a zone
        return timezone.localtime(question.created_at).replace(tzinfo=None)

    # Most votes first; merged questions left out.
    expected = [
        QUESTION_COLUMNS,
        [
            str(approved.pk),
            "Work permits",
            "en",
            approved.text,
            "3",
            "approved",
            submitted(approved),
            "0",
            "no",
        ],
        [str(pending.pk), "", "en", pending.text, "0", "pending", submitted(pending), "0", "no"],
    ]

    page = open_page(viewport)
    sign_in(page, live_server, organizer, "/staff/events/forum/questions/")
    expect(h1(page)).to_have_text("Question queue")
    assert_fits(page, viewport["width"])
    screenshot(page, f"journey-export-queue-{label}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Export questions (CSV)").click()
    download = info.value
    assert download.suggested_filename == "questions-forum.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        assert list(csv.reader(file)) == expected

    page.goto(live_server.url + "/staff/events/forum/")
    expect(h1(page)).to_have_text("Immigration policy forum")
    assert_fits(page, viewport["width"])
    screenshot(page, f"journey-export-dashboard-{label}")
    page.get_by_role("link", name="Questions (Excel)").click()
    expect(h1(page)).to_have_text("Excel file of the questions")
    page.get_by_role("button", name="Prepare the Excel file").click()
    # The test server's tasks run at once: the file is ready when the page comes.
    expect(h1(page)).to_have_text("Your Excel file is ready")
    screenshot(page, f"journey-export-excel-ready-{label}")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the Excel file").click()
    download = info.value
    assert download.suggested_filename == "questions-forum.xlsx"
    with open(download.path(), "rb") as file:
        workbook = load_workbook(io.BytesIO(file.read()))
    rows = workbook["Questions"].iter_rows(values_only=True)
    # The same rows, under a header for people, numbers and times as real cells.
    assert [list(row) for row in rows] == [
        [str(label) for label in QUESTION_LABELS.values()],
        [approved.pk, "Work permits", "en", approved.text, 3, "approved", hour(approved), 0, "no"],
        [pending.pk, None, "en", pending.text, 0, "pending", hour(pending), 0, "no"],
    ]


# --- (d) The language switcher ------------------------------------------------------------


@WIDTHS
def test_language_switcher_changes_to_spanish_and_remembers_it(
    live_server, open_page, screenshot, viewport, label
):
    EventFactory(slug="forum", title="Immigration policy forum")
    page = open_page(viewport)
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(h1(page)).to_have_text("Upcoming forums")

    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()

    # Back on the same page, in Spanish.
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert page.url == live_server.url + "/"
    expect(h1(page)).to_have_text("Próximos foros")
    assert page.locator("#language-select").input_value() == "es"
    assert_fits(page, viewport["width"])
    screenshot(page, f"journey-language-spanish-{label}")

    # Remembered on the next page load.
    page.goto(live_server.url + "/events/forum/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert page.locator("#language-select").input_value() == "es"
    expect(page.locator("#rsvp-title")).to_have_text("Confirmar asistencia")
    assert_fits(page, viewport["width"])
    screenshot(page, f"journey-language-spanish-event-{label}")


# --- (e) Without JavaScript ---------------------------------------------------------------


@WIDTHS
def test_rsvp_and_ask_work_without_javascript(live_server, open_page, screenshot, viewport, label):
    event = EventFactory(slug="forum", title="Immigration policy forum", max_party_size=4)
    page = open_page(viewport, javascript=False)
    page.goto(live_server.url + "/events/forum/")
    expect(h1(page)).to_have_text("Immigration policy forum")
    assert_fits(page, viewport["width"])

    # A mistake first: the error summary is there without the script that focuses it.
    page.get_by_role("button", name="Send my RSVP").click()
    expect(page.locator("#error-summary li")).to_have_text(["Name: This field is required."])
    assert page.evaluate("document.activeElement.tagName") == "BODY"  # no script ran
    assert_fits(page, viewport["width"])
    screenshot(page, f"journey-no-js-rsvp-errors-{label}")

    page.get_by_label("Name").fill("Hodan")
    page.get_by_label("Number of people").fill("2")
    page.get_by_role("button", name="Send my RSVP").click()
    expect(h1(page)).to_have_text("You have a seat")
    rsvp = Rsvp.objects.get(event=event)
    assert page.url == f"{live_server.url}/events/forum/rsvp/"
    expect(page.locator("#result")).to_have_text(
        re.compile(rf"For 2 people\.\s+Your RSVP code for the door: {rsvp.code}")
    )
    assert (rsvp.name, rsvp.party_size, rsvp.status) == ("Hodan", 2, RsvpStatus.CONFIRMED)
    assert_fits(page, viewport["width"])
    screenshot(page, f"journey-no-js-rsvp-{label}")

    page.goto(live_server.url + "/events/forum/ask/")
    expect(h1(page)).to_have_text("Ask a question")
    page.get_by_role("textbox", name="Your question").fill("Where do I park?")
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_role("status")).to_have_text(THANKS)
    assert page.url == live_server.url + "/events/forum/#questions"
    assert_fits(page, viewport["width"])
    screenshot(page, f"journey-no-js-asked-{label}")
    question = Question.objects.get(event=event)
    assert (question.text, question.status) == ("Where do I park?", QuestionStatus.PENDING)


# --- (e) The admin and the presenter screen, under the strict policy ------------------------


def test_the_admin_and_the_presenter_screen_work_under_the_strict_policy(live_server, open_page):
    """default-src 'none': the admin's own scripts and styles, and the presenter screen's
    fetch, still work; any blocked request would be a console error, which fails the test."""
    event = EventFactory(slug="forum", title="Immigration policy forum")
    question = QuestionFactory(event=event, text="Can my family visit?", status="approved")
    admin = UserFactory(is_superuser=True)
    page = open_page(DESKTOP)
    sign_in(page, live_server, admin, f"/admin/events/event/{event.pk}/change/")

    page.locator("#id_title").fill("Immigration policy forum, February")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    # The admin's scripts ran: the filter sidebar toggles, the select-all box works.
    page.goto(f"{live_server.url}/admin/events/rsvp/")
    expect(page.locator("#changelist-filter")).to_be_visible()

    page.clock.install()
    page.goto(f"{live_server.url}/staff/events/forum/present/")
    expect(page.locator("#presenter-current")).to_have_text(
        "No question is being answered right now."
    )
    # The projector shows the questions, not the site: no header, language switcher or footer.
    expect(page.locator("header, footer, #language-select, .skip-link")).to_have_count(0)
    Question.objects.filter(pk=question.pk).update(status=QuestionStatus.ANSWERING)
    page.clock.fast_forward(10_000)
    expect(page.locator("#presenter-current")).to_have_text("Can my family visit?")


def test_the_excel_files_page_shows_the_file_once_its_task_has_built_it(live_server, open_page):
    """The worker builds the file while the page waits: its script looks again under the
    strict policy and shows the download in place, with no reload."""
    event = EventFactory(slug="forum", title="Immigration policy forum")
    QuestionFactory(event=event, text="Can my family visit?", status="approved")
    organizer = UserFactory(roles=[ORGANIZER])
    export = PreparedExport.objects.create(
        event=event, requested_by=organizer, kind=ExportKind.QUESTIONS, language="en"
    )
    page = open_page(DESKTOP)
    page.clock.install()
    sign_in(page, live_server, organizer, f"/staff/files/{export.pk}/")
    expect(h1(page)).to_have_text("Your Excel file is being prepared…")

    build_workbook.call(export.pk)  # as the worker would
    page.clock.fast_forward(3_000)

    expect(h1(page)).to_have_text("Your Excel file is ready")
    expect(page).to_have_title("Your Excel file is ready · Immigration policy forum")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the Excel file").click()
    assert info.value.suggested_filename == "questions-forum.xlsx"
    assert PreparedExport.objects.count() == 0


# --- (f) An organizer on the phone with a resident ----------------------------------------


def test_organizer_takes_a_phone_rsvp_and_cancels_it(live_server, open_page):
    event = EventFactory(slug="forum", title="Immigration policy forum", capacity=10)
    organizer = UserFactory(roles=[ORGANIZER])
    page = open_page(DESKTOP)

    sign_in(page, live_server, organizer, "/staff/")
    assert h1(page).inner_text() == "Forums"
    page.get_by_role("link", name="Create or edit forums in the admin").click()
    page.goto(live_server.url + "/admin/events/rsvp/add/")
    page.get_by_label("Event").select_option(label=str(event))
    page.get_by_label("Name").fill("Caller by phone")
    page.get_by_label("Number of people").fill("3")
    page.get_by_role("button", name="Save", exact=True).click()

    rsvp = Rsvp.objects.get(name="Caller by phone")
    assert page.locator(".messagelist").inner_text().splitlines()[0] == f"Seated: code {rsvp.code}"
    assert (rsvp.party_size, rsvp.status) == (3, RsvpStatus.CONFIRMED)

    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.get_by_label("Action:").select_option("cancel_selected")
    page.get_by_role("button", name="Run").click()
    assert h1(page).inner_text() == "Cancel 1 RSVP?"
    page.get_by_role("button", name="Yes, cancel 1 RSVP").click()

    assert page.locator(".messagelist").inner_text() == "Cancelled 1 RSVP."
    rsvp.refresh_from_db()
    assert rsvp.status == RsvpStatus.CANCELLED
