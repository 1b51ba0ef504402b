import pytest

from events.models import Rsvp
from events.roles import ORGANIZER
from tests.factories import EventFactory, RsvpFactory, UserFactory

from .conftest import PHONE, assert_fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_organizer_checks_a_party_in_at_the_door_on_a_phone(live_server, open_page, screenshot):
    event = EventFactory(slug="forum", title="Immigration policy forum", capacity=10)
    RsvpFactory(event=event, name="Hodan Abdi", code="ABC347", party_size=4)
    RsvpFactory(event=event, name="Tou Vang", code="TVX679", party_size=2, checked_in_count=2)
    user = UserFactory(roles=[ORGANIZER])
    page = open_page(PHONE)

    sign_in(page, live_server, user, "/staff/events/forum/check-in/")

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Check-in · Immigration policy forum"
    )
    assert page.locator("#present-total").inner_text() == "Present: 2 of capacity 10"
    page.get_by_label("Name or RSVP code").fill("abc347")
    page.get_by_role("button", name="Search").click()

    assert page.get_by_role("heading", name="Hodan Abdi").is_visible()
    assert page.url == live_server.url + "/staff/events/forum/check-in/"  # what was typed is not
    page.get_by_label("People who arrived").fill("3")
    button = page.get_by_role("button", name="Check in", exact=True)
    box = button.bounding_box()
    assert box["height"] >= 48  # a thumb can hit it
    assert box["width"] >= 300  # the phone's full width, less the margins
    button.click()

    assert page.locator("#present-total").inner_text() == "Present: 5 of capacity 10"
    assert page.locator(".arrived-count").inner_text() == "3"
    assert page.get_by_role("status").inner_text() == "ABC347: 3 of 4 checked in."
    assert page.url == live_server.url + "/staff/events/forum/check-in/ABC347/"
    assert_fits(page, PHONE["width"])
    screenshot(page, "checkin-phone")
    assert Rsvp.objects.get(code="ABC347").checked_in_count == 3


def test_a_scanned_qr_code_shows_a_stranger_the_code_and_takes_staff_to_the_check_in(
    live_server, open_page
):
    event = EventFactory(slug="forum", title="Immigration policy forum", capacity=10)
    RsvpFactory(event=event, name="Hodan Abdi", code="HKM347", party_size=4)
    door = f"{live_server.url}/events/forum/door/HKM347/"
    made_up = f"{live_server.url}/events/forum/door/MADE99/"
    stranger = open_page(PHONE)

    stranger.goto(door)

    assert stranger.get_by_role("heading", level=1).inner_text() == "Show this screen at the door"
    assert stranger.locator(".door-code").text_content() == "Your RSVP code: HKM347"
    assert "Hodan" not in stranger.content()
    assert_fits(stranger, PHONE["width"])
    stranger.goto(made_up)
    assert stranger.get_by_role("heading", level=1).inner_text() == "Show this screen at the door"
    assert stranger.locator(".door-code").text_content() == "Your RSVP code: MADE99"

    volunteer = open_page(PHONE)
    sign_in(volunteer, live_server, UserFactory(roles=[ORGANIZER]), "/staff/events/forum/check-in/")
    volunteer.goto(door)

    assert volunteer.url == live_server.url + "/staff/events/forum/check-in/HKM347/"
    assert volunteer.get_by_role("heading", name="Hodan Abdi").is_visible()
