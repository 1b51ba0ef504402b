"""Checking people in at the door: search, how many arrived, walk-ins, the room's fire-code
limit, the audit log, and the QR code in the confirmation email that opens it all."""

import struct
import zlib

import pytest
import segno
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.cockpit import checkin
from events.enums import AuditAction, EmailKind, RsvpStatus
from events.mail.compose import compose
from events.models import AuditEntry, EmailDelivery, Event, Rsvp

from .. import pages
from ..factories import EventFactory, RsvpFactory, UserFactory
from ..staff import VISITORS, log_in_as, login_redirect, organizer

pytestmark = pytest.mark.django_db


@pytest.fixture
def door():
    """A room for 10 with one party of 4 (code ABC347) and one of 2 already inside."""
    event = EventFactory(slug="forum", capacity=10, max_party_size=6)
    RsvpFactory(event=event, name="Hodan Abdi", code="ABC347", party_size=4)
    RsvpFactory(event=event, name="Tou Vang", code="TVX679", party_size=2, checked_in_count=2)
    return event


def rsvp(code="ABC347") -> Rsvp:
    return Rsvp.objects.get(code=code)


def audit_log() -> list[tuple[str, int]]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", "record_count"))


def check_in_url(code="ABC347", slug="forum") -> str:
    return reverse("staff:check_in", args=[slug, code])


def walk_in_url(slug="forum") -> str:
    return reverse("staff:walk_in", args=[slug])


# --- The rules ------------------------------------------------------------------------------


def test_check_in_sets_how_many_of_the_party_arrived(door):
    user = UserFactory()

    checkin.check_in(rsvp(), 3, user)

    assert (rsvp().checked_in_count, rsvp().checked_in_at is not None) == (3, True)
    assert checkin.presence(door) == checkin.Presence(capacity=10, checked_in=5, walk_ins=0)
    assert AuditEntry.objects.get().user == user
    assert audit_log() == [(AuditAction.CHECK_IN, 3)]


def test_check_in_can_be_corrected_down_to_nobody(door):
    checkin.check_in(rsvp(), 4, None)

    checkin.check_in(rsvp(), 0, None)

    assert (rsvp().checked_in_count, rsvp().checked_in_at) == (0, None)


def test_checking_in_more_than_the_party_is_refused(door):
    with pytest.raises(checkin.CheckInError) as refused:
        checkin.check_in(rsvp(), 5, None)

    assert str(refused.value.message) == (
        "This RSVP is for 4 people, so at most 4 can check in. Count any others as walk-ins."
    )
    assert rsvp().checked_in_count == 0
    assert audit_log() == []


def test_a_negative_number_arrived_is_refused(door):
    with pytest.raises(checkin.CheckInError) as refused:
        checkin.check_in(rsvp(), -1, None)

    assert str(refused.value.message) == "The number who arrived cannot be below 0."
    assert rsvp().checked_in_count == 0


def test_a_cancelled_rsvp_cannot_check_in(door):
    Rsvp.objects.filter(code="ABC347").update(status=RsvpStatus.CANCELLED)

    with pytest.raises(checkin.CheckInError) as refused:
        checkin.check_in(rsvp(), 1, None)

    assert str(refused.value.message) == "This RSVP was cancelled. Count these people as walk-ins."


def test_going_over_capacity_is_refused_without_confirmation(door):
    Event.objects.filter(pk=door.pk).update(walk_in_count=6)

    with pytest.raises(checkin.OverCapacity) as refused:
        checkin.check_in(rsvp(), 4, None)

    assert str(refused.value.message) == (
        "The room holds 10. Checking in 4 more makes 12 — over the fire-code limit by 2."
    )
    assert rsvp().checked_in_count == 0


def test_going_over_capacity_is_allowed_when_confirmed(door):
    Event.objects.filter(pk=door.pk).update(walk_in_count=6)

    checkin.check_in(rsvp(), 4, None, confirm_over_capacity=True)

    door.refresh_from_db()
    assert checkin.presence(door).present == 12
    assert checkin.presence(door).over_capacity_by == 2


def test_exactly_filling_the_room_needs_no_confirmation(door):
    Event.objects.filter(pk=door.pk).update(walk_in_count=4)

    checkin.check_in(rsvp(), 4, None)

    door.refresh_from_db()
    assert checkin.presence(door).present == 10


