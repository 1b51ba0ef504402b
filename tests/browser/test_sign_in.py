"""Two-step staff sign-in in a real browser: an administrator sets up the organizer's app with
the command; the organizer signs in with the password and the code the app shows, and without
the code reaches no staff page."""

import io
import re
from base64 import b32decode

from django.core.management import call_command
from django_otp.oath import TOTP

from events.roles import ORGANIZER
from tests.factories import EventFactory, RsvpFactory, UserFactory

from .conftest import DESKTOP, PASSWORD


def test_an_organizer_signs_in_with_a_password_and_the_apps_code(live_server, open_page):
    event = EventFactory(slug="forum", title="Immigration policy forum", capacity=10)
    RsvpFactory(event=event, name="Hodan Abdi", code="ABC347")
    UserFactory(username="amina", roles=[ORGANIZER])
    printed = io.StringIO()
    call_command("staff_code", "amina", stdout=printed)
    key = re.search(r"type this key into the app: ([A-Z2-7=]+)", printed.getvalue())[1]
    page = open_page(DESKTOP)

    page.goto(f"{live_server.url}/admin/login/?next=/staff/events/forum/")
    page.locator("#id_username").fill("amina")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Your sign-in code"
    # Without the code, no staff page opens: each sends the browser back here.
    page.goto(f"{live_server.url}/staff/events/forum/check-in/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your sign-in code"
    page.goto(f"{live_server.url}/admin/events/rsvp/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your sign-in code"

    page.get_by_label("Six-digit code").fill(f"{TOTP(b32decode(key)).token():06d}")
    page.get_by_role("button", name="Sign in").click()

    assert page.locator("#result_list tbody .field-code").inner_text() == "ABC347"
    assert page.url == f"{live_server.url}/admin/events/rsvp/"
    page.goto(f"{live_server.url}/staff/events/forum/check-in/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Check-in · Immigration policy forum"
    )
