"""The forum, live, in Chromium with the site's CSP: live.js puts back "Now answering" when
the moderators move on, "Pause updates" stops its requests until pressed again, it stops for
good once the forum has ended, and without JavaScript the "Refresh" link does the work."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.enums import QuestionStatus
from events.questions import live
from events.questions import rules as question_rules
from tests.factories import EventFactory, QuestionFactory

from .conftest import PHONE, assert_fits

pytestmark = pytest.mark.django_db(transaction=True)

INTERVAL = 0.25  # seconds between requests in these tests (10 on the night)
FRAGMENT = "/events/forum/live/?fragment=1"


@pytest.fixture(autouse=True)
def quick_refresh(monkeypatch):
    monkeypatch.setattr(live, "REFRESH_SECONDS", INTERVAL)


@pytest.fixture
def forum():
    start = timezone.now() - datetime.timedelta(hours=1)
    event = EventFactory(
        slug="forum",
        title="Federal immigration policy: a community discussion",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    QuestionFactory(
        event=event, text="Can the city share my address?", status=QuestionStatus.ANSWERING
    )
    QuestionFactory(event=event, text="What should I carry with me?", vote_count=7)
    QuestionFactory(event=event, text="Is it safe to call 911?", vote_count=3)
    QuestionFactory(event=event, text="¿Habrá intérpretes?", language="es", vote_count=2)
    return event


def fragment_requests(page) -> list[str]:
    asked: list[str] = []
    page.on("request", lambda request: request.url.endswith(FRAGMENT) and asked.append(request))
    return asked


def wait(page, intervals: int) -> None:
    page.wait_for_timeout(int(intervals * INTERVAL * 1000))


def test_now_answering_follows_the_moderators_and_pause_stops_every_request(
    live_server, open_page, forum
):
    page = open_page(PHONE)
    asked = fragment_requests(page)
    page.goto(f"{live_server.url}/events/forum/")
    pause = page.get_by_role("button", name="Pause updates")
    expect(pause).to_have_attribute("aria-pressed", "false")
    wait(page, 4)
    assert len(asked) >= 2

    question_rules.moderate(forum.questions.get(text="What should I carry with me?"), "answering")
    expect(page.locator("#live-now")).to_have_text("What should I carry with me?")

    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#live-paused")).to_have_text("Updates are paused.")
    wait(page, 1)  # a request already on its way may still arrive
    before = len(asked)
    question_rules.moderate(forum.questions.get(text="Is it safe to call 911?"), "answering")
    wait(page, 8)
    assert len(asked) == before
    expect(page.locator("#live-now")).to_have_text("What should I carry with me?")

    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#live-paused")).to_be_hidden()
    # What changed while paused shows at once.
    expect(page.locator("#live-now")).to_have_text("Is it safe to call 911?")
    wait(page, 4)
    assert len(asked) >= before + 2


def test_only_the_question_being_answered_is_a_live_region(live_server, open_page, forum):
    page = open_page(PHONE)
    page.goto(f"{live_server.url}/events/forum/")

    regions = page.locator("[aria-live]")
    assert regions.count() == 1
    assert regions.get_attribute("aria-live") == "polite"
    assert regions.inner_text() == "Can the city share my address?"
    assert page.locator("#live-next").get_attribute("aria-live") is None
    # Asked again and again with nothing changed, the live region is left alone: a screen
    # reader would otherwise read the same question every few seconds.
    page.evaluate(
        """() => { window.liveChanges = 0; new MutationObserver(() => window.liveChanges++)
            .observe(document.getElementById("live-now"), {childList: true, subtree: true,
            characterData: true}); }"""
    )
    wait(page, 6)
    assert page.evaluate("window.liveChanges") == 0
    question_rules.moderate(forum.questions.get(text="Is it safe to call 911?"), "answering")
    expect(page.locator("#live-next")).not_to_contain_text("Is it safe to call 911?")
    assert page.locator("[aria-live]").count() == 1
    assert page.evaluate("window.liveChanges") > 0


def test_the_script_stops_once_the_forum_has_ended(live_server, open_page, forum):
    page = open_page(PHONE)
    asked = fragment_requests(page)
    page.goto(f"{live_server.url}/events/forum/live/")
    wait(page, 2)

    forum.ends_at = timezone.now() - datetime.timedelta(seconds=1)
    forum.save()

    expect(page.locator("#live-state")).to_have_text(
        "The forum has ended. What we heard: answers by topic"
    )
    expect(page.get_by_role("button", name="Pause updates")).to_be_hidden()
    count = len(asked)
    wait(page, 6)
    assert len(asked) == count


def test_without_javascript_the_refresh_link_shows_the_next_question(live_server, open_page, forum):
    page = open_page(PHONE, javascript=False)
    page.goto(f"{live_server.url}/events/forum/")
    assert page.get_by_role("button", name="Pause updates").count() == 0  # hidden, does nothing

    # Starting one answers the one before (events.questions.rules.moderate).
    question_rules.moderate(forum.questions.get(text="Is it safe to call 911?"), "answering")
    page.locator("#forum-live").get_by_role("link", name="Refresh").click()

    assert page.url == f"{live_server.url}/events/forum/live/"
    assert page.locator("#live-now").inner_text() == "Is it safe to call 911?"


def test_the_live_page_on_a_phone(live_server, open_page, screenshot, forum):
    page = open_page(PHONE)
    page.goto(f"{live_server.url}/events/forum/live/")

    assert page.get_by_role("heading", level=1).inner_text() == forum.title
    assert page.locator("#live-next li").all_inner_texts() == [
        "What should I carry with me? (7 votes)",
        "Is it safe to call 911? (3 votes)",
        "¿Habrá intérpretes? (2 votes)",
    ]
    assert page.locator("#live-next [lang=es]").inner_text() == "¿Habrá intérpretes?"
    assert_fits(page, PHONE["width"])
    screenshot(page, "live-phone")
