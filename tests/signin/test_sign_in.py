"""Staff sign-in that holds: guessing is throttled before any password is hashed and locked out
per (username, address); reading attendees takes a code from an authenticator app; staff
sessions end at browser close and after 8 idle hours."""

import datetime
import io
import re
import time
from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP

from events.roles import ORGANIZER, SPEAKER
from events.signin import middleware

from .. import pages
from ..factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
LOGIN = reverse("admin:login")
HOME = "203.0.113.10"
ELSEWHERE = "198.51.100.20"


@pytest.fixture
def hodan():
    return UserFactory(username="hodan", roles=[ORGANIZER])


@pytest.fixture
def forum():
    return EventFactory(slug="forum")


def sign_in(client, username="hodan", password=PASSWORD, next_url="/admin/"):
    return client.post(f"{LOGIN}?next={next_url}", {"username": username, "password": password})


def enrol(username: str) -> str:
    """Set up the staff member's authenticator app with the command; the key it prints."""
    out = io.StringIO()
    call_command("staff_code", username, stdout=out)
    return re.search(r"type this key into the app: ([A-Z2-7=]+)", out.getvalue())[1]


def code_now(key: str) -> str:
    from base64 import b32decode

    return f"{TOTP(b32decode(key)).token():06d}"


# --- Guessing --------------------------------------------------------------------------------


def test_the_sixth_try_for_one_username_at_one_address_is_refused_and_another_address_works(
    hodan,
):
    guesser = Client(REMOTE_ADDR=HOME)
    wrong = [sign_in(guesser, password=f"guess-{n}").status_code for n in range(5)]
    sixth = sign_in(guesser, password="guess-5")
    then_the_right_one = sign_in(guesser)
    from_elsewhere = sign_in(Client(REMOTE_ADDR=ELSEWHERE))
    other_user_here = sign_in(Client(REMOTE_ADDR=HOME), username=UserFactory().username)

    assert wrong == [200] * 5
    assert (sixth.status_code, then_the_right_one.status_code) == (429, 429)
    assert pages.text(sixth, "main") == (
        "Sign-in paused After several wrong passwords, this account cannot sign in from this "
        "device or network for 30 minutes. You can still sign in from another device or "
        "network. An administrator can also lift the pause at once."
    )
    assert (from_elsewhere.status_code, other_user_here.status_code) == (302, 302)


def test_the_unlock_command_lifts_the_pause(hodan):
    guesser = Client(REMOTE_ADDR=HOME)
    for n in range(6):
        sign_in(guesser, password=f"guess-{n}")
    assert sign_in(guesser).status_code == 429

    call_command("axes_reset_username", "hodan", stdout=io.StringIO())

    assert sign_in(guesser).status_code == 302


@pytest.fixture
def hashes(monkeypatch):
    """How many passwords were hashed (to check one, or to even out the time for an unknown
    username): every check and every new hash encodes once."""
    counted = []
    original = MD5PasswordHasher.encode

    def counting(self, *args, **kwargs):
        counted.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    return counted


def test_an_address_past_its_tries_gets_429_before_any_hashing(settings, hodan, hashes):
    settings.LOGIN_ATTEMPTS = (3, 600)
    guesser = Client(REMOTE_ADDR=HOME)
    tried = [sign_in(guesser, password=f"guess-{n}").status_code for n in range(3)]
    hashed = len(hashes)

    fourth = sign_in(guesser, password="guess-3")

    assert tried == [200, 200, 200]
    assert hashed == 3
    assert fourth.status_code == 429
    assert fourth["Retry-After"] == "60"
    assert len(hashes) == hashed  # nothing more was hashed
    assert pages.title(fourth) == "Too many sign-in attempts · Brooklyn Park Civic Forum"


def test_while_a_process_is_hashing_another_sign_in_gets_429_at_once(hodan, hashes):
    assert middleware._hashing.acquire(blocking=False)  # as if another sign-in were hashing
    try:
        refused = sign_in(Client(REMOTE_ADDR=ELSEWHERE))
    finally:
        middleware._hashing.release()

    assert refused.status_code == 429
    assert hashes == []
    assert sign_in(Client(REMOTE_ADDR=ELSEWHERE)).status_code == 302


def test_axes_keeps_no_record_of_successful_sign_ins_and_forgets_failures(hodan):
    from axes.models import AccessAttempt, AccessLog

    sign_in(Client(REMOTE_ADDR=HOME), password="wrong")
    sign_in(Client(REMOTE_ADDR=ELSEWHERE))
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(days=31))

    out = io.StringIO()
    call_command("erase_personal_data", stdout=out)

    assert AccessLog.objects.count() == 0
    assert AccessAttempt.objects.count() == 0
    assert out.getvalue().splitlines()[-1] == "Deleted 1 sign-in records older than 30 days."


