"""axe-core in Chromium on every page a resident or staff member can reach outside the Django
admin, in every state, in English and in Spanish.

The list of pages comes from the URL configuration: a new URL without a state below (or a
reason in NOT_PAGES) fails test_every_url_has_an_accessibility_check.

axe runs in a context that bypasses the CSP so its script can be injected; the journeys in
the other browser tests keep the CSP in force. Each page is also checked at 320 px wide (the
width of a phone, and of a 1280 px screen at 400% zoom) for sideways scrolling.
"""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client, RequestFactory
from django.utils import timezone

from events.common import ratelimit
from events.enums import EventStatus, ExportKind, QuestionStatus, RsvpStatus
from events.mail import messaging
from events.models import Feedback, PreparedExport, Question, Rsvp, TopicTranslation
from events.roles import ORGANIZER
from events.rsvps import bursts, rules
from events.signin import codes
from tests.factories import (
    EventFactory,
    EventTranslationFactory,
    QuestionFactory,
    RsvpFactory,
    TopicFactory,
    UserFactory,
)

from ..routes import route_names
from .conftest import PHONE, assert_fits

pytestmark = pytest.mark.django_db(transaction=True)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
NARROW = {"width": 320, "height": 640}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
WIDE = {"width": 1280, "height": 900}

# URLs that are not pages, and what checks them instead.
NOT_PAGES = {
    "events:calendar": "an .ics download (tests/forums/test_event_pages.py reads the file)",
    "events:calendar_feed": "an .ics feed (tests/forums/test_calendar_feed.py reads it)",
    "events:short_link": "a redirect to the forum's page (tests/cockpit/test_outreach.py)",
    "staff:export_csv": "a CSV download (tests/questions/test_exports.py)",
    "staff:download_prepared": "POST only: an XLSX download (tests/questions/test_exports.py)",
    "staff:attendees_csv": "a CSV download (tests/cockpit/test_exports.py)",
    "staff:feedback_csv": "a CSV download (tests/feedback/test_counts.py)",
    "set_language": "POST only; it redirects back to the page the switcher was on",
    "csp_report": "POST only, from browsers: JSON in, no page (tests/common/test_headers.py)",
}


RSVP_FORM = 'form[action$="/rsvp/"]'
ASK_FORM = 'form[action$="/ask/send/"]'
FEEDBACK_FORM = 'form[action$="/feedback/send/"]'
ARRIVED_FORM = 'form[action$="/arrived/"]'
WALK_IN_FORM = 'form[action$="/walk-ins/"]'
POST_FORM = "main form[method=post]"


@dataclass
class Visit:
    """Where a state is seen: the page to open, as whom, and what to do there first."""

    path: str
    staff: bool = False
    then: Callable | None = None
    signed_in_without_code: bool = False  # staff, past the password but not the code


STATES: dict[str, list[Callable[[], Visit]]] = {}


def state(*url_names):
    """Register a function that builds a page state as a check for these URL names."""

    def register(build):
        for name in url_names:
            STATES.setdefault(name, []).append(build)
        return build

    return register


def submit(form_selector: str, fields: dict[str, str] | None = None):
    """An action: fill these fields (by CSS selector) and send the form."""

    def act(page):
        for selector, value in (fields or {}).items():
            page.locator(selector).fill(value)
        with page.expect_navigation():
            page.locator(f"{form_selector} [type=submit]").first.click()

    return act


def forum(**fields):
    fields.setdefault("title", "Federal immigration policy: a community discussion")
    fields.setdefault("slug", "forum")
    fields.setdefault("capacity", 20)
    fields.setdefault("accessibility", "The room has step-free access and a hearing loop.")
    fields.setdefault("interpretation_languages", "es,so,hmn")
    fields.setdefault("contact_name", "City Clerk")
    fields.setdefault("contact_email", "clerk@example.org")
    fields.setdefault("contact_phone", "763-555-0100")
    fields.setdefault("map_url", "https://maps.example.org/city-hall")
    fields.setdefault("livestream_url", "https://video.example.org/forum")
    event = EventFactory(**fields)
    EventTranslationFactory(
        event=event, title="Política federal de inmigración: una conversación comunitaria"
    )
    return event


