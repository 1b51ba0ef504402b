"""RSVPs through the resident's pages: the form, the private manage link, and bad input.

The seat rules themselves are tested in test_rsvp_rules.py; here each rule is reached
through a request, to check what the resident sees and that nothing else is written.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from events.common.form_tokens import new_token
from events.enums import EventStatus, RsvpStatus
from events.models import Rsvp
from events.rsvps import rules, seats

from .. import pages
from ..conftest import own_address
from ..factories import EventFactory, RsvpFactory

pytestmark = pytest.mark.django_db

EXPIRED = "This form had expired. Check your details and send it again."
CLOSED = "RSVPs for this event are closed."


def form_token(client, event) -> str:
    """The one-time token the event page puts in its RSVP form."""
    response = client.get(reverse("events:detail", args=[event.slug]))
    return pages.form_token(response)


def rsvp_data(client, event, **fields) -> dict:
    data = {"name": "Amina", "party_size": "1", "email": "", "language": "en"}
    if "form_token" not in fields:
        data["form_token"] = form_token(client, event)
    return data | fields


def post_rsvp(client, event, **fields):
    return client.post(
        reverse("events:rsvp", args=[event.slug]), rsvp_data(client, event, **fields)
    )


def manage_url(client, rsvp) -> str:
    """Where the RSVP is open in this client's browser (opening its private link)."""
    return own_address(client, rsvp)


def link_of(rsvp) -> str:
    """The RSVP's private link (in emails, and as text on the result and manage pages)."""
    return reverse("events:open_link", args=[rsvp.manage_token])


def post_change(client, rsvp, **fields):
    data = {"party_size": str(rsvp.party_size), "email": rsvp.email, "language": "en"} | fields
    return client.post(own_address(client, rsvp, "rsvp_change"), data)


def private_link(response) -> str:
    """The link in the "Keep this private link" box."""
    return re.search(r'id="manage-link" type="text" value="([^"]*)"', response.content.decode())[1]


def without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def error_links(response) -> list[tuple[str, str]]:
    return pages.links(response, "error-summary")


# --- Creating an RSVP ---------------------------------------------------------------------


def result_link(response) -> str:
    """The private link shown on the result page."""
    return urlsplit(private_link(response)).path


