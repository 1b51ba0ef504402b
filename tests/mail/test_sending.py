"""Emails to residents about their RSVP, sent once the RSVP is saved, and retried if the
mail server was down. Each test goes through the resident's pages, as a resident would."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.enums import DeliveryStatus, EmailKind, RsvpStatus
from events.models import EmailDelivery, Rsvp

from ..conftest import post_rsvp
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


def test_confirmation_email_has_the_code_the_link_and_a_calendar_file(client, send, mailoutbox):
    event = EventFactory(title="Immigration policy forum")

    response = send(post_rsvp, client, event, email=" Amina@Example.ORG ", party_size="2")

    assert response.status_code == 303
    rsvp = Rsvp.objects.get()
    (message,) = mailoutbox
    assert message.subject == "You have a seat: Immigration policy forum"
    assert message.to == ["amina@example.org"]
    assert message.extra_headers == {"Auto-Submitted": "auto-generated"}
    assert lines(message)[0] == "Hello Amina,"
    assert "You have seats at “Immigration policy forum” for 2 people." in lines(message)
    assert f"Your RSVP code for the door: {rsvp.code}" in lines(message)
    assert f"https://forum.example.org/rsvp/{rsvp.manage_token}/" in lines(message)
    assert f"Forum page: https://forum.example.org/events/{event.slug}/" in lines(message)
    calendar, entry = calendar_of(message)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(entry["UID"]) == f"civicforum-event-{event.pk}@forum.example.org"
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert f"https://forum.example.org/rsvp/{rsvp.manage_token}/" in html_of(message)


def test_email_html_escapes_what_residents_type(client, send, mailoutbox):
    event = EventFactory()

    send(post_rsvp, client, event, name="<b>Ana</b>")

    (message,) = mailoutbox
    html = html_of(message)
    assert "Hello &lt;b&gt;Ana&lt;/b&gt;," in html
    assert "<b>Ana</b>" not in html
    assert '<html lang="en">' in html
    # The text part is plain text: it shows the name as typed.
    assert lines(message)[0] == "Hello <b>Ana</b>,"


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
    assert message.subject == f"You are on the waitlist: {event.title}"
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

    send(client.post, reverse("events:rsvp_cancel", args=[holder.manage_token]))

    waiting = event.rsvps.get(email="waiting@example.org")
    assert waiting.status == RsvpStatus.CONFIRMED
    (message,) = mailoutbox
    assert (message.subject, message.to) == (
        f"A seat opened up for you: {event.title}",
        ["waiting@example.org"],
    )
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
        reverse("events:rsvp_change", args=[rsvp.manage_token]),
        {"party_size": "3", "language": "en"},
    )

    assert response.status_code == 303
    (message,) = mailoutbox
    assert message.subject == f"Your RSVP was updated: {event.title}"
    assert "Party: 3 people." in lines(message)
    assert "You have a seat." in lines(message)
    assert f"https://forum.example.org/rsvp/{rsvp.manage_token}/" in lines(message)
    assert message.attachments == []


def test_cancellation_email_removes_the_forum_from_the_calendar(client, send, mailoutbox):
    event = EventFactory()
    send(post_rsvp, client, event)
    rsvp = Rsvp.objects.get()
    mailoutbox.clear()

    send(client.post, reverse("events:rsvp_cancel", args=[rsvp.manage_token]))

    (message,) = mailoutbox
    assert (message.subject, message.to) == (
        f"Your RSVP was cancelled: {event.title}",
        ["amina@example.org"],
    )
    calendar, entry = calendar_of(message)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(entry["STATUS"]) == "CANCELLED"
    assert str(entry["UID"]) == f"civicforum-event-{event.pk}@forum.example.org"
    # Higher than the confirmation's 0, so calendars accept the cancellation.
    assert entry["SEQUENCE"] == 1


def test_rsvp_again_after_cancelling_sends_a_calendar_file_newer_than_the_cancellation(
    client, send, mailoutbox
):
    event = EventFactory()
    send(post_rsvp, client, event)
    send(client.post, reverse("events:rsvp_cancel", args=[Rsvp.objects.get().manage_token]))

    send(post_rsvp, client, event)

    confirmed, cancelled, confirmed_again = (calendar_of(m) for m in mailoutbox)
    assert [str(calendar["METHOD"]) for calendar, _ in (confirmed, cancelled, confirmed_again)] == [
        "PUBLISH",
        "CANCEL",
        "PUBLISH",
    ]
    # Calendars drop a message whose SEQUENCE is lower than one they already applied, so a
    # new RSVP's file must outrank the cancellation the resident received before it.
    assert confirmed_again[1]["SEQUENCE"] > cancelled[1]["SEQUENCE"]


def test_rsvp_without_an_address_gets_no_email_at_all(client, send, mailoutbox):
    event = EventFactory(capacity=10)
    send(post_rsvp, client, event, email="")
    rsvp = Rsvp.objects.get()

    send(
        client.post,
        reverse("events:rsvp_change", args=[rsvp.manage_token]),
        {"party_size": "2", "language": "en"},
    )
    send(client.post, reverse("events:rsvp_cancel", args=[rsvp.manage_token]))

    assert mailoutbox == []
    assert EmailDelivery.objects.count() == 0


def test_email_that_fails_is_recorded_and_sent_later(client, send, mail_server):
    event = EventFactory()

    response = send(post_rsvp, client, event)

    assert response.status_code == 303
    assert response["Location"] == f"/events/{event.slug}/rsvp/sent/"
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
        (f"You have a seat: {event.title}", ["amina@example.org"])
    ]
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.error) == (2, "")
    assert delivery.sent_at is not None

    again = io.StringIO()
    call_command("send_pending_emails", stdout=again)

    assert again.getvalue() == "Sent 0, failed 0.\n"
    assert len(mail_server.received) == 1


def test_manage_link_is_not_sent_again_within_ten_minutes(client, send, mailoutbox):
    event = EventFactory()
    send(post_rsvp, client, event, name="Owner")
    owner = Rsvp.objects.get()
    mailoutbox.clear()

    send(post_rsvp, client, event, name="Someone")
    send(post_rsvp, client, event, name="Someone else")

    assert [(m.subject, m.to) for m in mailoutbox] == [
        (f"Your RSVP link: {event.title}", ["amina@example.org"])
    ]
    assert list(owner.emails.values_list("kind", flat=True)) == [
        EmailKind.CONFIRMED,
        EmailKind.MANAGE_LINK,
    ]
    assert event.rsvps.count() == 1

    owner.emails.filter(kind=EmailKind.MANAGE_LINK).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    send(post_rsvp, client, event, name="Someone, later")

    assert len(mailoutbox) == 2


@pytest.mark.parametrize("language", ["es", "en"])
def test_email_is_written_in_the_residents_language(client, send, mailoutbox, language):
    event = EventFactory()

    send(post_rsvp, client, event, language=language)

    (message,) = mailoutbox
    assert Rsvp.objects.get().language == language
    assert f'<html lang="{language}">' in html_of(message)