def with_questions(event):
    rights = TopicFactory(event=event, name="Know your rights", position=1)
    TopicTranslation.objects.create(topic=rights, language="es", name="Conozca sus derechos")
    QuestionFactory(event=event, topic=rights, text="What should I carry with me?", vote_count=4)
    QuestionFactory(event=event, text="Can the city share my address?", vote_count=1)
    QuestionFactory(event=event, topic=rights, status=QuestionStatus.PENDING, text="Pending one?")
    QuestionFactory(event=event, status=QuestionStatus.ANSWERED, text="Is 911 safe to call?")
    return rights


def past_forum():
    start = timezone.now() - datetime.timedelta(days=3)
    return forum(starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def booked(event, party_size=1, **fields):
    fields.setdefault("name", "Hodan Abdi")
    return rules.place_rsvp(Rsvp(event=event, party_size=party_size, **fields)).rsvp


# --- Residents' pages -----------------------------------------------------------------------


@state("events:home")
def home_with_upcoming_and_past_forums():
    forum()
    forum(slug="older", title="Housing forum", starts_at=timezone.now() - datetime.timedelta(9))
    return Visit("/")


@state("events:home")
def home_without_forums():
    return Visit("/")


@state("events:detail", "events:vote")
def event_open_with_questions_and_a_vote():
    event = forum()
    with_questions(event)
    return Visit("/events/forum/", then=submit('form[action*="/vote/"]'))


@state("events:detail")
def event_with_every_text_translated():
    """No note in Spanish, interpreter languages named in Spanish; the forum() of the other
    states has only its title translated, so their Spanish pages carry the note."""
    event = forum()
    event.translations.update(
        hosts="Concejo Municipal y Comisión de Derechos Humanos",
        speakers="Ernest Wiafe, abogado de inmigración",
        venue_name="Alcaldía, Sala del Concejo",
        venue_address="5200 85th Ave N, Brooklyn Park, MN 55443",
        accessibility="La sala tiene acceso sin escalones y un bucle de inducción.",
        contact_name="Secretaría municipal",
    )
    with_questions(event)
    return Visit("/events/forum/")


@state("events:detail")
def event_full():
    event = forum(capacity=2)
    booked(event, party_size=2)
    return Visit("/events/forum/")


@state("events:detail")
def event_not_yet_open():
    forum(rsvps_open_at=timezone.now() + datetime.timedelta(days=2))
    return Visit("/events/forum/")


@state("events:detail")
def event_questions_not_yet_open():
    forum(questions_open_at=timezone.now() + datetime.timedelta(days=2))
    return Visit("/events/forum/")


@state("events:detail")
def event_rsvps_closed():
    forum(rsvps_close_at=timezone.now() - datetime.timedelta(hours=1))
    return Visit("/events/forum/")


@state("events:detail")
def event_cancelled():
    forum(status=EventStatus.CANCELLED)
    return Visit("/events/forum/")


@state("events:detail")
def event_past():
    with_questions(past_forum())
    return Visit("/events/forum/")


def forum_on_now():
    """A forum under way, a question being answered and two waiting."""
    start = timezone.now() - datetime.timedelta(hours=1)
    event = forum(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    with_questions(event)
    event.questions.filter(text="Is 911 safe to call?").update(status=QuestionStatus.ANSWERING)
    return event


@state("events:detail")
def event_on_now_with_its_live_block():
    forum_on_now()
    return Visit("/events/forum/")


@state("events:live")
def live_page_while_the_forum_is_on():
    forum_on_now()
    return Visit("/events/forum/live/")


@state("events:live")
def live_page_paused():
    forum_on_now()
    return Visit("/events/forum/live/", then=lambda page: page.locator("#live-pause").click())


@state("events:live")
def live_page_before_the_forum():
    forum()
    return Visit("/events/forum/live/")


@state("events:live")
def live_page_after_the_forum():
    with_questions(past_forum())
    return Visit("/events/forum/live/")


@state("events:rsvp")
def rsvp_form_errors():
    forum()
    return Visit("/events/forum/", then=submit(RSVP_FORM, {"#id_party_size": "99"}))


@state("events:rsvp")
def rsvp_result_a_seat():
    forum()
    fields = {"#id_name": "Hodan", "#id_party_size": "2", "#id_email": "hodan@example.org"}
    return Visit("/events/forum/", then=submit(RSVP_FORM, fields))


@state("events:rsvp")
def rsvp_result_the_waitlist():
    booked(forum(capacity=1))
    return Visit("/events/forum/", then=submit(RSVP_FORM, {"#id_name": "Tou Vang"}))


@state("events:rsvp")
def rsvp_refused_for_its_network():
    event = forum()
    # The network (the test browser's 127.0.0.1) has asked for its 20 seats this hour.
    ratelimit.claim(RequestFactory().post("/", REMOTE_ADDR="127.0.0.1"), event, "rsvp_seats", 20)
    return Visit("/events/forum/", then=submit(RSVP_FORM, {"#id_name": "Hodan"}))


def fill_the_honeypot(page):
    page.locator("#id_website").evaluate("field => { field.value = 'http://spam.example/'; }")
    page.locator("#id_name").fill("Hodan")
    with page.expect_navigation():
        page.locator(f"{RSVP_FORM} [type=submit]").first.click()


@state("events:rsvp")
def rsvp_honeypot_filled_by_the_browser():
    forum()
    return Visit("/events/forum/", then=fill_the_honeypot)


@state("signin:code")
def sign_in_code_needed():
    forum()
    return Visit("/staff/events/forum/", signed_in_without_code=True, then=enrol_and_reload)


def enrol_and_reload(page):
    for user in UserFactory._meta.model.objects.all():
        codes.enrol(user)
    page.reload()


@state("signin:code")
def sign_in_code_without_an_app():
    forum()
    return Visit("/staff/events/forum/", signed_in_without_code=True)


@state("signin:code")
def sign_in_code_wrong():
    forum()

    def wrong_code(page):
        enrol_and_reload(page)
        submit("form[action$='/code/']", {"#id_code": "000000"})(page)

    return Visit("/staff/events/forum/", signed_in_without_code=True, then=wrong_code)


@state("events:lost_link")
def lost_link_form():
    forum()
    return Visit("/events/forum/rsvp/lost/")


@state("events:lost_link")
def lost_link_sent():
    forum()
    fields = {"#id_email": "hodan@example.org"}
    return Visit("/events/forum/rsvp/lost/", then=submit(POST_FORM, fields))


@state("events:lost_link")
def lost_link_errors():
    forum()
    return Visit("/events/forum/rsvp/lost/", then=submit(POST_FORM, {"#id_email": "hodan@"}))


@state("events:not_me")
def not_me_asks():
    rsvp = booked(forum(), email="hodan@example.org")
    return Visit(f"/rsvp/{rsvp.manage_token}/not-me/")


@state("events:not_me")
def not_me_done():
    rsvp = booked(forum(), email="hodan@example.org")
    return Visit(f"/rsvp/{rsvp.manage_token}/not-me/", then=submit(POST_FORM))


@state("events:not_me")
def not_me_dead_link():
    forum()
    return Visit("/rsvp/no-such-link/not-me/")


@state("events:ask_page", "events:ask")
def ask_form_errors():
    forum()
    return Visit("/events/forum/ask/", then=submit(ASK_FORM, {"#id_question-text": ""}))


@state("events:ask")
def ask_personal_details_warning():
    forum()
    text = {"#id_question-text": "My case number is A123456789, call me at 763-555-0199."}
    return Visit("/events/forum/ask/", then=submit(ASK_FORM, text))


@state("events:feedback")
def feedback_form():
    past_forum()
    return Visit("/events/forum/feedback/")


@state("events:feedback")
def feedback_not_yet_open():
    forum()
    return Visit("/events/forum/feedback/")


@state("events:feedback", "events:send_feedback")
def feedback_form_errors():
    past_forum()
    return Visit("/events/forum/feedback/", then=submit(FEEDBACK_FORM))


@state("events:send_feedback")
def feedback_personal_details_warning():
    past_forum()

    def act(page):
        page.locator("#id_feedback-usefulness_3").check()
        page.locator("#id_feedback-hard_to_reach").fill("Call me at 763-555-0199.")
        submit(FEEDBACK_FORM)(page)

    return Visit("/events/forum/feedback/", then=act)


@state("events:send_feedback")
def feedback_thank_you():
    past_forum()

    def act(page):
        page.locator("#id_feedback-usefulness_4").check()
        submit(FEEDBACK_FORM, {"#id_feedback-next_topic": "Housing"})(page)

    return Visit("/events/forum/feedback/", then=act)


@state("events:ask")
def ask_thank_you():
    forum()
    text = {"#id_question-text": "Will interpreters be there?"}
    return Visit("/events/forum/ask/", then=submit(ASK_FORM, text))


@state("events:ask_page")
def ask_closed():
    past_forum()
    return Visit("/events/forum/ask/")


@state("events:ask_page")
def ask_not_yet_open():
    forum(questions_open_at=timezone.now() + datetime.timedelta(days=2))
    return Visit("/events/forum/ask/")


@state("events:what_we_heard")
def what_we_heard_answers_by_topic():
    with_questions(past_forum())
    return Visit("/events/forum/what-we-heard/")


@state("events:what_we_heard")
def what_we_heard_with_feedback_counts():
    event = past_forum()
    with_questions(event)
    for score in (5, 4, 4, 1):
        Feedback.objects.create(event=event, usefulness=score, next_topic="Housing")
    return Visit("/events/forum/what-we-heard/")


@state("events:what_we_heard")
def what_we_heard_empty():
    past_forum()
    return Visit("/events/forum/what-we-heard/")


def then_continue(*more):
    """Open a private link in a browser with no cookies yet: press Continue, then go on."""
    continuing = submit('form[action$="/my-rsvp/open/"]')

    def act(page):
        continuing(page)
        for action in more:
            action(page)

    return act


def opened(rsvp, *more) -> Visit:
    """The RSVP's page, reached as a resident reaches it: their private link, then Continue."""
    return Visit(f"/rsvp/{rsvp.manage_token}/", then=then_continue(*more))


@state("events:open_link")
def private_link_continue():
    rsvp = booked(forum(), email="hodan@example.org")
    return Visit(f"/rsvp/{rsvp.manage_token}/")


@state("events:open_posted", "events:manage")
def manage_confirmed():
    return opened(booked(forum(), party_size=2, email="hodan@example.org", asl_count=1))


@state("events:manage")
def manage_waitlisted():
    event = forum(capacity=1)
    booked(event)
    return opened(booked(event, name="Tou Vang"))


@state("events:manage")
def manage_event_cancelled():
    event = forum()
    rsvp = booked(event)
    event.status = EventStatus.CANCELLED
    event.save()
    return opened(rsvp)


@state("events:all_questions")
def all_questions_second_page():
    event = forum()
    for number in range(60):
        QuestionFactory(event=event, text=f"Question {number}: will the clinic stay open?")
    return Visit("/events/forum/questions/?order=new&page=2")


@state("events:door")
def door_page_of_a_code():
    """What a confirmation's QR code opens for a resident (staff go on to the check-in)."""
    return Visit(f"/events/forum/door/{booked(forum()).code}/")


@state("events:manage")
def manage_not_open_here():
    forum()
    return Visit("/my-rsvp/not-open-here/")


@state("events:rsvp_change")
def manage_form_errors():
    return opened(booked(forum()), submit('form[action$="/change/"]', {"#id_party_size": ""}))


@state("events:rsvp_change")
def manage_changed():
    return opened(booked(forum()), submit('form[action$="/change/"]', {"#id_party_size": "3"}))


def follow(link_selector: str):
    """An action: open this link."""

    def act(page):
        with page.expect_navigation():
            page.locator(link_selector).first.click()

    return act


@state("events:rsvp_cancel")
def cancel_asked():
    return opened(booked(forum()), follow('a[href$="/cancel/"]'))


@state("events:rsvp_cancel")
def manage_cancelled():
    return opened(booked(forum()), follow('a[href$="/cancel/"]'), submit(POST_FORM))


@state("events:rsvp_erase")
def erase_asked():
    return opened(booked(forum()), follow('a[href$="/erase/"]'))


@state("events:rsvp_erase")
def manage_erased():
    return opened(booked(forum()), follow('a[href$="/erase/"]'), submit(POST_FORM))


@state("events:rsvp_stop_emails")
def manage_emails_stopped():
    rsvp = booked(forum(), email="hodan@example.org")
    return opened(rsvp, submit('form[action$="/stop-emails/"]'))


@state("events:forget")
def manage_forgotten():
    return opened(booked(forum()), submit('form[action$="/my-rsvp/forget/"]'))


@state("events:rsvp")
def rsvp_form_already_sent():
    """A form someone else already sent (Back on a shared computer): its result is theirs."""
    event = forum()
    first = uuid.uuid4()
    rules.place_rsvp(Rsvp(event=event, name="Someone", party_size=1, form_token=first))
    signed = signing.dumps(str(first), salt=f"rsvp-form:{event.pk}")

    def send_it_again(page):
        page.locator('input[name="form_token"]').evaluate("(input, v) => input.value = v", signed)
        submit(RSVP_FORM, {"#id_name": "Hodan"})(page)

    return Visit("/events/forum/", then=send_it_again)


@state("events:stop_emails")
def stop_emails_page():
    rsvp = booked(forum(), email="hodan@example.org")
    return Visit(f"/rsvp/{rsvp.manage_token}/stop-emails/")


@state("events:stop_emails")
def stop_emails_stopped():
    rsvp = booked(forum(), email="hodan@example.org")
    return Visit(f"/rsvp/{rsvp.manage_token}/stop-emails/", then=submit(POST_FORM))


@state("events:accessibility")
def accessibility_statement():
    return Visit("/accessibility/")


# --- Organizers' and the speaker's pages ------------------------------------------------------


@state("staff:queue", "staff:moderate")
def queue_pending_then_approved():
    with_questions(forum())
    return Visit(
        "/staff/events/forum/questions/", staff=True, then=submit('form[action$="/moderate/"]')
    )


@state("staff:queue")
def queue_empty():
    forum()
    return Visit("/staff/events/forum/questions/?status=rejected", staff=True)


@state("staff:merge")
def queue_after_a_merge():
    with_questions(forum())
    kept = Question.objects.get(text="Can the city share my address?")

    def merge_the_first_into_the_second(page):
        page.locator("input[name=into]").first.fill(str(kept.pk))
        with page.expect_navigation():
            page.locator('form[action$="/merge/"] [type=submit]').first.click()

    return Visit(
        "/staff/events/forum/questions/?status=approved",
        staff=True,
        then=merge_the_first_into_the_second,
    )


@state("staff:edit")
def edit_wording():
    question = QuestionFactory(event=forum(), text="What should I carry?")
    return Visit(f"/staff/questions/{question.pk}/edit/", staff=True)


@state("staff:edit")
def edit_wording_errors():
    question = QuestionFactory(event=forum(), text="What should I carry?")
    return Visit(
        f"/staff/questions/{question.pk}/edit/",
        staff=True,
        then=submit(POST_FORM, {"#id_text": ""}),
    )


@state("staff:sheet")
def speaker_sheet():
    with_questions(forum())
    return Visit("/staff/events/forum/questions/sheet/", staff=True)


@state("staff:sheet")
def speaker_sheet_empty():
    forum()
    return Visit("/staff/events/forum/questions/sheet/", staff=True)


@state("staff:export_xlsx", "staff:prepared")
def excel_file_of_the_questions_ready():
    with_questions(forum())
    return Visit("/staff/events/forum/questions/excel/", staff=True, then=submit(POST_FORM))


@state("staff:attendees_xlsx")
def excel_file_of_the_attendees_asked_for():
    booked(forum())
    return Visit("/staff/events/forum/attendees/excel/", staff=True)


@state("staff:prepared")
def excel_file_being_prepared():
    event = forum()

    def open_it(page):
        export = PreparedExport.objects.create(
            event=event,
            requested_by=User.objects.get(is_staff=True),
            kind=ExportKind.QUESTIONS,
            language="en",
        )
        page.goto(page.url.replace("/staff/", f"/staff/files/{export.pk}/"))

    return Visit("/staff/", staff=True, then=open_it)


@state("staff:presenter")
def presenter_with_a_current_question():
    event = forum()
    with_questions(event)
    event.questions.filter(text="What should I carry with me?").update(
        status=QuestionStatus.ANSWERING
    )
    return Visit("/staff/events/forum/present/", staff=True)


@state("staff:presenter")
def presenter_waiting():
    forum()
    return Visit("/staff/events/forum/present/", staff=True)


@state("staff:forums")
def forum_list_upcoming_and_past():
    forum()
    start = timezone.now() - datetime.timedelta(days=3)
    forum(slug="last-forum", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    return Visit("/staff/", staff=True)


@state("staff:dashboard")
def dashboard_with_rsvps():
    event = forum(capacity=3)
    booked(event, party_size=2, interpreter_count=1, interpreter_language="Spanish")
    booked(event, party_size=2, name="Tou Vang", childcare_count=1)
    with_questions(event)
    return Visit("/staff/events/forum/", staff=True)


@state("staff:dashboard")
def dashboard_with_feedback():
    event = past_forum()
    for score in (5, 5, 4, 2):
        Feedback.objects.create(event=event, usefulness=score)
    Feedback.objects.create(event=event, usefulness=3, next_topic="Housing", hard_to_reach="Sound")
    return Visit("/staff/events/forum/", staff=True)


@state("staff:dashboard")
def dashboard_with_a_burst():
    event = forum()
    for _ in range(12):
        bursts.record(event, "203.0.113.66")
    bursts.record(event, None)
    return Visit("/staff/events/forum/", staff=True)


@state("staff:dashboard")
def dashboard_empty():
    forum()
    return Visit("/staff/events/forum/", staff=True)


@state("staff:checkin")
def checkin_search_results():
    event = forum()
    RsvpFactory(event=event, name="Hodan Abdi", code="ABC347", party_size=4)
    RsvpFactory(event=event, name="Hodan Ali", code="HAX679", status=RsvpStatus.CANCELLED)
    return Visit(
        "/staff/events/forum/check-in/",
        staff=True,
        then=submit("form[role=search]", {"#id_q": "hodan"}),
    )


@state("staff:checkin")
def checkin_no_match():
    forum()
    return Visit(
        "/staff/events/forum/check-in/",
        staff=True,
        then=submit("form[role=search]", {"#id_q": "nobody"}),
    )


@state("staff:checkin_rsvp", "staff:check_in")
def checkin_over_capacity_warning():
    event = forum(capacity=2)
    RsvpFactory(event=event, name="Hodan Abdi", code="ABC347", party_size=2, checked_in_count=2)
    RsvpFactory(event=event, name="Tou Vang", code="TVX679", party_size=1)
    return Visit(
        "/staff/events/forum/check-in/TVX679/",
        staff=True,
        then=submit(ARRIVED_FORM, {"input[name=arrived]": "1"}),
    )


@state("staff:check_in")
def checkin_count_error():
    event = forum()
    RsvpFactory(event=event, name="Tou Vang", code="TVX679", party_size=1)
    return Visit(
        "/staff/events/forum/check-in/TVX679/",
        staff=True,
        then=submit(ARRIVED_FORM, {"input[name=arrived]": "7"}),
    )


@state("staff:walk_in")
def walk_in_added():
    forum()
    return Visit("/staff/events/forum/check-in/", staff=True, then=submit(WALK_IN_FORM))


@state("staff:walk_in")
def walk_in_error():
    forum()
    fields = {"input[name=count]": "0"}
    return Visit("/staff/events/forum/check-in/", staff=True, then=submit(WALK_IN_FORM, fields))


@state("staff:accommodations")
def accommodations_summary():
    event = forum()
    booked(event, party_size=3, interpreter_count=2, interpreter_language="Somali", asl_count=1)
    return Visit("/staff/events/forum/accommodations/", staff=True)


@state("staff:accommodations")
def accommodations_empty():
    forum()
    return Visit("/staff/events/forum/accommodations/", staff=True)


@state("staff:messages")
def messages_form():
    event = forum()
    booked(event, email="hodan@example.org")
    messaging.create_message(
        event,
        UserFactory(),
        audience="everyone",
        subject="Room change",
        body="We moved.",
        form_token=uuid.uuid4(),
    )
    return Visit("/staff/events/forum/messages/", staff=True)


@state("staff:messages")
def messages_form_errors():
    forum()
    return Visit("/staff/events/forum/messages/", staff=True, then=submit(POST_FORM))


@state("staff:messages")
def messages_confirmation():
    booked(forum(), email="hodan@example.org")
    fields = {"#id_subject": "Room change", "#id_body": "We moved.\nSame time."}

    def ask(page):
        page.locator("#id_audience_0").check()
        submit(POST_FORM, fields)(page)

    return Visit("/staff/events/forum/messages/", staff=True, then=ask)


@state("staff:outreach")
def outreach_kit():
    forum()
    return Visit("/staff/events/forum/outreach/", staff=True)


@state("staff:outreach")
def outreach_kit_of_a_draft():
    forum(status=EventStatus.DRAFT)
    return Visit("/staff/events/forum/outreach/", staff=True)


@state("staff:flyer")
def flyer_in_two_languages():
    forum()
    return Visit("/staff/events/forum/outreach/flyer/", staff=True)


# --- Error pages (not in the URL configuration, but residents land on them) ----------------


def forged_link_404():
    return Visit("/rsvp/not-a-real-link/")


def cookies_blocked_read_only():
    """The RSVP, read only, in a browser that keeps no cookies (a private link, Continue)."""
    rsvp = booked(forum(), email="hodan@example.org")

    def block_cookies_and_continue(page):
        page.context.clear_cookies()
        submit('form[action$="/my-rsvp/open/"]')(page)

    return Visit(f"/rsvp/{rsvp.manage_token}/", then=block_cookies_and_continue)


ERROR_PAGES = [forged_link_404, cookies_blocked_read_only]


# The few pages of our own inside the Django admin (the URL list above leaves the admin out).
def admin_duplicate_form():
    event = forum()
    return Visit(f"/admin/events/event/{event.pk}/duplicate/", staff=True)


def admin_duplicate_form_with_a_taken_address():
    event = forum()
    return Visit(
        f"/admin/events/event/{event.pk}/duplicate/",
        staff=True,
        then=submit("#duplicate_form", {"#id_slug": "forum"}),
    )


ADMIN_PAGES = [admin_duplicate_form, admin_duplicate_form_with_a_taken_address]


def test_every_url_has_an_accessibility_check():
    assert route_names() - STATES.keys() - NOT_PAGES.keys() == set()
    assert STATES.keys() - route_names() == set()
    assert NOT_PAGES.keys() - route_names() == set()


def all_states():
    builds = {build for builds in STATES.values() for build in builds}
    builds |= set(ERROR_PAGES) | set(ADMIN_PAGES)
    return sorted(builds, key=lambda build: build.__name__)


def staff_cookie(live_server, *, without_code=False):
    client = Client()
    user = UserFactory(roles=[ORGANIZER])
    if without_code:
        client.force_login_password_only(user)
    else:
        client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": live_server.url, "secure": True}


# The innermost elements that reach past the right edge: what makes the page scroll sideways.
def axe_violations(page) -> str:
    """axe's findings on the page as it is now, one line each ("" when there are none)."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("build", all_states(), ids=lambda build: build.__name__)
def test_page_has_no_axe_violations(browser, live_server, build, language):
    visit = build()
    # A resident's own pages speak the language of their RSVP: here, the one being checked.
    Rsvp.objects.update(language=language)
    context = browser.new_context(viewport=WIDE, locale=language, bypass_csp=True)
    try:
        if visit.staff or visit.signed_in_without_code:
            context.add_cookies(
                [staff_cookie(live_server, without_code=visit.signed_in_without_code)]
            )
        context.set_default_timeout(5000)
        page = context.new_page()
        page.goto(live_server.url + visit.path)
        if visit.then:
            visit.then(page)

        assert page.locator("html").get_attribute("lang") == language
        assert axe_violations(page) == "", "at 1280 px wide"

        page.set_viewport_size(NARROW)
        assert_fits(page, NARROW["width"])
        assert axe_violations(page) == "", "at 320 px wide"
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_data_practices_notice_fits_on_a_phone_screen(browser, live_server, language):
    forum(data_practices="RSVPs help us plan seats, interpreters and childcare.")
    context = browser.new_context(viewport=PHONE, locale=language)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/events/forum/")
        notice = page.locator("#privacy-notice").bounding_box()

        assert notice["width"] <= PHONE["width"]
        assert notice["height"] <= PHONE["height"]
    finally:
        context.close()


def test_event_page_prints_as_a_flyer_without_forms(browser, live_server):
    forum()
    context = browser.new_context(viewport=WIDE, locale="en")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/events/forum/")
        assert page.locator(".print-only").is_visible() is False

        page.emulate_media(media="print")

        assert page.locator(".print-only").inner_text() == (
            "RSVP and send questions at https://forum.example.org/events/forum/"
        )
        assert page.locator("form:visible, .btn:visible, header:visible").count() == 0
        assert page.get_by_role("heading", level=1).inner_text() == (
            "Federal immigration policy: a community discussion"
        )
        assert page.locator("dl.event-facts").is_visible()
    finally:
        context.close()
