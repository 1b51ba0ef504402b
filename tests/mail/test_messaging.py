"""Organizers' messages to the people who RSVPed, sent in batches in each resident's language,
and the residents' "stop emails" link."""

import io
import re
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.common.form_tokens import new_token
from events.enums import Audience, AuditAction, DeliveryStatus, RsvpStatus
from events.mail import messaging
from events.models import AuditEntry, EmailDelivery, Message, Rsvp
from events.rsvps import rules

from .. import pages
from ..conftest import own_address
from ..factories import EventFactory, UserFactory
from ..staff import VISITORS, log_in_as, login_redirect
from .conftest import (
    every_kind_of_resident,
    listed,
    minutes_pass,
    recipients_of,
    resident,
    stop_and_not_me,
    stoppable_headers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    return EventFactory(slug="forum", title="Immigration policy forum", capacity=None)


def messages_url(event) -> str:
    return reverse("staff:messages", args=[event.slug])


def form_token(client, event) -> str:
    return client.get(messages_url(event)).context["form"].initial["form_token"]


def post_message(client, event, token=None, step="send", **fields):
    """Post the form; step "send" is the confirmation page's Send button, None the first
    Send (which asks first), "change" its "Change the message"."""
    data = {
        "audience": Audience.CONFIRMED,
        "subject": "Room change",
        "body": "We moved to the council chambers.\nSame time.",
        "form_token": token or form_token(client, event),
    }
    if step:
        data["step"] = step
    return client.post(messages_url(event), data | fields)


def confirmation_form(response) -> dict[str, str]:
    """What the confirmation page's form posts: its hidden fields (not the language form's)."""
    return {
        attributes["name"]: attributes["value"]
        for tag, attributes in pages.elements(response)
        if tag == "input"
        and attributes.get("type") == "hidden"
        and attributes.get("name") in {"audience", "subject", "body", "form_token"}
    }


def buttons(response) -> list[tuple[str, str]]:
    """(name=value, text) of the confirmation's buttons."""
    html = response.content.decode()
    return re.findall(
        r'<button type="submit" name="step" value="(\w+)"[^>]*>([^<]*)</button>', html
    )


def html_of(message) -> str:
    (alternative,) = message.alternatives
    return alternative.content


def counts(message) -> tuple[int, int, int]:
    """How the message's emails stand, as its page shows: delivered, waiting, failed."""
    shown = messaging.sent_messages(message.event).get(pk=message.pk)
    return shown.delivered, shown.waiting, shown.failed


# --- Who may use the page -----------------------------------------------------------------


@pytest.mark.parametrize(("visitor", "status"), VISITORS.items())
def test_only_organizers_and_superusers_open_the_messages_page(client, forum, visitor, status):
    response = log_in_as(client, visitor).get(messages_url(forum))

    assert response.status_code == status
    if visitor == "anonymous":
        assert response["Location"] == login_redirect("/staff/events/forum/messages/")


@pytest.mark.parametrize("visitor", ["anonymous", "plain staff", "speaker"])
def test_people_without_the_permissions_cannot_send(client, forum, visitor, mailoutbox):
    resident(forum, "Amina")
    token = new_token("message-form", forum)

    response = log_in_as(client, visitor).post(
        messages_url(forum),
        {
            "audience": "confirmed",
            "subject": "Hi",
            "body": "Hello",
            "form_token": token,
            "step": "send",
        },
    )

    assert response.status_code == VISITORS[visitor]
    assert Message.objects.count() == 0
    assert mailoutbox == []


def test_staff_with_only_one_of_the_two_permissions_is_refused(client, forum):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_rsvp"))
    client.force_login(user)

    assert client.get(messages_url(forum)).status_code == 403


def test_the_messages_page_refuses_other_methods(client, forum):
    response = log_in_as(client, "organizer").patch(messages_url(forum))

    assert response.status_code == 405


# --- The form -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ("", {"body": ["This field is required."]}),
        ("   \n\t  ", {"body": ["This field is required."]}),
        (
            "x" * 100_000,
            {"body": ["Ensure this value has at most 5000 characters (it has 100000)."]},
        ),
    ],
    ids=["empty", "only spaces", "100,000 characters"],
)
def test_a_message_with_no_text_or_far_too_much_is_refused(client, forum, mailoutbox, body, errors):
    resident(forum, "Amina")
    log_in_as(client, "organizer")

    response = post_message(client, forum, body=body)

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert pages.title(response).startswith("Error: Messages to attendees")
    assert (Message.objects.count(), EmailDelivery.objects.count(), mailoutbox) == (0, 0, [])


