import pytest

from events.enums import RsvpStatus
from events.forums import demo
from events.models import Rsvp
from tests.factories import EventFactory

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_resident_rsvps_opens_the_private_link_and_cancels(
    live_server, open_page, screenshot, viewport, label
):
    event = EventFactory(title="Immigration policy forum", capacity=2, max_party_size=4)
    waiting = Rsvp.objects.create(
        event=event, name="Waiting", party_size=1, status=RsvpStatus.WAITLISTED, code="WAIT01"
    )
    page = open_page(viewport)

    page.goto(live_server.url + event.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Immigration policy forum"
    page.get_by_label("Name").fill("Hodan")
    page.get_by_label("Number of people").fill("2")
    page.get_by_role("button", name="Send my RSVP").click()

    assert page.get_by_role("heading", name="You have a seat").is_visible()
    code = page.locator(".rsvp-code").inner_text()
    assert code == Rsvp.objects.get(name="Hodan").code
    screenshot(page, f"rsvp-confirmed-{label}")

    manage_link = page.get_by_role("textbox", name="Your private link").input_value()
    fresh = open_page(viewport)
    fresh.goto(manage_link)
    fresh.get_by_role("button", name="Continue").click()  # a browser with no cookies yet
    fresh.get_by_role("link", name="Cancel my RSVP").click()
    assert fresh.get_by_role("heading", name="Cancel your RSVP?").is_visible()
    fresh.get_by_role("button", name="Yes, cancel my RSVP").click()

    assert fresh.get_by_role("heading", name="This RSVP is cancelled").is_visible()
    screenshot(fresh, f"rsvp-cancelled-{label}")
    waiting.refresh_from_db()
    assert waiting.status == RsvpStatus.CONFIRMED


@pytest.mark.parametrize("language", ["en", "es"])
def test_on_a_phone_the_rsvp_form_starts_within_one_screen_before_the_questions(
    live_server, open_page, language
):
    event, _created = demo.load_demo()
    page = open_page(PHONE)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )

    page.goto(live_server.url + event.get_absolute_url())

    form = page.locator("#rsvp-form").bounding_box()
    questions = page.locator("#questions").bounding_box()
    assert form["y"] + 60 <= PHONE["height"]  # its first field shows on the first screen
    assert form["y"] < questions["y"]
