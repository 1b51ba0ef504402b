"""Keyboard-only journeys: every move and every action is a key press.

No click(), fill(), check() or select_option() here. Pages are opened with goto() and state is
read with locators and evaluate(); everything a resident does is Tab, Shift+Tab, Enter, Space,
arrow keys or typing. Each element reached with Tab must show that it has focus.
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from events.enums import QuestionStatus, RsvpStatus
from events.models import Question, Rsvp
from tests.factories import EventFactory, QuestionFactory, TopicFactory

from .conftest import DESKTOP

pytestmark = pytest.mark.django_db(transaction=True)

MAX_PRESSES = 80  # the longest page (the event page) has about 40 stops

# What Chromium reports for document.activeElement, for failure messages.
DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "<body>";
  const name = (el.getAttribute("aria-label") || el.innerText || el.value || "").trim();
  return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}> ${name.slice(0, 40)}`;
}"""

# How the focused element shows its focus: an outline or a box-shadow that is not transparent,
# on an element that is really on screen (the skip link is 1 px wide until it has focus).
FOCUS_STYLE = """element => {
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none" && !/rgba\\([^)]*,\\s*0\\)/.test(style.boxShadow);
  return {
    focusVisible: element.matches(":focus-visible"),
    indicator: outline || shadow,
    style: `outline: ${style.outlineStyle} ${style.outlineWidth}; box-shadow: ${style.boxShadow}`,
    // Scrolling into view rounds to whole pixels: a fraction of one past the edge is on screen.
    onScreen: box.width > 1 && box.height > 1 && box.top >= -1 && box.bottom <= innerHeight + 1,
  };
}"""


def focus_description(page: Page) -> str:
    return page.evaluate(DESCRIBE_FOCUS)


def has_focus(target: Locator) -> bool:
    return target.evaluate("element => element === document.activeElement")


def assert_visibly_focused(target: Locator) -> None:
    seen = target.evaluate(FOCUS_STYLE)
    assert seen["focusVisible"], f"{target} has focus but does not match :focus-visible"
    assert seen["indicator"], f"{target} has no visible focus indicator ({seen['style']})"
    assert seen["onScreen"], f"{target} has focus but is not on screen"


def tab_to(page: Page, target: Locator, *, key: str = "Tab", limit: int = MAX_PRESSES) -> None:
    """Press Tab (or Shift+Tab) until `target` has focus, then check it shows its focus.

    `target` names one element by role and accessible name, e.g.
    page.get_by_role("button", name="Send my RSVP")."""
    assert target.count() == 1, f"{target} matches {target.count()} elements, not one"
    path = []
    for _ in range(limit):
        page.keyboard.press(key)
        if has_focus(target):
            assert_visibly_focused(target)
            return
        path.append(focus_description(page))
    raise AssertionError(
        f"{target} not reached after {limit} presses of {key}. Focus went: " + " → ".join(path)
    )


def press_and_wait(page: Page, key: str, url_pattern) -> None:
    """Press a key that sends a form, and wait for the page it leads to."""
    page.keyboard.press(key)
    page.wait_for_url(url_pattern)


@pytest.fixture
def keyboard_page(open_page):
    def _open():
        page = open_page(DESKTOP)
        # Bootstrap animates its focus ring; with reduced motion it is there at once.
        page.emulate_media(reduced_motion="reduce")
        return page

    return _open


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(live_server, keyboard_page):
    event = EventFactory(title="Immigration policy forum")
    page = keyboard_page()
    page.goto(live_server.url + event.get_absolute_url())

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert has_focus(skip), f"first Tab stop is {focus_description(page)}"
    assert_visibly_focused(skip)

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"

    # The next stop is the first control inside <main>, past the whole header.
    page.keyboard.press("Tab")
    first_in_main = page.get_by_role("link", name="RSVP", exact=True)
    assert has_focus(first_in_main), f"after the skip link: {focus_description(page)}"
    assert_visibly_focused(first_in_main)


