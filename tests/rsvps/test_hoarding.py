"""One script cannot take the room: RSVPs count against their browser and their network (an
IPv4 address or an IPv6 /64) per forum per hour, however the script varies cookies and names;
residents on other networks never notice, and a forum's venue network is never limited."""

import io
import re
import time
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.crypto import salted_hmac

from events.common import form_tokens
from events.enums import QuestionStatus, RsvpStatus
from events.forums.demo import load_demo
from events.models import Rsvp
from events.questions import rules as question_rules
from events.rsvps import seats

from .. import pages
from ..admin.test_admin import rsvp_post_data
from ..factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

SCRIPT = "203.0.113.66"
REFUSED = (
    "We cannot take more RSVPs online from this device or network for the next hour: many "
    "seats were asked for from it. To RSVP, call Brooklyn Park Human Rights Commission at "
    "763-493-8000."
)


@pytest.fixture(autouse=True)
def within_one_hour(monkeypatch):
    """The limits count in whole hours: pin their clock mid-hour, so no test runs across the
    turn of one."""
    middle = time.time() // 3600 * 3600 + 1800
    monkeypatch.setattr("events.common.ratelimit.time", mock.Mock(time=lambda: middle))


def rsvp(client, event, name="Resident", party_size=1, **fields):
    """What a browser (or a script acting as one) sends: the page first, for its form."""
    if "form_token" not in fields:
        page = client.get(reverse("events:detail", args=[event.slug]))
        fields["form_token"] = pages.form_token(page)
    data = {"name": name, "party_size": str(party_size), "email": "", "language": "en"}
    return client.post(reverse("events:rsvp", args=[event.slug]), data | {"website": ""} | fields)


def refusal(response) -> list[str]:
    return response.context["form"].non_field_errors() if response.status_code == 429 else []


def test_the_hoarding_script_ends_with_one_networks_share_of_the_demo_forum():
    forum, _created = load_demo()
    # 41 RSVPs of 4 would fill its 150 seats; a fresh cookie jar and a new name each time.
    responses = [
        rsvp(Client(REMOTE_ADDR=SCRIPT), forum, name=f"Resident {n}", party_size=4)
        for n in range(41)
    ]

    assert [r.status_code for r in responses] == [200] * 5 + [429] * 36
    assert {message for r in responses[5:] for message in refusal(r)} == {REFUSED}
    assert seats.seats(forum).taken == 20  # max(20, 150 / 10)
    assert seats.seats(forum).left == 130
    # Residents on other networks, after it, are seated as if it never ran.
    neighbours = [
        rsvp(Client(REMOTE_ADDR=f"198.51.100.{n}"), forum, name="Neighbour", party_size=6)
        for n in range(1, 11)
    ]
    assert [r.status_code for r in neighbours] == [200] * 10
    assert list(forum.rsvps.filter(name="Neighbour").values_list("status", flat=True)) == (
        [RsvpStatus.CONFIRMED] * 10
    )
    assert seats.seats(forum).taken == 80


def test_a_party_that_would_pass_the_share_is_refused_but_a_smaller_one_fits():
    forum = EventFactory(capacity=150, max_party_size=6)
    browser = Client(REMOTE_ADDR=SCRIPT)
    for _ in range(3):
        assert rsvp(Client(REMOTE_ADDR=SCRIPT), forum, party_size=6).status_code == 200

    too_big = rsvp(browser, forum, party_size=3)
    fits = rsvp(browser, forum, party_size=2)

    assert (too_big.status_code, fits.status_code) == (429, 200)
    assert seats.seats(forum).taken == 20
    # What was typed stays in the form.
    assert too_big.context["form"]["party_size"].value() == "3"


def test_ipv6_addresses_in_one_64_count_as_one_network():
    forum = EventFactory(capacity=150, max_party_size=10)
    same_64 = ["2001:db8:7:1::1", "2001:db8:7:1:ffff:ffff:ffff:fffe"]

    first = rsvp(Client(REMOTE_ADDR=same_64[0]), forum, party_size=10)
    second = rsvp(Client(REMOTE_ADDR=same_64[1]), forum, party_size=10)
    third = rsvp(Client(REMOTE_ADDR=same_64[1]), forum, party_size=1)
    next_64 = rsvp(Client(REMOTE_ADDR="2001:db8:7:2::1"), forum, party_size=10)

    assert [r.status_code for r in (first, second, third, next_64)] == [200, 200, 429, 200]
    assert seats.seats(forum).taken == 30