def test_a_subject_must_be_one_short_line(client, forum):
    resident(forum, "Amina")
    log_in_as(client, "organizer")

    response = post_message(client, forum, subject="Room\nchange")
    too_long = post_message(client, forum, subject="s" * 151)

    assert response.context["form"].errors == {"subject": ["Write this on one line."]}
    assert too_long.context["form"].errors == {
        "subject": ["Ensure this value has at most 150 characters (it has 151)."]
    }
    assert Message.objects.count() == 0


def test_a_forged_form_token_sends_nothing_and_gives_a_fresh_one(client, forum, mailoutbox):
    resident(forum, "Amina")
    log_in_as(client, "organizer")

    response = post_message(client, forum, token="forged")

    assert response.context["form"].errors == {
        "__all__": ["This form had expired. Check the message and send it again."]
    }
    assert response.context["form"].data["form_token"] != "forged"
    assert (Message.objects.count(), mailoutbox) == (0, [])


def test_a_token_from_another_events_form_is_refused(client, forum):
    resident(forum, "Amina")
    other = EventFactory()
    log_in_as(client, "organizer")

    response = post_message(client, forum, token=new_token("message-form", other))

    assert response.context["form"].errors == {
        "__all__": ["This form had expired. Check the message and send it again."]
    }


def test_the_form_says_how_many_people_each_audience_reaches(client, forum):
    resident(forum, "Amina")
    resident(forum, "Bao")
    resident(forum, "Carlos", status=RsvpStatus.WAITLISTED)
    resident(forum, "Dahir", email="")
    resident(forum, "Elena", status=RsvpStatus.CANCELLED)
    log_in_as(client, "organizer")

    response = client.get(messages_url(forum))

    assert list(response.context["form"].fields["audience"].choices) == [
        ("confirmed", "People with a seat (2 people with an email)"),
        ("waitlisted", "People on the waitlist (1 person with an email)"),
        ("everyone", "Everyone with a seat or on the waitlist (3 people with an email)"),
    ]


# --- Sending ------------------------------------------------------------------------------


def test_a_message_reaches_exactly_the_chosen_audience(client, forum, send, mailoutbox):
    every_kind_of_resident(forum)
    resident(EventFactory(), "Other")  # another forum's RSVP
    log_in_as(client, "organizer")

    send(post_message, client, forum, audience=Audience.EVERYONE)

    assert recipients_of(mailoutbox) == ["amina@example.org", "bao@example.org"]
    assert counts(Message.objects.get()) == (2, 0, 0)


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        (Audience.CONFIRMED, ["amina@example.org"]),
        (Audience.WAITLISTED, ["bao@example.org"]),
        (Audience.EVERYONE, ["amina@example.org", "bao@example.org"]),
    ],
)
def test_each_audience_gets_its_people(client, forum, send, mailoutbox, audience, expected):
    resident(forum, "Amina")
    resident(forum, "Bao", status=RsvpStatus.WAITLISTED)
    log_in_as(client, "organizer")

    send(post_message, client, forum, audience=audience)

    assert recipients_of(mailoutbox) == expected


def test_sending_answers_with_a_redirect_and_lists_the_message_with_its_counts(client, forum, send):
    for name in ("Amina", "Bao", "Carlos"):
        resident(forum, name)
    log_in_as(client, "organizer")

    response = send(post_message, client, forum)

    assert response.status_code == 303
    assert response["Location"] == "/staff/events/forum/messages/"
    page = client.get(response["Location"])
    message = Message.objects.get()
    assert pages.text(page, f"message-{message.pk}").endswith(
        "Room change We moved to the council chambers. Same time. People with a seat "
        f"{message.sent_by.username} 3 3 0 0"
    )
    assert [str(m) for m in page.context["messages"]] == [
        "“Room change” is being sent to 3 people."
    ]