@pytest.mark.parametrize("email", ["", "Amina@Example.org"])
def test_the_answer_to_an_rsvp_shows_the_seat_the_code_and_the_private_link(client, email):
    event = EventFactory(capacity=10)

    response = post_rsvp(client, event, name="Amina", party_size="3", email=email)

    rsvp = Rsvp.objects.get()
    assert (rsvp.name, rsvp.party_size, rsvp.status, rsvp.email) == (
        "Amina",
        3,
        RsvpStatus.CONFIRMED,
        email.lower(),
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert pages.text(response, "main").startswith(f"You have a seat {event.title} · ")
    assert pages.text(response, "result") == (
        f"Your RSVP For 3 people. Your RSVP code for the door: {rsvp.code}"
    )
    assert pages.text(response, "keep-link") == (
        "Keep your private link With this link you can change or cancel your RSVP. Copy it, or "
        "write down your code. Do not share it. Your private link If you gave an email address, "
        "we will send this there too."
    )
    assert result_link(response) == link_of(rsvp)


def test_manage_page_of_a_new_rsvp_shows_the_seat_and_the_code_but_no_name_and_no_token(client):
    event = EventFactory(capacity=10)
    post_rsvp(client, event, name="Amina Yusuf", party_size="2")
    rsvp = Rsvp.objects.get()

    response = client.get(manage_url(client, rsvp))

    assert response.status_code == 200
    assert pages.text(response, "status-title") == "You have a seat"
    text = pages.text(response, "main")
    assert f"For 2 people. Your RSVP code: {rsvp.code}" in text
    assert pages.text(response, "no-email-note") == (
        "You gave no email, so your private link is the only way back to this page. Keep it "
        "where you saved it. Your RSVP code is enough at the door."
    )
    # A shared computer's next user sees no name, and the page holds no way to the link.
    assert ("Amina" in text, rsvp.manage_token in response.content.decode()) == (False, False)


def test_manage_page_of_an_rsvp_with_email_has_no_note_about_the_link(client):
    rsvp = RsvpFactory(email="amina@example.org")

    response = client.get(manage_url(client, rsvp))

    assert pages.has_element(response, "no-email-note") is False


def test_rsvp_when_full_joins_the_waitlist(client):
    event = EventFactory(capacity=2)
    RsvpFactory(event=event, party_size=2)

    response = post_rsvp(client, event)

    rsvp = event.rsvps.get(name="Amina")
    assert rsvp.status == RsvpStatus.WAITLISTED
    assert response.status_code == 200
    assert pages.text(response, "main").startswith("You are number 1 on the waitlist")
    assert pages.text(response, "result") == (
        f"Your RSVP For 1 person. Your RSVP code for the door: {rsvp.code} If a seat opens up "
        "for your party, it is yours. Check your private link to see."
    )


@pytest.mark.parametrize("email", ["", "amina@example.org"])
def test_the_same_form_sent_twice_makes_one_rsvp(client, email):
    event = EventFactory(capacity=10)
    data = rsvp_data(client, event, party_size="2", email=email)
    url = reverse("events:rsvp", args=[event.slug])

    first = client.post(url, data)
    second = client.post(url, data)

    assert (first.status_code, second.status_code) == (200, 200)
    assert without_csrf(first.content) == without_csrf(second.content)
    assert event.rsvps.count() == 1
    assert seats.seats(event).taken == 2


@pytest.mark.parametrize("tampered", ["garbage", "other event", ""])
def test_tampered_form_token_keeps_what_was_typed_and_gives_a_fresh_token(client, tampered):
    event = EventFactory()
    token = new_token("rsvp-form", EventFactory()) if tampered == "other event" else tampered

    response = post_rsvp(client, event, name="Nguyễn Thị Hồng", party_size="2", form_token=token)

    assert response.status_code == 200
    assert pages.title(response).startswith("Error:")
    assert pages.text(response, "error-summary") == f"Please fix these problems {EXPIRED}"
    form = response.context["form"]
    assert (form.data["name"], form.data["party_size"]) == ("Nguyễn Thị Hồng", "2")
    assert 'value="Nguyễn Thị Hồng"' in response.content.decode()
    fresh = form.data["form_token"]
    assert fresh not in {"garbage", token}
    assert f'name="form_token" value="{fresh}"' in response.content.decode()
    assert signing.loads(fresh, salt=f"rsvp-form:{event.pk}")
    assert event.rsvps.count() == 0


def test_the_fresh_token_from_an_expired_form_works(client):
    event = EventFactory()
    refused = post_rsvp(client, event, form_token="garbage")

    data = dict(refused.context["form"].data.items())
    response = client.post(reverse("events:rsvp", args=[event.slug]), data)

    assert response.status_code == 200
    assert event.rsvps.count() == 1


PARTY_LIMIT = "A party can be up to 6 people."
BAD_INPUT = [
    pytest.param({"name": ""}, "name", "This field is required.", id="empty name"),
    pytest.param({"name": "   "}, "name", "This field is required.", id="whitespace name"),
    pytest.param(
        {"name": "x" * 10_000},
        "name",
        "Ensure this value has at most 100 characters (it has 10000).",
        id="10000-char name",
    ),
    pytest.param({"name": "A\x00B"}, "name", "Null characters are not allowed.", id="null"),
    pytest.param(
        {"name": "A\x07B"},
        "name",
        "Remove the invisible control characters from this text.",
        id="bell",
    ),
    pytest.param({"party_size": "0"}, "party_size", PARTY_LIMIT, id="party 0"),
    pytest.param({"party_size": "-1"}, "party_size", PARTY_LIMIT, id="party -1"),
    pytest.param({"party_size": "7"}, "party_size", PARTY_LIMIT, id="party 7"),
    pytest.param({"party_size": "25"}, "party_size", PARTY_LIMIT, id="party 25"),
    pytest.param({"party_size": "abc"}, "party_size", PARTY_LIMIT, id="party abc"),
    pytest.param({"party_size": ""}, "party_size", "This field is required.", id="no party"),
    pytest.param({"email": "amina@"}, "email", "Enter a valid email address.", id="bad email"),
    pytest.param(
        {"interpreter_count": "3", "party_size": "2", "interpreter_language": "Somali"},
        "interpreter_count",
        "This cannot be more than the 2 people in your party.",
        id="interpreters over party",
    ),
    pytest.param(
        {"interpreter_count": "2", "party_size": "1", "interpreter_language": "Somali"},
        "interpreter_count",
        "This cannot be more than the 1 person in your party.",
        id="interpreters over party of one",
    ),
    pytest.param(
        {"interpreter_count": "1"},
        "interpreter_language",
        "Tell us which language to interpret.",
        id="interpreter without language",
    ),
]
LABELS = {
    "name": "Name",
    "party_size": "Number of people",
    "email": "Email (optional)",
    "interpreter_count": "How many people need an interpreter?",
    "interpreter_language": "Interpreter language",
}


@pytest.mark.parametrize(("fields", "field", "error"), BAD_INPUT)
def test_bad_input_is_shown_in_the_error_summary_and_nothing_is_saved(client, fields, field, error):
    event = EventFactory(capacity=10, max_party_size=6)

    response = post_rsvp(client, event, **fields)

    assert response.status_code == 200
    assert pages.title(response).startswith("Error:")
    assert error_links(response) == [(f"#id_{field}", f"{LABELS[field]}: {error}")]
    assert dict(response.context["form"].errors) == {field: [error]}
    typed = response.context["form"].data
    assert {key: typed[key] for key in fields} == fields
    assert event.rsvps.count() == 0


@pytest.mark.parametrize(
    ("limit", "hint"),
    [(1, "Count yourself too. Up to 1 person."), (6, "Count yourself too. Up to 6 people.")],
)
def test_the_party_size_hint_names_the_event_limit(client, limit, hint):
    event = EventFactory(max_party_size=limit)

    response = client.get(reverse("events:detail", args=[event.slug]))

    assert pages.text(response, "id_party_size_helptext") == hint


def test_typed_values_are_back_in_the_form_after_an_error(client):
    event = EventFactory()

    response = post_rsvp(
        client, event, name="Amina", party_size="abc", email="amina@example.org", note="Near door"
    )

    html = response.content.decode()
    assert 'value="Amina"' in html
    assert 'value="amina@example.org"' in html
    assert "Near door</textarea>" in html


@pytest.mark.parametrize("name", ["Nguyễn Thị Hồng 🌸", "ሰላም", "محمد"])
def test_names_in_any_script_are_kept_exactly(client, name):
    event = EventFactory()

    response = post_rsvp(client, event, name=name)

    assert response.status_code == 200
    assert Rsvp.objects.get().name == name


@pytest.mark.parametrize(
    "fields",
    [
        {"rsvps_close_at": timezone.now() - datetime.timedelta(hours=1)},
        {"status": EventStatus.CANCELLED},
        {
            "starts_at": timezone.now() - datetime.timedelta(days=2),
            "ends_at": timezone.now() - datetime.timedelta(days=2, hours=-2),
        },
    ],
    ids=["closed", "cancelled", "past"],
)
def test_rsvp_posted_when_rsvps_are_closed_is_refused(client, fields):
    event = EventFactory(**fields)

    response = post_rsvp(client, event, form_token=new_token("rsvp-form", event))

    assert response.status_code == 200
    assert pages.title(response).startswith("Error:")
    assert pages.text(response, "error-summary") == f"Please fix these problems {CLOSED}"
    assert event.rsvps.count() == 0


def test_rsvp_for_a_draft_event_is_not_found(client):
    event = EventFactory(status=EventStatus.DRAFT)

    response = post_rsvp(client, event, form_token=new_token("rsvp-form", event))

    assert response.status_code == 404
    assert event.rsvps.count() == 0


# --- The private manage link ----------------------------------------------------------------


def test_manage_page_is_never_cached_and_never_sent_as_a_referrer(client):
    rsvp = RsvpFactory()

    response = client.get(manage_url(client, rsvp))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    # Not "no-referrer": with it browsers send "Origin: null" on the page's own forms and
    # Django's CSRF check refuses every cancel button (see events.http.private).
    assert response["Referrer-Policy"] == "same-origin"


def test_shrinking_a_party_gives_the_freed_seats_to_the_waitlist(client, book):
    event = EventFactory(capacity=10)
    shrinking = book(event, party_size=6, name="shrinks")
    book(event, party_size=4, name="other")
    waiting = book(event, party_size=2, name="waiting")

    response = post_change(client, shrinking, party_size="4")

    assert response.status_code == 303
    assert response["Location"] == manage_url(client, shrinking)
    shrinking.refresh_from_db()
    waiting.refresh_from_db()
    assert (shrinking.party_size, waiting.status) == (4, RsvpStatus.CONFIRMED)
    assert seats.seats(event) == seats.Seats(capacity=10, taken=10, waitlisted=0)
    page = client.get(response["Location"])
    assert pages.text(page, "main").startswith("Your RSVP was updated.")


def test_growing_a_party_beyond_the_free_seats_changes_nothing_and_says_how_many_are_free(
    client, book
):
    event = EventFactory(capacity=10)
    rsvp = book(event, party_size=2)
    book(event, party_size=6)

    response = post_change(client, rsvp, party_size="5")

    assert response.status_code == 200
    assert error_links(response) == [
        (
            "#id_party_size",
            "Number of people: Only 2 more seats are free, so your party size was not changed.",
        )
    ]
    rsvp.refresh_from_db()
    assert rsvp.party_size == 2
    assert seats.seats(event) == seats.Seats(capacity=10, taken=8, waitlisted=0)


@pytest.mark.parametrize("typed", ["7", "0", "25", "abc"])
def test_a_party_size_outside_the_event_limit_is_a_field_error(client, book, typed):
    event = EventFactory(capacity=100, max_party_size=6)
    rsvp = book(event, party_size=2)

    response = post_change(client, rsvp, party_size=typed)

    assert response.status_code == 200
    assert pages.title(response).startswith("Error:")
    assert error_links(response) == [("#id_party_size", f"Number of people: {PARTY_LIMIT}")]
    rsvp.refresh_from_db()
    assert rsvp.party_size == 2


def test_change_with_bad_input_is_shown_and_saves_nothing(client, book):
    event = EventFactory()
    rsvp = book(event, party_size=2)

    response = post_change(client, rsvp, party_size="abc", note="A\x00")

    assert response.status_code == 200
    assert error_links(response) == [
        ("#id_party_size", f"Number of people: {PARTY_LIMIT}"),
        ("#id_note", "Anything else we should know: Null characters are not allowed."),
    ]
    rsvp.refresh_from_db()
    assert (rsvp.party_size, rsvp.note) == (2, "")


def test_cancelling_gives_the_seats_to_the_first_waitlisted_party_that_fits(client, book):
    event = EventFactory(capacity=10)
    leaving = book(event, party_size=3, name="leaving")
    book(event, party_size=6, name="staying")
    too_big = book(event, party_size=5, name="too big")
    book(event, party_size=2, name="fits")

    response = client.post(own_address(client, leaving, "rsvp_cancel"))

    assert response.status_code == 303
    assert response["Location"] == manage_url(client, leaving)
    assert list(event.rsvps.values_list("name", "status")) == [
        ("leaving", RsvpStatus.CANCELLED),
        ("staying", RsvpStatus.CONFIRMED),
        ("too big", RsvpStatus.WAITLISTED),
        ("fits", RsvpStatus.CONFIRMED),
    ]
    assert seats.waitlist_position(too_big) == 1
    page = client.get(response["Location"])
    assert pages.text(page, "status-title") == "This RSVP is cancelled"
    assert pages.text(page, "main").startswith(
        "Your RSVP is cancelled. Thank you for letting us know."
    )
    assert page.context["form"] is None
    assert "Cancel my RSVP" not in pages.text(page)


def test_cancelling_twice_is_harmless(client, book):
    event = EventFactory(capacity=6)
    leaving = book(event, party_size=6, name="leaving")
    book(event, party_size=4, name="waiting")
    cancel = own_address(client, leaving, "rsvp_cancel")

    first = client.post(cancel)
    second = client.post(cancel)

    assert (first.status_code, first["Location"]) == (303, manage_url(client, leaving))
    assert (second.status_code, second["Location"]) == (303, manage_url(client, leaving))
    assert (
        pages.text(client.get(manage_url(client, leaving)), "status-title")
        == "This RSVP is cancelled"
    )
    assert list(event.rsvps.values_list("name", "status")) == [
        ("leaving", RsvpStatus.CANCELLED),
        ("waiting", RsvpStatus.CONFIRMED),
    ]
    assert seats.seats(event) == seats.Seats(capacity=6, taken=4, waitlisted=0)


def test_erasing_removes_the_details_keeps_the_counts_and_kills_the_link(client, book):
    event = EventFactory(capacity=10)
    rsvp = book(
        event,
        party_size=3,
        name="Amina",
        email="amina@example.org",
        note="Near the door",
        interpreter_count=2,
        interpreter_language="Somali",
    )
    old_link = manage_url(client, rsvp)

    response = client.post(own_address(client, rsvp, "rsvp_erase"))

    assert response.status_code == 303
    assert response["Location"] == event.get_absolute_url()
    rsvp.refresh_from_db()
    assert (rsvp.name, rsvp.email, rsvp.note) == ("", "", "")
    assert rsvp.erased_at is not None
    assert (rsvp.status, rsvp.party_size, rsvp.interpreter_count) == (RsvpStatus.CANCELLED, 3, 2)
    page = client.get(response["Location"])
    assert pages.text(page, "main").startswith(
        "Your RSVP is cancelled and your details are erased."
    )
    assert client.get(old_link).status_code == 404
    assert client.post(old_link + "erase/").status_code == 404


@pytest.mark.parametrize("token", ["forged-token", "x" * 10_000])
@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("events:manage", "get"),
        ("events:rsvp_change", "post"),
        ("events:rsvp_cancel", "post"),
        ("events:rsvp_erase", "post"),
    ],
)
def test_unknown_manage_link_is_not_found(client, token, name, method):
    rsvp = RsvpFactory()

    response = getattr(client, method)(reverse(name, args=[token]), {"party_size": "1"})

    assert response.status_code == 404
    rsvp.refresh_from_db()
    assert (rsvp.status, rsvp.party_size, rsvp.erased_at) == (RsvpStatus.CONFIRMED, 1, None)