def test_fewer_people_in_an_overfull_room_needs_no_confirmation(door):
    Event.objects.filter(pk=door.pk).update(walk_in_count=9)

    checkin.check_in(rsvp("TVX679"), 1, None)

    door.refresh_from_db()
    assert checkin.presence(door).present == 10


def test_a_room_without_a_limit_never_asks(door):
    Event.objects.filter(pk=door.pk).update(capacity=None, walk_in_count=500)

    checkin.check_in(rsvp(), 4, None)

    assert rsvp().checked_in_count == 4


def test_walk_ins_add_up(door):
    checkin.add_walk_ins(door, 2, None)
    checkin.add_walk_ins(door, 3, None)

    door.refresh_from_db()
    assert door.walk_in_count == 5
    assert checkin.presence(door) == checkin.Presence(capacity=10, checked_in=2, walk_ins=5)
    assert audit_log() == [(AuditAction.WALK_IN, 2), (AuditAction.WALK_IN, 3)]


@pytest.mark.parametrize("count", [0, -1, 51])
def test_walk_ins_outside_one_to_fifty_are_refused(door, count):
    with pytest.raises(checkin.CheckInError) as refused:
        checkin.add_walk_ins(door, count, None)

    assert str(refused.value.message) == "Add between 1 and 50 walk-ins at a time."
    door.refresh_from_db()
    assert door.walk_in_count == 0


def test_walk_ins_over_capacity_need_confirmation(door):
    with pytest.raises(checkin.OverCapacity) as refused:
        checkin.add_walk_ins(door, 9, None)

    assert str(refused.value.message) == (
        "The room holds 10. Checking in 9 more makes 11 — over the fire-code limit by 1."
    )
    checkin.add_walk_ins(door, 9, None, confirm_over_capacity=True)
    door.refresh_from_db()
    assert door.walk_in_count == 9


def test_search_finds_a_code_in_any_case_and_names_by_part(door):
    other = EventFactory()
    RsvpFactory(event=other, name="Hodan Abdi", code="ABC348")
    RsvpFactory(event=door, name="Hodan Cancelled", code="CCC333", status=RsvpStatus.CANCELLED)
    RsvpFactory(event=door, name="Waiting Hodan", code="WWW444", status=RsvpStatus.WAITLISTED)

    assert [r.code for r in checkin.search(door, " abc347 ")] == ["ABC347"]
    assert [r.code for r in checkin.search(door, "hodan")] == ["ABC347", "WWW444"]
    assert checkin.search(door, "ABC34") == []
    assert checkin.search(door, "  ") == []


def test_search_shows_at_most_twenty(door):
    for _ in range(25):
        RsvpFactory(event=door, name="Nguyen")

    assert len(checkin.search(door, "nguyen")) == 20


# --- The pages ------------------------------------------------------------------------------


def test_search_page_lists_matches_with_a_check_in_form(client, door):
    response = organizer(client).post(reverse("staff:checkin", args=["forum"]), {"q": "abc347"})

    assert response.status_code == 200
    assert pages.text(response, "present-total") == "Present: 2 of capacity 10"
    assert pages.text(response, "results") == (
        "Hodan Abdi RSVP code ABC347 Party size 4 Status Confirmed Already arrived 0 "
        "People who arrived Check in"
    )
    html = response.content.decode()
    assert f'action="{check_in_url()}"' in html
    assert 'name="arrived" id="id_ABC347_arrived" value="4" min="0" max="4"' in html
    assert audit_log() == [(AuditAction.VIEW_ATTENDEES, 1)]


@pytest.mark.parametrize(
    ("limit", "said"),
    [
        (1, "Showing the first 1 match. Type more of the name, or the code."),
        (2, "Showing the first 2 matches. Type more of the name, or the code."),
    ],
)
def test_search_at_its_limit_counts_the_matches_shown(client, door, monkeypatch, limit, said):
    monkeypatch.setattr(checkin, "SEARCH_LIMIT", limit)
    for _ in range(3):
        RsvpFactory(event=door, name="Nguyen")

    response = organizer(client).post(reverse("staff:checkin", args=["forum"]), {"q": "nguyen"})

    assert pages.text(response, "search-limit") == said


def test_search_without_matches_says_so_and_logs_nothing(client, door):
    response = organizer(client).post(reverse("staff:checkin", args=["forum"]), {"q": "zzz"})

    assert pages.text(response, "no-results") == (
        "No active RSVP matches “zzz”. Count them as walk-ins if they have no RSVP."
    )
    assert audit_log() == []