def test_the_email_carries_the_message_the_private_link_and_the_stop_link(
    client, forum, send, mailoutbox
):
    amina = resident(forum, "Amina")
    log_in_as(client, "organizer")

    send(post_message, client, forum)

    (email,) = mailoutbox
    assert (email.subject, email.to) == (
        "Your RSVP with Brooklyn Park Civic Forum",
        ["amina@example.org"],
    )
    assert email.body.splitlines() == [
        "Hello,",
        "",
        "A message from the organizers of “Immigration policy forum”:",
        "",
        "Room change",
        "",
        "We moved to the council chambers.",
        "Same time.",
        "",
        *listed(amina),
        "",
        *email.body.splitlines()[12:14],  # when and where (tested with the RSVP emails)
        "Forum page: https://forum.example.org/events/forum/",
        "",
        *stop_and_not_me(amina),
    ]
    assert email.extra_headers == stoppable_headers(amina)
    assert '<html lang="en">' in html_of(email)


def test_a_resident_who_chose_spanish_gets_the_message_framed_in_spanish(
    client, forum, send, mailoutbox
):
    resident(forum, "Amina", language="es")
    resident(forum, "Bao", language="en")
    log_in_as(client, "organizer")

    send(post_message, client, forum)

    languages = {email.to[0]: html_of(email).split("\n")[1] for email in mailoutbox}
    assert languages == {
        "amina@example.org": '<html lang="es">',
        "bao@example.org": '<html lang="en">',
    }


def test_a_double_click_makes_one_message_and_one_email_each(client, forum, send, mailoutbox):
    for name in ("Amina", "Bao"):
        resident(forum, name)
    log_in_as(client, "organizer")
    token = form_token(client, forum)

    first = send(post_message, client, forum, token=token)
    second = send(post_message, client, forum, token=token)

    assert (first.status_code, second.status_code) == (303, 303)
    assert Message.objects.count() == 1
    assert EmailDelivery.objects.count() == 2
    assert recipients_of(mailoutbox) == ["amina@example.org", "bao@example.org"]
    page = client.get(second["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "“Room change” is being sent to 2 people.",
        "“Room change” was already sent from this form; nothing more was sent.",
    ]
    entries = list(AuditEntry.objects.values_list("action", "record_count", "event"))
    assert entries == [(AuditAction.MESSAGE, 2, forum.pk)]


def test_sending_is_recorded_in_the_audit_log_with_who_and_how_many(client, forum, send):
    for name in ("Amina", "Bao", "Carlos"):
        resident(forum, name)
    organizer = UserFactory(roles=["Organizer"])
    client.force_login(organizer)

    send(post_message, client, forum)

    entry = AuditEntry.objects.get()
    assert (entry.user, entry.username, entry.action, entry.event, entry.record_count) == (
        organizer,
        organizer.username,
        AuditAction.MESSAGE,
        forum,
        3,
    )
    assert Message.objects.get().sent_by == organizer


def test_120_recipients_go_out_in_three_batches_of_at_most_50(client, forum, send, mailoutbox):
    for number in range(120):
        resident(forum, f"Resident{number:03d}")
    log_in_as(client, "organizer")
    claims = []

    def count_claims(execute, sql, params, many, context):
        if sql.startswith('UPDATE "events_emaildelivery" SET "claimed_at"'):
            claims.append(len(params) - 1)  # the claimed ids, and the timestamp
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_claims):
        send(post_message, client, forum)

    assert claims == [50, 50, 20]
    assert len(mailoutbox) == 120
    assert len(set(recipients_of(mailoutbox))) == 120
    assert counts(Message.objects.get()) == (120, 0, 0)