def test_rsvp_change_party_size_and_cancel_by_keyboard(live_server, keyboard_page):
    event = EventFactory(title="Immigration policy forum", capacity=10, max_party_size=4)
    page = keyboard_page()
    page.goto(live_server.url + event.get_absolute_url())

    tab_to(page, page.get_by_role("textbox", name="Name"))
    page.keyboard.type("Hodan")
    tab_to(page, page.get_by_role("spinbutton", name="Number of people"))
    page.keyboard.press("ArrowUp")  # 1 -> 2
    assert page.get_by_role("spinbutton", name="Number of people").input_value() == "2"
    tab_to(page, page.get_by_role("button", name="Send my RSVP"))
    press_and_wait(page, "Enter", re.compile(r"/events/[^/]+/rsvp/$"))

    rsvp = Rsvp.objects.get(event=event)
    assert (rsvp.name, rsvp.party_size, rsvp.status) == ("Hodan", 2, RsvpStatus.CONFIRMED)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have a seat")
    tab_to(page, page.get_by_role("link", name="Change or cancel my RSVP"))
    press_and_wait(page, "Enter", re.compile(r"/my-rsvp/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your RSVP")
    own = page.url
    expect(page.locator("#status-title")).to_have_text("You have a seat")
    expect(page.locator("#status-title + p")).to_have_text("For 2 people.")

    # The manage page: one more person.
    tab_to(page, page.get_by_role("spinbutton", name="Number of people"))
    page.keyboard.press("ArrowUp")  # 2 -> 3
    assert page.get_by_role("spinbutton", name="Number of people").input_value() == "3"
    tab_to(page, page.get_by_role("button", name="Save changes"))
    press_and_wait(page, "Enter", own)

    expect(page.get_by_role("status")).to_have_text("Your RSVP was updated.")
    expect(page.locator("#status-title + p")).to_have_text("For 3 people.")
    rsvp.refresh_from_db()
    assert (rsvp.party_size, rsvp.status) == (3, RsvpStatus.CONFIRMED)

    # Then cancel.
    tab_to(page, page.get_by_role("link", name="Cancel my RSVP"))
    press_and_wait(page, "Enter", own + "cancel/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your RSVP?")
    tab_to(page, page.get_by_role("button", name="Yes, cancel my RSVP"))
    press_and_wait(page, "Enter", own)

    expect(page.get_by_role("status")).to_have_text(
        "Your RSVP is cancelled. Thank you for letting us know."
    )
    expect(page.locator("#status-title")).to_have_text("This RSVP is cancelled")
    rsvp.refresh_from_db()
    assert rsvp.status == RsvpStatus.CANCELLED


def test_ask_a_question_with_a_topic_by_keyboard(live_server, keyboard_page):
    event = EventFactory(slug="forum", title="Immigration policy forum")
    TopicFactory(event=event, name="Work permits", position=0)
    TopicFactory(event=event, name="Schools", position=1)
    page = keyboard_page()
    page.goto(live_server.url + "/events/forum/ask/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question")

    tab_to(page, page.get_by_role("textbox", name="Your question"))
    page.keyboard.type("Can I still renew my work permit?")
    topic = page.get_by_role("combobox", name="Topic")
    tab_to(page, topic)
    assert topic.evaluate("select => select.selectedOptions[0].text") == "No topic"
    page.keyboard.press("ArrowDown")
    assert topic.evaluate("select => select.selectedOptions[0].text") == "Work permits"
    tab_to(page, page.get_by_role("button", name="Send my question"))
    press_and_wait(page, "Enter", live_server.url + "/events/forum/#questions")

    expect(page.get_by_role("status")).to_have_text(
        "Thank you. Your question will appear after a moderator reviews it."
    )
    question = Question.objects.get(event=event)
    assert (question.text, question.topic.name, question.status) == (
        "Can I still renew my work permit?",
        "Work permits",
        QuestionStatus.PENDING,
    )


def test_vote_for_another_question_by_keyboard(live_server, keyboard_page):
    event = EventFactory(slug="forum", title="Immigration policy forum")
    question = QuestionFactory(event=event, text="Will the police ask about status?")
    page = keyboard_page()
    page.goto(live_server.url + "/events/forum/")
    counts = page.locator(f"#question-{question.pk} .small")
    expect(counts).to_have_text("0 people want this answered")

    tab_to(page, page.get_by_role("button", name="I want this answered too"))
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(rf"\?order=top#question-{question.pk}$"))

    expect(counts).to_have_text("1 person wants this answered")
    expect(page.locator(f"#question-{question.pk} button")).to_have_text(
        "Undo: I no longer need this answered"
    )
    question.refresh_from_db()
    assert question.vote_count == 1


def test_focus_goes_to_the_error_summary_after_a_keyboard_submit(live_server, keyboard_page):
    event = EventFactory(slug="forum", title="Immigration policy forum")
    page = keyboard_page()
    page.goto(live_server.url + "/events/forum/")

    # No name: straight to the button.
    tab_to(page, page.get_by_role("button", name="Send my RSVP"))
    press_and_wait(page, "Enter", live_server.url + "/events/forum/rsvp/")

    summary = page.locator("#error-summary")
    expect(summary.get_by_role("heading")).to_have_text("Please fix these problems")
    expect(summary.get_by_role("listitem")).to_have_text(["Name: This field is required."])
    expect(summary).to_be_focused()

    # From the summary, Tab reaches its link, and Enter on it puts the cursor in the field.
    page.keyboard.press("Tab")
    link = summary.get_by_role("link", name="Name: This field is required.")
    assert has_focus(link), f"after the error summary: {focus_description(page)}"
    assert_visibly_focused(link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("textbox", name="Name")).to_be_focused()
    assert Rsvp.objects.filter(event=event).count() == 0