def test_the_door_search_is_posted_so_no_name_is_in_any_url(client, door):
    organizer(client)

    page = client.get(reverse("staff:checkin", args=["forum"]))
    searched = client.post(reverse("staff:checkin", args=["forum"]), {"q": "Hodan Abdi"})
    typed_into_the_address_bar = client.get(
        reverse("staff:checkin", args=["forum"]), {"q": "Hodan Abdi"}
    )

    search = [attrs for tag, attrs in pages.elements(page) if attrs.get("role") == "search"]
    assert [(form["method"], form["action"]) for form in search] == [
        ("post", "/staff/events/forum/check-in/")
    ]
    assert pages.text(searched, "results").startswith("Hodan Abdi RSVP code ABC347")
    addresses = [
        attrs.get("href") or attrs.get("action") or attrs.get("src") or ""
        for _tag, attrs in pages.elements(searched)
    ]
    assert [url for url in addresses if "hodan" in url.casefold()] == []
    assert pages.text(typed_into_the_address_bar, "results") == ""


def test_empty_check_in_page_shows_the_search_and_walk_ins(client, door):
    response = organizer(client).get(reverse("staff:checkin", args=["forum"]))

    assert pages.text(response, "results") == ""
    assert pages.has_element(response, "id_walk_in_count")
    assert audit_log() == []


def _queries_for_search(client, query) -> int:
    url = reverse("staff:checkin", args=["forum"])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"q": query})
    assert response.status_code == 200
    return len(queries)


def test_search_query_count_does_not_grow_with_results(client, door):
    for _ in range(30):
        RsvpFactory(event=door, name="Nguyen")
    organizer(client)

    # session, user, sign-in code device, two permission reads, event, search, audit entry,
    # presence
    assert _queries_for_search(client, "ABC347") == 9
    assert _queries_for_search(client, "nguyen") == 9


def test_rsvp_page_shows_one_rsvp_and_logs_the_look(client, door):
    response = organizer(client).get(reverse("staff:checkin_rsvp", args=["forum", "abc347"]))

    assert response.status_code == 200
    assert pages.text(response, "results").startswith("Hodan Abdi RSVP code ABC347 Party size 4")
    assert audit_log() == [(AuditAction.VIEW_ATTENDEES, 1)]


def test_rsvp_page_of_a_cancelled_rsvp_has_no_check_in_form(client, door):
    Rsvp.objects.filter(code="ABC347").update(status=RsvpStatus.CANCELLED)

    response = organizer(client).get(reverse("staff:checkin_rsvp", args=["forum", "ABC347"]))

    # Whoever shows a cancelled code learns nothing about the person who made it.
    assert pages.text(response, "results") == (
        "A cancelled RSVP RSVP code ABC347 Party size 4 Status Cancelled Already arrived 0 "
        "This RSVP was cancelled. Count these people as walk-ins."
    )
    assert "Hodan" not in response.content.decode()


@pytest.mark.parametrize("code", ["NOPE99", "TVX679", "abc347x", "<script>"])
def test_unknown_or_forged_codes_are_404(client, door, code):
    EventFactory(slug="other")
    slug = "other" if code == "TVX679" else "forum"  # a real code, but of another event
    organizer(client)

    page = client.get(reverse("staff:checkin_rsvp", args=[slug, code]))
    post = client.post(reverse("staff:check_in", args=[slug, code]), {"arrived": "1"})

    assert (page.status_code, post.status_code) == (404, 404)
    assert audit_log() == []


def test_posting_arrivals_checks_in_and_goes_back_to_the_party_by_its_code(client, door):
    response = organizer(client).post(check_in_url(), {"arrived": "3", "q": "hodan"})

    assert response.status_code == 303
    # The code, never the typed name: names stay out of URLs, histories and proxy logs.
    assert response["Location"] == "/staff/events/forum/check-in/ABC347/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["ABC347: 3 of 4 checked in."]
    assert rsvp().checked_in_count == 3
    assert audit_log() == [(AuditAction.CHECK_IN, 3)]
    page = client.get(response["Location"])
    assert pages.text(page, "present-total") == "Present: 5 of capacity 10"


def test_posting_from_the_rsvp_page_goes_back_to_that_rsvp(client, door):
    response = organizer(client).post(check_in_url(), {"arrived": "4"})

    assert response["Location"] == "/staff/events/forum/check-in/ABC347/"