def test_a_resident_who_stops_emails_before_their_turn_gets_nothing(
    forum, django_capture_on_commit_callbacks, mailoutbox
):
    amina = resident(forum, "Amina")
    resident(forum, "Bao")
    with django_capture_on_commit_callbacks() as callbacks:
        message, created = messaging.create_message(
            forum,
            UserFactory(),
            audience=Audience.CONFIRMED,
            subject="Room change",
            body="Council chambers.",
            form_token=uuid.uuid4(),
        )
    messaging.stop_emails(amina)

    for callback in callbacks:
        callback()

    assert recipients_of(mailoutbox) == ["bao@example.org"]
    assert (created, counts(message)) == (True, (1, 0, 0))
    skipped = message.deliveries.get(rsvp=amina)
    assert (skipped.status, skipped.error) == (DeliveryStatus.SKIPPED, "emails stopped")


def test_a_message_sent_while_the_mail_server_is_down_reaches_everyone_once_it_is_back(
    client, forum, send, mail_server
):
    for name in ("Amina", "Bao", "Carlos"):
        resident(forum, name)
    log_in_as(client, "organizer")
    token = form_token(client, forum)

    response = send(post_message, client, forum, token=token)

    assert response.status_code == 303
    message = Message.objects.get()
    assert counts(message) == (0, 3, 0)
    assert set(message.deliveries.values_list("error", flat=True)) == {
        "ConnectionRefusedError: Connection refused"
    }
    mail_server.up()
    minutes_pass(1)
    call_command("send_pending_emails", stdout=io.StringIO())
    call_command("send_pending_emails", stdout=io.StringIO())
    assert mail_server.recipients() == [
        "amina@example.org",
        "bao@example.org",
        "carlos@example.org",
    ]
    assert counts(message) == (3, 0, 0)


def test_the_list_of_sent_messages_takes_the_same_queries_for_one_or_many(client, forum):
    log_in_as(client, "organizer")

    def queries_with(messages: int) -> int:
        for number in range(messages - Message.objects.count()):
            Message.objects.create(
                event=forum,
                audience=Audience.CONFIRMED,
                subject=f"Update {number}",
                body="Text.",
                form_token=uuid.uuid4(),
                sent_by=UserFactory(),
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(messages_url(forum))
        assert len(response.context["sent"]) == messages
        return len(queries)

    assert queries_with(1) == queries_with(6)


# --- Asking first, sending once -----------------------------------------------------------

NOBODY = "Nobody in this group has an email we may write to, so there is no one to send this to."


def test_send_first_asks_naming_the_exact_count_and_sends_nothing(client, forum, mailoutbox):
    for name in ("Amina", "Bao", "Carlos"):
        resident(forum, name)
    resident(forum, "Amina again", email="amina@example.org")  # one email per address
    resident(forum, "Dahir", status=RsvpStatus.WAITLISTED)  # not in this audience
    log_in_as(client, "organizer")

    response = post_message(client, forum, step=None)

    assert response.status_code == 200
    assert pages.title(response) == "Send to 3 people? · Immigration policy forum"
    assert pages.text(response, "confirm-title") == "Send to 3 people?"
    assert pages.text(response, "confirm-message") == (
        "To People with a seat Subject Room change "
        "Message We moved to the council chambers. Same time."
    )
    assert buttons(response) == [("send", "Send"), ("change", "Change the message")]
    assert (Message.objects.count(), EmailDelivery.objects.count(), mailoutbox) == (0, 0, [])


def test_the_confirmation_names_one_person_in_the_singular(client, forum):
    resident(forum, "Amina")
    log_in_as(client, "organizer")

    response = post_message(client, forum, step=None)

    assert pages.text(response, "confirm-title") == "Send to 1 person?"


def test_confirming_sends_one_message_with_one_email_per_person(client, forum, send, mailoutbox):
    for name in ("Amina", "Bao", "Carlos"):
        resident(forum, name)
    log_in_as(client, "organizer")
    asked = post_message(client, forum, step=None)

    response = send(client.post, messages_url(forum), confirmation_form(asked) | {"step": "send"})

    assert (response.status_code, response["Location"]) == (303, "/staff/events/forum/messages/")
    message = Message.objects.get()
    assert (message.subject, message.body) == (
        "Room change",
        "We moved to the council chambers.\nSame time.",
    )
    assert message.deliveries.count() == 3
    assert recipients_of(mailoutbox) == [
        "amina@example.org",
        "bao@example.org",
        "carlos@example.org",
    ]
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "“Room change” is being sent to 3 people."
    ]


