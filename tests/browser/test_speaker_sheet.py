"""The speaker's question sheet on paper, printed by Chromium as the speaker's browser would:
short topics share a page, a question is never split, and each has room for notes."""

import re

import pytest
from playwright.sync_api import expect

from events.enums import QuestionStatus
from events.roles import SPEAKER
from tests.factories import EventFactory, QuestionFactory, TopicFactory, UserFactory

from .conftest import DESKTOP, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# A page object of a PDF ("/Type /Page"), not the tree of pages ("/Type /Pages").
PDF_PAGE = re.compile(rb"/Type\s*/Page[^s]")
QUESTIONS = {
    "Know your rights": [
        "What should I do if immigration agents come to my door?",
        "Do I have to answer questions from a police officer about where I was born?",
        "Can the city share my address or my phone number with federal agents?",
        "Is it safe to call 911 if someone in my family has no papers?",
        "What papers should I carry with me when I drive to work?",
    ],
    "Work permits": [
        "My work permit expires next month. Can I keep working while the renewal is pending?",
        "Can my employer ask about my immigration status after I was hired?",
        "Where can I get free legal help with a work permit application in Brooklyn Park?",
    ],
    "Family and school": [
        "Can a school ask for my child's immigration status when I enroll them?",
        "If I am detained, who can pick my children up from school?",
        "Will applying for food help for my US-born children hurt my own case later?",
    ],
}


def forum_with_eleven_questions():
    event = EventFactory(slug="forum", title="Federal immigration policy: a community discussion")
    votes = 40
    for position, (topic_name, texts) in enumerate(QUESTIONS.items()):
        topic = TopicFactory(event=event, name=topic_name, position=position)
        for text in texts:
            QuestionFactory(
                event=event,
                topic=topic,
                text=text,
                status=QuestionStatus.APPROVED,
                vote_count=votes,
            )
            votes -= 3
    return event


def test_the_sheet_of_eleven_questions_in_three_topics_prints_on_two_pages(
    live_server, open_page, screenshot
):
    forum_with_eleven_questions()
    page = open_page(DESKTOP)
    sign_in(page, live_server, UserFactory(roles=[SPEAKER]), "/staff/events/forum/questions/sheet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions for the speaker")

    pdf = page.pdf(format="Letter")

    assert len(PDF_PAGE.findall(pdf)) <= 2
    # Each question has ruled room for notes on paper, and none on the screen.
    notes = page.locator(".sheet-notes")
    assert notes.count() == 11
    expect(notes.first).to_be_hidden()
    page.emulate_media(media="print")
    assert [notes.nth(n).is_visible() for n in range(11)] == [True] * 11
    assert notes.first.bounding_box()["height"] >= 50  # two writing lines at least
    page.set_viewport_size({"width": 816, "height": 1056})  # a Letter page at 96 dpi
    screenshot(page, "speaker-sheet-print")