def test_posting_more_than_the_party_shows_the_reason(client, door):
    response = organizer(client).post(check_in_url(), {"arrived": "7"})

    assert response.status_code == 200
    assert pages.text(response, "id_ABC347_arrived-error") == (
        "This RSVP is for 4 people, so at most 4 can check in. Count any others as walk-ins."
    )
    assert pages.title(response) == f"Error: Check-in · {door.title}"
    assert rsvp().checked_in_count == 0


@pytest.mark.parametrize("arrived", ["-1", "", "two"])
def test_posting_a_number_that_is_not_one_is_refused(client, door, arrived):
    response = organizer(client).post(check_in_url(), {"arrived": arrived})

    assert response.status_code == 200
    assert pages.has_element(response, "id_ABC347_arrived-error")
    assert rsvp().checked_in_count == 0


def test_over_capacity_asks_for_confirmation_then_lets_them_in(client, door):
    Event.objects.filter(pk=door.pk).update(walk_in_count=6)
    organizer(client)

    refused = client.post(check_in_url(), {"arrived": "4"})

    assert refused.status_code == 200
    assert pages.text(refused, "ABC347-warning") == (
        "The room holds 10. Checking in 4 more makes 12 — over the fire-code limit by 2."
    )
    assert pages.has_element(refused, "id_ABC347_confirm_over_capacity")
    assert rsvp().checked_in_count == 0

    allowed = client.post(check_in_url(), {"arrived": "4", "confirm_over_capacity": "on"})

    assert allowed.status_code == 303
    assert rsvp().checked_in_count == 4
    page = client.get(allowed["Location"])
    assert pages.text(page, "present-total") == "Present: 12 of capacity 10"
    assert pages.text(page, "over-limit") == "The room is over the fire-code limit by 2."


def test_posting_walk_ins_adds_them(client, door):
    organizer(client)

    first = client.post(walk_in_url(), {"count": "2"})
    client.post(walk_in_url(), {"count": "1"})

    assert first.status_code == 303
    assert first["Location"] == "/staff/events/forum/check-in/"
    door.refresh_from_db()
    assert door.walk_in_count == 3
    assert audit_log() == [(AuditAction.WALK_IN, 2), (AuditAction.WALK_IN, 1)]
    page = client.get(first["Location"])
    assert pages.text(page, "present-total") == "Present: 5 of capacity 10"


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("0", "Add between 1 and 50 walk-ins at a time."),
        ("-3", "Add between 1 and 50 walk-ins at a time."),
        ("51", "Add between 1 and 50 walk-ins at a time."),
        ("", "This field is required."),
    ],
)
def test_posting_walk_ins_outside_the_range_is_refused(client, door, count, message):
    response = organizer(client).post(walk_in_url(), {"count": count})

    assert response.status_code == 200
    assert pages.text(response, "id_walk_in_count-error") == message
    door.refresh_from_db()
    assert door.walk_in_count == 0


def test_walk_ins_over_capacity_ask_for_confirmation(client, door):
    organizer(client)

    refused = client.post(walk_in_url(), {"count": "9"})
    allowed = client.post(walk_in_url(), {"count": "9", "confirm_over_capacity": "on"})

    assert pages.text(refused, "walk-in-warning") == (
        "The room holds 10. Checking in 9 more makes 11 — over the fire-code limit by 1."
    )
    assert pages.has_element(refused, "id_walk_in_confirm_over_capacity")
    assert allowed.status_code == 303
    door.refresh_from_db()
    assert door.walk_in_count == 9


# --- Who may -------------------------------------------------------------------------------


@pytest.mark.parametrize(("visitor", "status"), VISITORS.items())
@pytest.mark.parametrize("name", ["checkin", "checkin_rsvp"])
def test_check_in_pages_are_for_organizers_and_superusers(client, door, visitor, status, name):
    args = ["forum", "ABC347"] if name == "checkin_rsvp" else ["forum"]
    url = reverse(f"staff:{name}", args=args)

    response = log_in_as(client, visitor).get(url)

    assert response.status_code == status
    if status == 302:
        assert response["Location"] == login_redirect(url)


@pytest.mark.parametrize(("visitor", "status"), VISITORS.items())
def test_checking_in_is_for_organizers_and_superusers(client, door, visitor, status):
    expected = 303 if status == 200 else status

    arrived = log_in_as(client, visitor).post(check_in_url(), {"arrived": "1"})
    walk_ins = client.post(walk_in_url(), {"count": "1"})

    assert (arrived.status_code, walk_ins.status_code) == (expected, expected)
    door.refresh_from_db()
    assert (rsvp().checked_in_count, door.walk_in_count) == ((1, 1) if status == 200 else (0, 0))