def test_change_the_message_goes_back_to_the_form_with_the_text_and_token_kept(
    client, forum, mailoutbox
):
    resident(forum, "Amina")
    log_in_as(client, "organizer")
    token = form_token(client, forum)
    asked = post_message(client, forum, token=token, step=None, audience=Audience.EVERYONE)

    response = client.post(messages_url(forum), confirmation_form(asked) | {"step": "change"})

    assert response.status_code == 200
    assert response.templates[0].name == "mail/messages.html"
    assert pages.title(response) == "Messages to attendees · Immigration policy forum"
    form = response.context["form"]
    assert form.errors == {}
    assert [form[name].value() for name in ("audience", "subject", "body", "form_token")] == [
        "everyone",
        "Room change",
        "We moved to the council chambers.\nSame time.",
        token,
    ]
    assert (Message.objects.count(), mailoutbox) == (0, [])


def test_asking_again_does_not_spend_the_forms_token(client, forum, send, mailoutbox):
    resident(forum, "Amina")
    log_in_as(client, "organizer")
    token = form_token(client, forum)

    first = post_message(client, forum, token=token, step=None)
    again = post_message(client, forum, token=token, step=None)
    sent = send(post_message, client, forum, token=token)

    assert (first.status_code, again.status_code, sent.status_code) == (200, 200, 303)
    assert pages.text(again, "confirm-title") == "Send to 1 person?"
    assert (Message.objects.count(), recipients_of(mailoutbox)) == (1, ["amina@example.org"])


def test_back_after_sending_and_send_again_sends_nothing_more(client, forum, send, mailoutbox):
    for name in ("Amina", "Bao"):
        resident(forum, name)
    log_in_as(client, "organizer")
    token = form_token(client, forum)
    send(post_message, client, forum, token=token, step=None)
    send(post_message, client, forum, token=token)

    # Back: the browser shows the confirmation again (posting its form anew), then Send.
    back = send(post_message, client, forum, token=token, step=None)
    again = send(post_message, client, forum, token=token)

    assert (back.status_code, again.status_code) == (303, 303)
    assert Message.objects.count() == 1
    assert EmailDelivery.objects.count() == 2
    assert recipients_of(mailoutbox) == ["amina@example.org", "bao@example.org"]
    page = client.get(again["Location"])
    already = "“Room change” was already sent from this form; nothing more was sent."
    assert [str(m) for m in page.context["messages"]] == [
        "“Room change” is being sent to 2 people.",
        already,
        already,
    ]


@pytest.mark.parametrize("step", [None, "send"], ids=["first send", "confirmed"])
def test_a_message_to_nobody_is_refused_on_the_audience_field(
    client, forum, send, mailoutbox, step
):
    resident(forum, "Bao", status=RsvpStatus.WAITLISTED)
    resident(forum, "Dahir", email="")  # a seat, but no email
    log_in_as(client, "organizer")

    response = send(post_message, client, forum, step=step)

    assert response.status_code == 200
    assert response.context["form"].errors == {"audience": [NOBODY]}
    assert pages.title(response).startswith("Error: Messages to attendees")
    assert response.context["form"]["subject"].value() == "Room change"
    assert (Message.objects.count(), EmailDelivery.objects.count(), mailoutbox) == (0, 0, [])
    assert AuditEntry.objects.count() == 0


# --- Stop emails --------------------------------------------------------------------------


def stop_url(rsvp) -> str:
    return reverse("events:stop_emails", args=[rsvp.manage_token])


def test_the_stop_link_asks_first_and_changes_nothing_on_get(client, forum):
    amina = resident(forum, "Amina")

    response = client.get(stop_url(amina))

    assert response.status_code == 200
    assert pages.text(response, "stop-state") == (
        "No more reminders or messages? We will stop the reminder before the forum and "
        "messages from the organizers. If you change or cancel your RSVP, we will still "
        "confirm it by email. Your RSVP stays as it is. Stop these emails"
    )
    assert f'<form method="post" action="{stop_url(amina)}">' in response.content.decode()
    assert response["Cache-Control"] == ("max-age=0, no-cache, no-store, must-revalidate, private")
    # Its own address holds the token: nothing it loads is sent a Referer.
    assert response["Referrer-Policy"] == "no-referrer"
    amina.refresh_from_db()
    assert amina.emails_stopped_at is None