def started_event():
    now = timezone.now()
    return EventFactory(
        starts_at=now - datetime.timedelta(minutes=30), ends_at=now + datetime.timedelta(hours=1)
    )


def test_once_the_event_started_the_manage_page_offers_no_change(client):
    rsvp = RsvpFactory(event=started_event(), party_size=2)

    response = client.get(manage_url(client, rsvp))

    assert response.context["form"] is None
    assert "Change your RSVP" not in pages.text(response)
    assert "Cancel my RSVP" in pages.text(response)


def test_change_posted_after_the_event_started_is_refused_with_a_reason(client):
    rsvp = RsvpFactory(event=started_event(), party_size=2)

    response = post_change(client, rsvp, party_size="1")

    assert response.status_code == 200
    assert pages.title(response).startswith("Error:")
    assert pages.text(response, "error-summary") == f"Please fix these problems {CLOSED}"
    assert "Change your RSVP" not in pages.text(response)
    rsvp.refresh_from_db()
    assert rsvp.party_size == 2


def test_change_posted_to_a_cancelled_rsvp_is_refused_with_a_reason(client, book):
    rsvp = book(EventFactory(), party_size=2)
    rules.cancel_rsvp(rsvp)

    response = post_change(client, rsvp, party_size="1")

    assert response.status_code == 200
    assert pages.title(response).startswith("Error:")
    assert pages.text(response, "error-summary") == (
        "Please fix these problems This RSVP was cancelled, so it cannot be changed."
    )
    rsvp.refresh_from_db()
    assert (rsvp.status, rsvp.party_size) == (RsvpStatus.CANCELLED, 2)


