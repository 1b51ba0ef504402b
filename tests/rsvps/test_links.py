"""The links a resident gets by email: "Lost your link?" (an address in, always the same
answer) and "Didn't RSVP?" (the owner of an address cancels what a stranger made with it)."""

import pytest
from django.urls import reverse

from events.enums import DeliveryStatus, EmailKind, RsvpStatus
from events.models import EmailDelivery, EmailOptOut

from .. import pages
from ..factories import EventFactory, RsvpFactory

pytestmark = pytest.mark.django_db

SENT = (
    "If this address has RSVPs for this forum, we have sent their links. Check your email, "
    "and your spam folder."
)


@pytest.fixture
def forum():
    return EventFactory(slug="forum", title="Forum", capacity=20)


def ask_for_links(client, send, email):
    return send(client.post, reverse("events:lost_link", args=["forum"]), {"email": email})


def test_lost_links_go_to_the_address_naming_each_of_its_rsvps(client, send, forum, mailoutbox):
    first = RsvpFactory(event=forum, email="amina@example.org", party_size=2)
    second = RsvpFactory(event=forum, email="amina@example.org")
    RsvpFactory(event=forum, email="amina@example.org", status=RsvpStatus.CANCELLED)
    RsvpFactory(event=EventFactory(), email="amina@example.org")

    response = ask_for_links(client, send, " AMINA@example.org ")

    assert response.status_code == 200
    assert pages.text(response, "lost-link-sent") == SENT
    assert response.context["form"]["email"].value() is None  # ready for another address
    (email,) = mailoutbox
    assert email.to == ["amina@example.org"]
    assert email.body.splitlines()[4:9] == [
        f"RSVP {first.code}: seats for 2 people.",
        f"Its private link (do not share it): https://forum.example.org/rsvp/{first.manage_token}/",
        "",
        f"RSVP {second.code}: a seat for 1 person.",
        f"Its private link (do not share it): https://forum.example.org/rsvp/{second.manage_token}/",
    ]


def test_an_address_without_rsvps_gets_the_same_answer_and_no_email(
    client, send, forum, mailoutbox
):
    response = ask_for_links(client, send, "nobody@example.org")

    assert pages.text(response, "lost-link-sent") == SENT
    assert (mailoutbox, EmailDelivery.objects.count()) == ([], 0)


def test_asking_again_and_again_floods_no_inbox(client, send, forum, mailoutbox):
    RsvpFactory(event=forum, email="amina@example.org")

    for _ in range(5):
        ask_for_links(client, send, "amina@example.org")

    assert len(mailoutbox) == 3
    assert (
        list(EmailDelivery.objects.values_list("kind", "status"))
        == [(EmailKind.MANAGE_LINK, DeliveryStatus.SENT)] * 3
        + [(EmailKind.MANAGE_LINK, DeliveryStatus.SUPPRESSED)] * 2
    )


@pytest.mark.parametrize(
    ("email", "errors"),
    [
        ("", ["This field is required."]),
        ("amina@", ["Enter a valid email address."]),
        (
            "a\x00b@example.org",
            ["Enter a valid email address.", "Null characters are not allowed."],
        ),
        (
            "x" * 300 + "@example.org",
            ["Ensure this value has at most 254 characters (it has 312)."],
        ),
    ],
)
def test_a_bad_address_is_a_field_error_and_sends_nothing(client, send, forum, email, errors):
    response = ask_for_links(client, send, email)

    assert response.status_code == 200
    assert pages.title(response).startswith("Error:")
    assert dict(response.context["form"].errors) == {"email": errors}
    assert pages.has_element(response, "lost-link-sent") is False
    assert EmailDelivery.objects.count() == 0


def test_the_forum_page_offers_the_lost_link_form(client, forum):
    response = client.get(forum.get_absolute_url())

    assert ("/events/forum/rsvp/lost/", "Already sent an RSVP and lost your link?") in (
        pages.links(response, "rsvp")
    )


# --- "Didn't RSVP?" -----------------------------------------------------------------------


def test_not_me_asks_first_and_changes_nothing_on_a_get(client, forum):
    rsvp = RsvpFactory(event=forum, email="amina@example.org")

    response = client.get(reverse("events:not_me", args=[rsvp.manage_token]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert pages.text(response, "main") == (
        "Did not RSVP? Someone gave your email address when they RSVPed for “Forum”. If it "
        "was not you, cancel it here. We will cancel every RSVP made with your address for "
        "this forum, and we will not email you about it again. It was not me: cancel it"
    )
    rsvp.refresh_from_db()
    assert (rsvp.status, EmailOptOut.objects.count()) == (RsvpStatus.CONFIRMED, 0)


def test_not_me_cancels_the_addresss_rsvps_and_stops_its_emails(client, send, forum, mailoutbox):
    mine = RsvpFactory(event=forum, email="amina@example.org")
    RsvpFactory(event=forum, email="amina@example.org")
    other = RsvpFactory(event=forum, email="bao@example.org")

    response = send(client.post, reverse("events:not_me", args=[mine.manage_token]))

    assert response.status_code == 200
    assert pages.text(response, "not-me-done") == (
        "Done. We cancelled the RSVPs made with your email address for this forum, and we will "
        "not email you about it again."
    )
    assert sorted(forum.rsvps.values_list("email", "status")) == [
        ("amina@example.org", RsvpStatus.CANCELLED),
        ("amina@example.org", RsvpStatus.CANCELLED),
        ("bao@example.org", RsvpStatus.CONFIRMED),
    ]
    assert mailoutbox == []  # not even the cancellations
    assert other.emails.count() == 0
    (opt_out,) = EmailOptOut.objects.all()
    assert "amina" not in opt_out.address_key


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_or_dead_not_me_link_gets_a_neutral_page_and_changes_nothing(
    client, forum, method
):
    erased = RsvpFactory(event=forum, email="", erased_at=forum.starts_at)

    forged = getattr(client, method)(reverse("events:not_me", args=["not-a-token"]))
    dead = getattr(client, method)(reverse("events:not_me", args=[erased.manage_token]))

    for response in (forged, dead):
        assert response.status_code == 200
        assert pages.text(response, "not-me-gone") == (
            "This link does not work any more. Nothing was changed. If you still get emails you "
            "did not ask for, write to the contact on the forum page."
        )
    assert EmailOptOut.objects.count() == 0