def test_a_mail_program_stops_emails_with_one_click_and_no_session(forum):
    """RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" to the stop link, with no
    cookie and no CSRF token."""
    amina = resident(forum, "Amina")
    mail_program = Client(enforce_csrf_checks=True)

    response = mail_program.post(stop_url(amina), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 303
    amina.refresh_from_db()
    assert amina.emails_stopped_at is not None


def test_stopping_emails_records_it_and_says_so(client, forum):
    amina = resident(forum, "Amina")

    response = client.post(stop_url(amina))

    assert response.status_code == 303
    assert response["Location"] == stop_url(amina)
    amina.refresh_from_db()
    assert amina.emails_stopped_at is not None
    assert amina.status == RsvpStatus.CONFIRMED
    page = client.get(response["Location"])
    assert pages.text(page, "stop-state") == (
        "You will get no more reminders or messages from the organizers about this forum."
    )


def test_stopping_twice_keeps_the_first_time(client, forum):
    amina = resident(forum, "Amina")
    client.post(stop_url(amina))
    amina.refresh_from_db()
    first = amina.emails_stopped_at

    response = client.post(stop_url(amina))

    assert response.status_code == 303
    amina.refresh_from_db()
    assert amina.emails_stopped_at == first


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_or_erased_stop_link_is_not_found(client, forum, method):
    erased = resident(forum, "Amina")
    old_token = erased.manage_token
    rules.erase_rsvp(erased)

    forged = getattr(client, method)("/rsvp/not-a-real-token/stop-emails/")
    gone = getattr(client, method)(f"/rsvp/{old_token}/stop-emails/")

    assert (forged.status_code, gone.status_code) == (404, 404)


def test_the_stop_link_refuses_other_methods(client, forum):
    amina = resident(forum, "Amina")

    assert client.put(stop_url(amina)).status_code == 405
    amina.refresh_from_db()
    assert amina.emails_stopped_at is None


def test_stopped_residents_still_get_the_answer_to_their_own_change(
    client, forum, send, mailoutbox
):
    amina = resident(forum, "Amina", party_size=1)
    messaging.stop_emails(amina)

    send(
        client.post,
        own_address(client, amina, "rsvp_change"),
        {"party_size": "2", "email": "amina@example.org", "language": "en"},
    )

    assert [email.body.splitlines()[2] for email in mailoutbox] == [
        "Your RSVP for “Immigration policy forum” was updated."
    ]
    assert Rsvp.objects.get(pk=amina.pk).party_size == 2


def test_an_address_with_two_rsvps_gets_one_message_naming_both(client, forum, send, mailoutbox):
    first = resident(forum, "Amina", party_size=2)
    second = resident(forum, "Amina again", email="amina@example.org")
    resident(forum, "Waiting", email="amina@example.org", status=RsvpStatus.WAITLISTED)
    resident(forum, "Bao")
    log_in_as(client, "organizer")

    page = client.get(messages_url(forum))
    send(post_message, client, forum, audience=Audience.CONFIRMED)

    assert page.context["form"].fields["audience"].choices[0] == (
        "confirmed",
        "People with a seat (2 people with an email)",
    )
    assert recipients_of(mailoutbox) == ["amina@example.org", "bao@example.org"]
    (to_amina,) = [email for email in mailoutbox if email.to == ["amina@example.org"]]
    assert to_amina.body.splitlines()[9:14] == [*listed(first), "", *listed(second)]


def test_stopping_emails_stops_them_for_every_rsvp_made_with_the_address(client, forum):
    amina = resident(forum, "Amina")
    again = resident(forum, "Amina again", email="amina@example.org")
    bao = resident(forum, "Bao")

    client.post(stop_url(amina))

    stopped = dict(Rsvp.objects.values_list("pk", "emails_stopped_at"))
    assert (stopped[amina.pk] is not None, stopped[again.pk] is not None) == (True, True)
    assert stopped[bao.pk] is None