def test_a_resident_may_change_the_email_of_their_rsvp_to_any_address(
    client, book, send, mailoutbox
):
    event = EventFactory(capacity=10)
    book(event, email="taken@example.org")
    rsvp = book(event, email="mine@example.org")

    response = send(post_change, client, rsvp, email=" Taken@Example.org ")

    assert (response.status_code, response["Location"]) == (303, manage_url(client, rsvp))
    rsvp.refresh_from_db()
    assert rsvp.email == "taken@example.org"
    assert [(email.to, email.body.splitlines()[2]) for email in mailoutbox] == [
        (["taken@example.org"], f"Your RSVP for “{event.title}” was updated.")
    ]


def test_a_party_cannot_shrink_below_the_people_already_checked_in(client, book):
    """Before: an IntegrityError (a 500) whose message held the whole RSVP row."""
    event = EventFactory(capacity=10)
    rsvp = book(event, party_size=4, email="amina@example.org")
    Rsvp.objects.filter(pk=rsvp.pk).update(checked_in_count=3)
    rsvp.refresh_from_db()

    response = post_change(client, rsvp, party_size="2")

    assert response.status_code == 200
    assert dict(response.context["form"].errors) == {
        "party_size": ["3 people of this party have already checked in, so it cannot be smaller."]
    }
    rsvp.refresh_from_db()
    assert rsvp.party_size == 4