# --- Two steps --------------------------------------------------------------------------------


def test_an_organizer_without_an_app_cannot_open_the_attendee_list(client, hodan, forum):
    sign_in(client)

    page = client.get(reverse("staff:attendees_csv", args=["forum"]))
    code_page = client.get(page["Location"])

    assert page.status_code == 302
    assert page["Location"] == "/staff/sign-in/code/?next=%2Fstaff%2Fevents%2Fforum%2Fattendees.csv"
    assert code_page.status_code == 403
    assert pages.text(code_page, "main").startswith(
        "You need a sign-in code first Your account can see residents' names and needs"
    )
    admin_list = client.get(reverse("admin:events_rsvp_changelist"))
    assert admin_list.status_code == 302
    assert admin_list["Location"].startswith("/staff/sign-in/code/")


def test_a_wrong_code_is_refused_and_the_next_try_must_wait(client, hodan):
    key = enrol("hodan")
    sign_in(client)
    wrong = client.post("/staff/sign-in/code/", {"code": "000000", "next": "/admin/"})

    too_soon = client.post("/staff/sign-in/code/", {"code": code_now(key), "next": "/admin/"})

    assert wrong.context["form"].errors == {
        "code": ["That code is not right. Type the code the app shows now."]
    }
    assert too_soon.context["form"].errors == {
        "code": ["Too many wrong codes in a row. Wait a few seconds, then type the code again."]
    }
    assert client.get("/admin/").status_code == 302  # still not in


def test_with_the_code_from_the_app_the_organizer_opens_the_attendee_list(client, hodan, forum):
    key = enrol("hodan")
    sign_in(client, next_url="/staff/events/forum/attendees.csv")

    right = client.post(
        "/staff/sign-in/code/",
        {"code": code_now(key), "next": "/staff/events/forum/attendees.csv"},
    )

    assert (right.status_code, right["Location"]) == (303, "/staff/events/forum/attendees.csv")
    listed = client.get(right["Location"])
    assert listed.status_code == 200
    assert b"".join(listed.streaming_content).decode().startswith("\ufeffcode,")


def test_the_code_page_sends_nobody_to_another_site(client, hodan):
    key = enrol("hodan")
    sign_in(client)

    response = client.post(
        "/staff/sign-in/code/", {"code": code_now(key), "next": "https://evil.example/"}
    )

    assert response["Location"] == "/admin/"


def test_a_speaker_needs_no_code_for_the_sheet(client, forum):
    UserFactory(username="speaker", roles=[SPEAKER])
    sign_in(client, username="speaker")

    assert client.get(reverse("staff:sheet", args=["forum"])).status_code == 200


def test_a_superuser_needs_a_code_too(client):
    UserFactory(username="admin", is_superuser=True)
    sign_in(client, username="admin")

    assert client.get("/admin/").status_code == 302


def test_the_setting_can_turn_the_code_off(client, settings, hodan, forum):
    settings.STAFF_TWO_FACTOR = False
    sign_in(client)

    assert client.get(reverse("staff:attendees_csv", args=["forum"])).status_code == 200


def test_the_enrol_command_replaces_a_lost_phone(hodan):
    old = enrol("hodan")
    out = io.StringIO()

    call_command("staff_code", "hodan", stdout=out)

    assert out.getvalue().splitlines()[0] == "The app set up earlier for hodan no longer works."
    assert "█" in out.getvalue() or "▀" in out.getvalue()  # the QR code, drawn in text
    new = re.search(r"type this key into the app: ([A-Z2-7=]+)", out.getvalue())[1]
    assert new != old


# --- Sessions -------------------------------------------------------------------------------


def test_a_staff_session_ends_with_the_browser_and_after_8_idle_hours(client, hodan, settings):
    settings.STAFF_TWO_FACTOR = False
    signed_in = sign_in(client)
    cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    session = Session.objects.get(session_key=cookie.value)

    assert (cookie["max-age"], cookie["expires"]) == ("", "")  # ends when the browser closes
    assert abs((session.expire_date - timezone.now()) - datetime.timedelta(hours=8)) < (
        datetime.timedelta(minutes=1)
    )
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now())
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"


def test_a_staff_session_is_written_at_most_every_five_minutes(client, hodan, settings):
    settings.STAFF_TWO_FACTOR = False
    sign_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    signed_in_at = Session.objects.get(session_key=key).expire_date
    Session.objects.filter(session_key=key).update(expire_date=signed_in_at)

    client.get("/admin/")
    after_a_click = Session.objects.get(session_key=key).expire_date
    later = time.time() + 5 * 60 + 1
    with mock.patch.object(middleware.time, "time", return_value=later):
        client.get("/admin/")
    after_five_minutes = Session.objects.get(session_key=key).expire_date

    assert after_a_click == signed_in_at
    assert after_five_minutes > signed_in_at