def test_a_room_on_the_venue_network_rsvps_asks_and_votes_with_none_refused():
    forum = EventFactory(capacity=150, venue_networks="203.0.113.0/24", max_party_size=1)
    room = [Client(REMOTE_ADDR=f"203.0.113.{n % 250 + 1}") for n in range(forum.capacity)]
    question_url = reverse("events:ask", args=[forum.slug])

    rsvps = [
        rsvp(browser, forum, name=f"Seat {n}", form_token=form_tokens.new_token("rsvp-form", forum))
        for n, browser in enumerate(room)
    ]
    asked = [
        browser.post(
            question_url,
            {
                "question-text": f"Question from seat {n}?",
                "question-language": "en",
                "question-website": "",
                "question-form_token": form_tokens.new_token("question-form", forum),
            },
        )
        for n, browser in enumerate(room)
    ]
    first = forum.questions.order_by("pk").first()
    question_rules.moderate(first, QuestionStatus.APPROVED)
    vote_url = reverse("events:vote", args=[forum.slug, first.pk])
    votes = [browser.post(vote_url, {"action": "add"}) for browser in room]

    assert [r.status_code for r in rsvps] == [200] * 150
    assert seats.seats(forum).taken == 150
    assert [r.status_code for r in asked] == [303] * 150
    assert forum.questions.count() == 150
    assert [r.status_code for r in votes] == [303] * 150
    first.refresh_from_db()
    assert first.vote_count == 150


def test_one_browser_makes_at_most_five_rsvps_an_hour_for_a_forum():
    forum = EventFactory(capacity=150, venue_networks=SCRIPT)  # only the browser limit left
    browser = Client(REMOTE_ADDR=SCRIPT)

    statuses = [rsvp(browser, forum, name=f"Family {n}").status_code for n in range(6)]

    assert statuses == [200] * 5 + [429]
    # "Done — forget this on this device" (a library computer's next user) starts afresh.
    browser.post(reverse("events:forget"))
    assert rsvp(browser, forum, name="Next patron").status_code == 200


def test_the_refusal_is_in_the_residents_language():
    forum, _created = load_demo()
    for _ in range(5):
        rsvp(Client(REMOTE_ADDR=SCRIPT), forum, party_size=4)

    refused = rsvp(Client(REMOTE_ADDR=SCRIPT, HTTP_ACCEPT_LANGUAGE="es"), forum, party_size=1)

    assert refusal(refused) == [
        "Durante la próxima hora no podemos recibir más reservas en línea desde este "
        "dispositivo o esta red: se pidieron muchos asientos desde allí. Para reservar, llame "
        "a Brooklyn Park Human Rights Commission al 763-493-8000."
    ]


def test_staff_rsvps_are_never_limited(client):
    forum = EventFactory(capacity=150, max_party_size=6)
    for _ in range(4):
        rsvp(Client(REMOTE_ADDR=SCRIPT), forum, party_size=5)
    client.force_login(UserFactory(is_superuser=True))

    added = client.post(
        reverse("admin:events_rsvp_add"),
        rsvp_post_data(forum, name="By phone", party_size="6"),
        REMOTE_ADDR=SCRIPT,
    )

    assert added.status_code == 302
    assert seats.seats(forum).taken == 26


def test_a_filled_honeypot_shows_the_field_and_saves_nothing(client):
    forum = EventFactory(capacity=150)

    response = rsvp(client, forum, name="Hodan", website="http://spam.example/")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "website": ["Leave this field empty, then send the form again."]
    }
    assert response.context["form"]["name"].value() == "Hodan"
    html = response.content.decode()
    # Shown, so a person can empty it (the question form's stays hidden).
    assert re.findall(r'class="hp-field"[^>]*>\s*<label for="([^"]+)"', html) == [
        "id_question-website"
    ]
    assert 'id="id_website"' in html
    assert Rsvp.objects.count() == 0


def test_an_rsvp_sent_sooner_than_a_person_could_is_sent_back_with_what_was_typed(client, settings):
    settings.RSVP_MIN_SECONDS = 3
    forum = EventFactory(capacity=150)

    quick = rsvp(client, forum, name="Hodan")
    token = form_tokens.new_token("rsvp-form", forum, opened_at=time.time() - 4)
    in_time = rsvp(client, forum, name="Hodan", form_token=token)

    assert quick.context["form"].errors == {
        "__all__": ["That was quick! Check your details, then send it again."]
    }
    assert quick.context["form"]["name"].value() == "Hodan"
    assert in_time.status_code == 200
    assert list(Rsvp.objects.values_list("name", flat=True)) == ["Hodan"]


def test_no_table_holds_an_address_or_a_hash_of_one():
    forum, _created = load_demo()
    for n in range(8):
        rsvp(Client(REMOTE_ADDR=SCRIPT), forum, name=f"Resident {n}", party_size=4)
    everything = io.StringIO()

    call_command("dumpdata", stdout=everything)

    hashes = [
        salted_hmac(salt, value, algorithm="sha256").hexdigest()[:32]
        for salt in ("events.ratelimit", "events.burst")
        for value in (SCRIPT, f"rsvp_seats:{forum.pk}::{SCRIPT}")
    ]
    dumped = everything.getvalue()
    assert [value for value in [SCRIPT, "203.0.113", *hashes] if value in dumped] == []
    assert forum.rsvps.count() == 5
