"""The texts the site writes for residents read at US school grade 8 or lower.

Flesch-Kincaid grade (textstat) over each notice, help text and email as a whole passage:
one short sentence with one long word says little, a notice read together says more.
"""

import datetime
import re
import uuid

import pytest
import textstat
from django.urls import reverse
from django.utils import timezone

from events.enums import EmailKind
from events.feedback import rules as feedback_rules
from events.feedback.forms import FeedbackForm
from events.mail.compose import compose
from events.models import EmailDelivery, Message
from events.questions.forms import QuestionForm
from events.rsvps.forms import RsvpForm
from tests import pages
from tests.conftest import post_rsvp
from tests.factories import EventFactory

GRADE = 8

pytestmark = pytest.mark.django_db


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


def prose(email_body: str) -> str:
    """An email as sentences: links dropped, and each line read as a sentence of its own
    (textstat would otherwise run unpunctuated lines together into one long sentence)."""
    lines = (re.sub(r"https?://\S+", "", line).strip() for line in email_body.splitlines())
    return " ".join(line if line[-1] in ".!?" else line + "." for line in lines if line)


def test_the_data_practices_notice_is_plain(client, event):
    notice = pages.text(client.get(event.get_absolute_url()), "privacy-notice")

    assert notice.startswith("Your information We need a name")
    assert grade(notice) <= GRADE, notice


def test_the_notice_before_asking_is_plain(client, event):
    notice = pages.text(
        client.get(reverse("events:ask_page", args=[event.slug])), "question-notice"
    )

    assert notice.startswith("Before you ask Questions are anonymous.")
    assert grade(notice) <= GRADE, notice


def test_help_texts_of_the_residents_forms_are_plain(event):
    forms = [RsvpForm(event=event, language="en"), QuestionForm(event=event, language="en")]
    help_texts = {
        name: str(field.help_text)
        for form in forms
        for name, field in form.fields.items()
        if field.help_text
    }
    passage = " ".join(help_texts.values())

    assert list(help_texts) == ["name", "party_size", "email", "text"]
    assert grade(passage) <= GRADE, passage


def test_error_messages_on_the_rsvp_form_are_plain(client, event):
    response = post_rsvp(client, event, name="", party_size="99", email="not an address")
    summary = pages.text(response, "error-summary")

    assert summary.startswith("Please fix these problems")
    assert grade(summary) <= GRADE, summary


def test_the_accessibility_statement_is_plain(client):
    statement = pages.text(client.get(reverse("events:accessibility")), "main")

    assert statement.startswith("Accessibility Everyone should be able to use this site")
    assert grade(statement) <= GRADE, statement


def test_the_confirmation_email_is_plain(client, event, send, mailoutbox):
    send(post_rsvp, client, event, party_size="2")
    (email,) = mailoutbox

    assert email.subject == "Your RSVP with Brooklyn Park Civic Forum"
    assert grade(prose(email.body)) <= GRADE, prose(email.body)


@pytest.mark.parametrize("kind", list(EmailKind))
def test_every_email_to_residents_is_plain(event, book, kind):
    rsvp = book(event, party_size=2, email="hodan@example.org", name="Hodan", language="en")
    message = None
    if kind == EmailKind.MESSAGE:  # staff's own words, framed by ours
        message = Message.objects.create(
            event=event, audience="confirmed", subject="Room", body="We meet in room 2.",
            form_token=uuid.uuid4(),
        )  # fmt: skip
    email = compose(EmailDelivery.objects.create(rsvp=rsvp, kind=kind, message=message))

    assert email.to == ["hodan@example.org"]
    assert grade(prose(email.body)) <= GRADE, prose(email.body)


@pytest.mark.parametrize(
    ("page", "starts"),
    [
        ("result", "You have a seat"),
        ("lost_link", "Lost your link?"),
        ("not_me", "Did not RSVP?"),
    ],
)
def test_the_pages_about_private_links_are_plain(client, event, page, starts):
    if page == "result":
        response = post_rsvp(client, event, name="Hodan")
    elif page == "lost_link":
        response = client.get(reverse("events:lost_link", args=[event.slug]))
    else:
        rsvp = post_rsvp(client, event).context["rsvp"]
        response = client.get(reverse("events:not_me", args=[rsvp.manage_token]))
    text = re.sub(r"https?://\S+", "", pages.text(response, "main"))

    assert text.startswith(starts)
    assert grade(text) <= GRADE, text


@pytest.fixture
def ended(db):
    start = timezone.now() - datetime.timedelta(days=1)
    return EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def test_the_notice_before_feedback_is_plain(client, ended):
    notice = pages.text(
        client.get(reverse("events:feedback", args=[ended.slug])), "feedback-notice"
    )

    assert notice.startswith("Before you answer This form is anonymous.")
    assert grade(notice) <= GRADE, notice


def test_help_texts_and_messages_of_the_feedback_form_are_plain(client, ended):
    form = FeedbackForm(event=ended)
    help_texts = [str(field.help_text) for field in form.fields.values() if field.help_text]
    page = client.get(reverse("events:feedback", args=[ended.slug]))
    closed = feedback_rules.closed_message(EventFactory(slug="later"))
    passage = " ".join([*help_texts, closed, str(form.too_quick), str(form.token_expired)])

    assert len(help_texts) == 3
    assert page.status_code == 200
    assert grade(passage) <= GRADE, passage
