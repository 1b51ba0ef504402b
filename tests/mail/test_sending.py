"""Emails to residents about their RSVP, sent once the RSVP is saved, and retried if the
mail server was down. Each test goes through the resident's pages, as a resident would.

Anyone can type anyone's address into the form, so no email carries what the sender typed,
every subject is the same neutral line, and every email offers "Didn't RSVP?"."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from events.enums import DeliveryStatus, EmailKind, RsvpStatus
from events.models import EmailDelivery, Rsvp

from ..conftest import own_address, post_rsvp
from ..factories import EventFactory
from .conftest import minutes_pass

pytestmark = pytest.mark.django_db


def calendar_of(message):
    # Confirmations also carry the check-in QR code (tests/test_checkin.py checks it).
    (attachment,) = [a for a in message.attachments if a.filename.endswith(".ics")]
    assert (attachment.filename, attachment.mimetype) == ("forum.ics", "text/calendar")
    calendar = Calendar.from_ical(attachment.content)
    (entry,) = calendar.walk("VEVENT")
    return calendar, entry


def html_of(message) -> str:
    (alternative,) = message.alternatives
    assert alternative.mimetype == "text/html"
    return alternative.content


def lines(message) -> list[str]:
    return message.body.splitlines()


SUBJECT = "Your RSVP with Brooklyn Park Civic Forum"


def not_me(rsvp) -> list[str]:
    return [
        "Didn't RSVP? You can cancel it here, and we won't email this address about this "
        "forum again:",
        f"https://forum.example.org/rsvp/{rsvp.manage_token}/not-me/",
    ]


def test_confirmation_email_has_the_code_the_link_and_a_calendar_file(client, send, mailoutbox):
    event = EventFactory(title="Immigration policy forum")

    response = send(
        post_rsvp, client, event, email=" Amina@Example.ORG ", party_size="2", note="Side door"
    )

    assert response.status_code == 200
    rsvp = Rsvp.objects.get()
    (message,) = mailoutbox
    assert message.subject == SUBJECT
    assert message.to == ["amina@example.org"]
    assert message.extra_headers == {"Auto-Submitted": "auto-generated"}
    assert lines(message)[0] == "Hello,"
    assert "You have seats at “Immigration policy forum” for 2 people." in lines(message)
    assert f"Your RSVP code for the door: {rsvp.code}" in lines(message)
    assert f"https://forum.example.org/rsvp/{rsvp.manage_token}/" in lines(message)
    assert f"Forum page: https://forum.example.org/events/{event.slug}/" in lines(message)
    assert lines(message)[-4:-2] == not_me(rsvp)
    # What the sender typed is nowhere in it: anyone can type anyone's address.
    assert ("Amina" in message.body, "Side door" in message.body) == (False, False)
    calendar, entry = calendar_of(message)
    assert str(calendar["METHOD"]) == "PUBLISH"
    # The RSVP's own random UID: neither the RSVP's number nor the forum's.
    assert str(entry["UID"]) == f"{rsvp.calendar_uid}@forum.example.org"
    assert len(rsvp.calendar_uid) == 32
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert f"https://forum.example.org/rsvp/{rsvp.manage_token}/" in html_of(message)


def test_email_html_escapes_what_staff_write(client, send, mailoutbox):
    event = EventFactory(title="<b>Forum</b> & more")

    send(post_rsvp, client, event, name="<b>Ana</b>")

    (message,) = mailoutbox
    html = html_of(message)
    assert "at “&lt;b&gt;Forum&lt;/b&gt; &amp; more”" in html
    assert "<b>" not in html
    assert '<html lang="en">' in html
    assert f"<title>{SUBJECT}</title>" in html
    # The text part is plain text: it shows the title as written.
    assert "You have a seat at “<b>Forum</b> & more” for 1 person." in lines(message)


def test_sent_email_is_recorded_on_its_delivery_row(client, send, mailoutbox):
    event = EventFactory()

    send(post_rsvp, client, event)

    (delivery,) = EmailDelivery.objects.all()
    assert (delivery.kind, delivery.status, delivery.attempts, delivery.error) == (
        EmailKind.CONFIRMED,
        DeliveryStatus.SENT,
        1,
        "",
    )
    assert delivery.sent_at is not None
    assert len(mailoutbox) == 1


def test_waitlist_email_gives_the_place_in_line(client, send, mailoutbox):
    event = EventFactory(capacity=2)
    send(post_rsvp, client, event, party_size="2", email="first@example.org")

    send(post_rsvp, client, event, email="second@example.org")

    assert [m.to for m in mailoutbox] == [["first@example.org"], ["second@example.org"]]
    message = mailoutbox[1]
    assert message.subject == SUBJECT
    assert (
        "You are number 1 in line. We will email you as soon as a seat opens up for your party."
        in lines(message)
    )
    assert message.attachments == []


def test_promotion_email_goes_out_when_a_cancellation_frees_seats(client, send, mailoutbox):
    event = EventFactory(capacity=2)
    send(post_rsvp, client, event, party_size="2", email="")
    holder = Rsvp.objects.get()
    send(post_rsvp, client, event, party_size="2", email="waiting@example.org")
    mailoutbox.clear()

    send(client.post, own_address(client, holder, "rsvp_cancel"))

    waiting = event.rsvps.get(email="waiting@example.org")
    assert waiting.status == RsvpStatus.CONFIRMED
    (message,) = mailoutbox
    assert (message.subject, message.to) == (SUBJECT, ["waiting@example.org"])
    assert (
        f"Good news: seats opened up. You now have seats at “{event.title}” for 2 people."
        in lines(message)
    )
    assert f"Your RSVP code for the door: {waiting.code}" in lines(message)
    calendar, _ = calendar_of(message)
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_change_email_says_what_the_rsvp_is_now(client, send, mailoutbox):
    event = EventFactory(capacity=10)
    send(post_rsvp, client, event, party_size="2")
    rsvp = Rsvp.objects.get()
    mailoutbox.clear()

    response = send(
        client.post,
        own_address(client, rsvp, "rsvp_change"),
        {"party_size": "3", "email": "amina@example.org", "language": "en"},
    )

    assert response.status_code == 303
    (message,) = mailoutbox
    assert message.subject == SUBJECT
    assert "Party: 3 people." in lines(message)
    assert "You have a seat." in lines(message)
    assert f"https://forum.example.org/rsvp/{rsvp.manage_token}/" in lines(message)
    assert message.attachments == []


def test_cancellation_email_removes_the_forum_from_the_calendar(client, send, mailoutbox):
    event = EventFactory()
    send(post_rsvp, client, event)
    rsvp = Rsvp.objects.get()
    mailoutbox.clear()

    send(client.post, own_address(client, rsvp, "rsvp_cancel"))

    (message,) = mailoutbox
    assert (message.subject, message.to) == (SUBJECT, ["amina@example.org"])
    calendar, entry = calendar_of(message)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(entry["STATUS"]) == "CANCELLED"
    assert str(entry["UID"]) == f"{rsvp.calendar_uid}@forum.example.org"
    # Higher than the confirmation's 0, so calendars accept the cancellation.
    assert entry["SEQUENCE"] == 1
    # The public file did not move: nothing a resident does changes it.
    assert (
        client.get(reverse("events:calendar", args=[event.slug])).content.count(b"SEQUENCE:0") == 1
    )


def test_rsvp_again_after_cancelling_is_a_new_event_to_the_calendar(client, send, mailoutbox):
    event = EventFactory()
    send(post_rsvp, client, event)
    send(client.post, own_address(client, Rsvp.objects.get(), "rsvp_cancel"))

    send(post_rsvp, client, event)

    confirmed, cancelled, confirmed_again = (calendar_of(m) for m in mailoutbox)
    assert [str(calendar["METHOD"]) for calendar, _ in (confirmed, cancelled, confirmed_again)] == [
        "PUBLISH",
        "CANCEL",
        "PUBLISH",
    ]
    # Calendars ignore a file for a UID they cancelled; a new RSVP has a UID of its own.
    uids = [str(entry["UID"]) for _, entry in (confirmed, cancelled, confirmed_again)]
    assert uids[0] == uids[1] != uids[2]
    assert event.sequence == 0


def test_rsvp_without_an_address_gets_no_email_at_all(client, send, mailoutbox):
    event = EventFactory(capacity=10)
    send(post_rsvp, client, event, email="")
    rsvp = Rsvp.objects.get()

    send(
        client.post,
        own_address(client, rsvp, "rsvp_change"),
        {"party_size": "2", "language": "en"},
    )
    send(client.post, own_address(client, rsvp, "rsvp_cancel"))

    assert mailoutbox == []
    assert EmailDelivery.objects.count() == 0


def test_email_that_fails_is_recorded_and_sent_later(client, send, mail_server):
    event = EventFactory()

    response = send(post_rsvp, client, event)

    assert response.status_code == 200
    rsvp = Rsvp.objects.get()
    (delivery,) = rsvp.emails.all()
    assert (delivery.status, delivery.sent_at, delivery.attempts) == (
        DeliveryStatus.PENDING,
        None,
        1,
    )
    assert delivery.error == "ConnectionRefusedError: Connection refused"
    assert mail_server.received == []

    mail_server.up()
    minutes_pass(1)
    out = io.StringIO()
    call_command("send_pending_emails", stdout=out)

    assert out.getvalue() == "Sent 1, failed 0.\n"
    assert [(message["Subject"], to) for to, message in mail_server.received] == [
        (SUBJECT, ["amina@example.org"])
    ]
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.error) == (2, "")
    assert delivery.sent_at is not None

    again = io.StringIO()
    call_command("send_pending_emails", stdout=again)

    assert again.getvalue() == "Sent 0, failed 0.\n"
    assert len(mail_server.received) == 1


@pytest.mark.parametrize("language", ["es", "en"])
def test_email_is_written_in_the_residents_language(client, send, mailoutbox, language):
    event = EventFactory()

    send(post_rsvp, client, event, language=language)

    (message,) = mailoutbox
    assert Rsvp.objects.get().language == language
    assert f'<html lang="{language}">' in html_of(message)
