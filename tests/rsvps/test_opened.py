"""Private links leave no trace: opening one moves the RSVP into this browser's session and on
to an address without the token; the session ends with the browser, after 20 idle minutes,
or at "Done"; a form sent again shows its result only to the browser that sent it."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from events.enums import RsvpStatus
from events.rsvps import opened

from .. import pages
from ..conftest import own_address
from ..factories import EventFactory, RsvpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rsvp():
    event = EventFactory(slug="forum", title="Forum", capacity=10)
    return RsvpFactory(event=event, party_size=2, code="ABC347")


def link(rsvp) -> str:
    return reverse("events:open_link", args=[rsvp.manage_token])


def browser_with_cookies() -> Client:
    browser = Client()
    browser.get("/")  # any earlier visit: the site has set a cookie
    return browser


def everything_in(response) -> str:
    headers = " ".join(f"{name}: {value}" for name, value in response.headers.items())
    return headers + " " + response.content.decode()


def test_opening_the_link_moves_the_token_out_of_the_address_bar(rsvp):
    browser = browser_with_cookies()

    opening = browser.get(link(rsvp))
    page = browser.get(opening["Location"])

    assert opening.status_code == 303
    handle = re.fullmatch(r"/my-rsvp/([\w-]+)/", opening["Location"])[1]
    assert handle not in {str(rsvp.pk), rsvp.code, rsvp.manage_token}
    assert opening["Referrer-Policy"] == "no-referrer"
    assert page.status_code == 200
    assert pages.text(page, "status-title") == "You have a seat"
    assert rsvp.manage_token not in everything_in(page)
    assert "no-store" in page["Cache-Control"]


def test_a_link_opened_twice_and_from_another_browser_still_works_and_changes_nothing(rsvp):
    first, second = browser_with_cookies(), browser_with_cookies()
    updated = rsvp.updated_at

    addresses = [first.get(link(rsvp))["Location"], first.get(link(rsvp))["Location"]]
    elsewhere = second.get(link(rsvp))["Location"]

    assert addresses[0] == addresses[1] != elsewhere
    assert second.get(elsewhere).status_code == 200
    # A handle is this browser's alone.
    assert pages.text(second.get(addresses[0]), "not-open").startswith(
        "Your RSVP is not open in this browser."
    )
    rsvp.refresh_from_db()
    assert (rsvp.status, rsvp.updated_at) == (RsvpStatus.CONFIRMED, updated)


def test_a_browser_that_brings_no_cookies_gets_a_button_that_posts_the_token(rsvp):
    browser = Client()

    response = browser.get(link(rsvp))
    continued = browser.post(reverse("events:open_posted"), {"token": rsvp.manage_token})

    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    assert pages.text(response, "main").endswith(
        "Press Continue to see your RSVP. Your private link then leaves the address bar. Continue"
    )
    assert f'<input type="hidden" name="token" value="{rsvp.manage_token}">' in (
        response.content.decode()
    )
    # It kept the cookie the first page set: cookies work, so on to the handle.
    assert continued.status_code == 303
    assert continued["Location"].startswith("/my-rsvp/")


def test_with_cookies_blocked_the_rsvp_can_be_read_in_answer_to_the_post(rsvp):
    blocked = Client(enforce_csrf_checks=True)

    response = blocked.post(reverse("events:open_posted"), {"token": rsvp.manage_token})

    assert response.status_code == 200
    assert pages.text(response, "status-title") == "You have a seat"
    assert pages.text(response, "read-only").startswith("This browser blocks cookies")
    assert pages.has_element(response, "change-title") is False
    assert rsvp.manage_token not in everything_in(response)


@pytest.mark.parametrize("token", ["not-a-token", ""])
def test_a_forged_token_opens_nothing(token):
    browser = browser_with_cookies()

    assert browser.post(reverse("events:open_posted"), {"token": token}).status_code == 404
    if token:
        assert browser.get(reverse("events:open_link", args=[token])).status_code == 404


def test_the_rsvp_stays_open_only_until_the_browser_closes(rsvp):
    browser = browser_with_cookies()

    browser.get(link(rsvp))

    session_cookie = browser.cookies["sessionid"]
    assert (session_cookie["max-age"], session_cookie["expires"]) == ("", "")


def test_after_twenty_idle_minutes_the_rsvp_is_closed(rsvp, monkeypatch):
    browser = browser_with_cookies()
    address = browser.get(link(rsvp))["Location"]
    now = time.time()

    monkeypatch.setattr(opened.time, "time", lambda: now + 19 * 60)
    still = browser.get(address)
    monkeypatch.setattr(opened.time, "time", lambda: now + 19 * 60 + 20 * 60 + 1)
    closed = browser.get(address)

    assert (still.status_code, closed.status_code) == (200, 404)


def test_done_forgets_the_rsvp_on_this_device(rsvp):
    browser = browser_with_cookies()
    address = browser.get(link(rsvp))["Location"]

    done = browser.post(reverse("events:forget"))
    home = browser.get(done["Location"])
    after = browser.get(address)

    assert (done.status_code, done["Location"]) == (303, "/")
    assert pages.text(home, "main").startswith("Done. This device no longer keeps your RSVP open.")
    assert after.status_code == 404
    assert browser.get(own_address(browser, rsvp)).status_code == 200  # the link still works


def test_the_same_form_sent_again_from_another_browser_shows_nothing_of_the_first(rsvp):
    event = rsvp.event
    sender = Client()
    page = sender.get(event.get_absolute_url())
    data = {
        "name": "Hodan",
        "party_size": "1",
        "email": "",
        "language": "en",
        "form_token": pages.form_token(page),
    }
    url = reverse("events:rsvp", args=[event.slug])

    first = sender.post(url, data)
    again = sender.post(url, data)
    elsewhere = Client().post(url, data)

    hodan = event.rsvps.get(name="Hodan")
    assert pages.text(again, "result") == pages.text(first, "result")
    assert elsewhere.status_code == 200
    assert pages.text(elsewhere, "already-sent").startswith("We already have the RSVP")
    assert (
        hodan.code in elsewhere.content.decode(),
        hodan.manage_token in everything_in(elsewhere),
    ) == (False, False)
    assert event.rsvps.filter(name="Hodan").count() == 1


def test_the_manage_page_speaks_the_language_of_the_rsvp(rsvp):
    rsvp.language = "es"
    rsvp.save()
    browser = browser_with_cookies()

    page = browser.get(own_address(browser, rsvp), HTTP_ACCEPT_LANGUAGE="en")

    assert pages.text(page, "status-title") == "Tiene un lugar reservado"
    assert '<html lang="es">' in page.content.decode()