# --- Interpreter languages ------------------------------------------------------------------


def test_the_form_offers_the_forums_interpreter_languages_in_the_readers_language(client):
    event = EventFactory(interpretation_languages="es,so,vi")

    english = client.get(reverse("events:detail", args=[event.slug]))
    spanish = client.get(reverse("events:detail", args=[event.slug]), HTTP_ACCEPT_LANGUAGE="es")

    assert pages.text(english, "id_interpreter_language") == (
        "No interpreter needed Spanish Somali Vietnamese"
    )
    assert pages.text(spanish, "id_interpreter_language") == (
        "No se necesita intérprete español somalí vietnamita"
    )


def test_a_language_the_forum_does_not_list_is_refused(client):
    event = EventFactory(interpretation_languages="es,so")

    response = post_rsvp(client, event, interpreter_count="1", interpreter_language="vi")

    assert dict(response.context["form"].errors) == {
        "interpreter_language": [
            "Select a valid choice. vi is not one of the available choices.",
            "Tell us which language to interpret.",
        ]
    }
    assert event.rsvps.count() == 0


def test_a_forum_without_interpreter_languages_lets_residents_type_one(client):
    event = EventFactory(interpretation_languages="")

    post_rsvp(client, event, interpreter_count="1", interpreter_language="Tigrinya")

    assert Rsvp.objects.get().interpreter_language == "Tigrinya"


@pytest.mark.parametrize(
    ("typed", "chosen", "choices"),
    [
        ("Somali", "so", ["", "es", "so"]),
        ("Tigrinya", "Tigrinya", ["", "es", "so", "Tigrinya"]),
    ],
)
def test_the_manage_page_keeps_a_language_staff_typed_on_the_phone(client, typed, chosen, choices):
    event = EventFactory(interpretation_languages="es,so")
    rsvp = RsvpFactory(event=event, interpreter_count=1, interpreter_language=typed)

    response = client.get(own_address(client, rsvp))

    field = response.context["form"]["interpreter_language"]
    assert field.value() == chosen
    assert [value for value, _label in field.field.choices] == choices
