"""A private link opened in a real browser leaves no trace of its token: after the first
answer, the token is in no address, no Referer the browser sends for anything the pages
load, no response header and no page."""

import pytest
from playwright.sync_api import expect

from events.models import Rsvp
from events.rsvps import rules
from tests.factories import EventFactory

from .conftest import DESKTOP

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_token_of_an_opened_link_goes_nowhere(live_server, open_page):
    event = EventFactory(slug="forum", title="Immigration policy forum", capacity=10)
    rsvp = rules.place_rsvp(Rsvp(event=event, name="Hodan", party_size=2)).rsvp
    token = rsvp.manage_token
    page = open_page(DESKTOP)
    requests, responses = [], []
    page.on("request", lambda request: requests.append(request))
    page.on("response", lambda response: responses.append(response))

    page.goto(f"{live_server.url}/rsvp/{token}/")  # a browser with no cookies yet
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#status-title")).to_have_text("You have a seat")
    shown = [page.content()]
    page.get_by_label("Number of people").fill("3")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_have_text("Your RSVP was updated.")
    shown.append(page.content())

    first, *later = requests
    assert (first.url, first.method) == (f"{live_server.url}/rsvp/{token}/", "GET")
    assert [r.url for r in later if token in r.url] == []
    assert [r.url for r in later if token in r.headers.get("referer", "")] == []
    # What the first page loads is sent no Referer at all (its own address holds the token).
    loaded_by_first = [r for r in later if r.resource_type in {"stylesheet", "script", "image"}]
    assert loaded_by_first
    assert {r.headers.get("referer") or "" for r in loaded_by_first[:2]} == {""}
    assert len(later) > 5
    after_the_first = responses[1:]
    assert [r.url for r in after_the_first if token in str(r.all_headers())] == []
    assert [token in content for content in shown] == [False, False]
    assert token not in page.url
    assert page.url.startswith(f"{live_server.url}/my-rsvp/")
    rsvp.refresh_from_db()
    assert rsvp.party_size == 3