def test_a_logged_in_resident_who_is_not_staff_learns_nothing(client, door):
    client.force_login(UserFactory(is_staff=False))

    response = client.get(reverse("staff:checkin_rsvp", args=["forum", "ABC347"]))

    assert response.status_code == 403
    assert "Hodan" not in response.content.decode()


def test_a_stranger_with_the_qr_link_is_sent_to_log_in(client, door):
    url = reverse("staff:checkin_rsvp", args=["forum", "ABC347"])

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, login_redirect(url))
    assert "Hodan" not in response.content.decode()


@pytest.mark.parametrize("url", [check_in_url, walk_in_url])
def test_get_on_a_change_is_405(client, door, url):
    response = organizer(client).get(url())

    assert response.status_code == 405
    assert audit_log() == []


# --- The QR code in the confirmation email -------------------------------------------------


def test_the_qr_code_opens_the_public_door_page_of_the_code(door):
    assert checkin.door_url(rsvp()) == "https://forum.example.org/events/forum/door/ABC347/"


def png_modules(png: bytes, scale: int = 6, border: int = 4) -> list[list[int]]:
    """Read back the dark (1) and light (0) modules of a black-and-white PNG from segno."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, width = 8, b"", 0
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (width == height, depth, colour) == (True, 1, 0)
        elif kind == b"IDAT":
            data += body
    raw, stride = zlib.decompress(data), (width + 7) // 8
    rows, previous = [], bytes(stride)
    for start in range(0, len(raw), stride + 1):
        kind, line = raw[start], raw[start + 1 : start + 1 + stride]
        assert kind in {0, 2}  # none, or "up"
        if kind == 2:
            line = bytes((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        rows.append(line)
        previous = line
    size = width // scale - 2 * border

    def dark(x, y):
        px, py = (border + x) * scale, (border + y) * scale
        return 0 if rows[py][px // 8] >> (7 - px % 8) & 1 else 1

    return [[dark(x, y) for x in range(size)] for y in range(size)]


@pytest.mark.parametrize("kind", [EmailKind.CONFIRMED, EmailKind.PROMOTED])
def test_confirmation_email_carries_a_qr_code_of_the_door_page(door, kind):
    Rsvp.objects.filter(code="ABC347").update(email="hodan@example.org")
    delivery = EmailDelivery.objects.create(rsvp=rsvp(), kind=kind)
    expected_url = "https://forum.example.org/events/forum/door/ABC347/"

    message = compose(delivery)

    (qr,) = [a for a in message.attachments if a.filename == "checkin-qr.png"]
    assert qr.mimetype == "image/png"
    assert qr.content == checkin.qr_png(expected_url)
    expected = segno.make(expected_url, error="m")
    assert png_modules(qr.content) == [list(row) for row in expected.matrix]
    lines = message.body.splitlines()
    assert lines[lines.index("Your RSVP code for the door: ABC347") + 1] == (
        "The attached QR code (checkin-qr.png) holds the same code: show it at the door, on "
        "your phone or on paper, and a volunteer will check you in."
    )


@pytest.mark.parametrize("kind", [EmailKind.WAITLISTED, EmailKind.CHANGED, EmailKind.CANCELLED])
def test_other_emails_carry_no_qr_code(door, kind):
    Rsvp.objects.filter(code="ABC347").update(email="hodan@example.org")
    delivery = EmailDelivery.objects.create(rsvp=rsvp(), kind=kind)

    message = compose(delivery)

    assert [a.filename for a in message.attachments if a.filename.endswith(".png")] == []


@pytest.mark.parametrize(("free", "said"), [(1, "1 seat is free"), (4, "4 seats are free")])
def test_a_waitlisted_party_warns_it_holds_no_seat(client, door, free, said):
    door.capacity = 4 + 2 + free
    door.save()
    RsvpFactory(
        event=door, name="Mai Xiong", code="WAIT22", party_size=3, status=RsvpStatus.WAITLISTED
    )

    response = organizer(client).post(reverse("staff:checkin", args=["forum"]), {"q": "WAIT22"})

    assert pages.text(response, "WAIT22-waitlisted") == (
        f"On the waitlist: this party holds no seat. {said} now."
    )
    assert not pages.has_element(
        organizer(client).post(reverse("staff:checkin", args=["forum"]), {"q": "ABC347"}),
        "ABC347-waitlisted",
    )
