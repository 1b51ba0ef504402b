"""When staff move or cancel a forum in the admin: the save asks first, then every address
that RSVPed gets one email, in its resident's language, whose calendar file updates (or
removes) the very entry that RSVP's confirmation added."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.enums import AuditAction, DeliveryStatus, EmailKind, EventStatus, RsvpStatus
from events.mail import caps, forum_news
from events.mail.compose import compose
from events.models import AuditEntry, EmailDelivery, Event

from ..admin.test_admin import event_post_data
from ..factories import EventFactory, UserFactory
from .conftest import every_kind_of_resident, recipients_of, resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


@pytest.fixture
def forum():
    """A published, full forum a month away with a contact, and one resident of every kind:
    those who hear of a change are Amina (a seat), Bao (waitlisted) and Elena (a seat, and
    stopped reminders)."""
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=30)
    event = EventFactory(
        slug="forum",
        title="Immigration policy forum",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        venue_name="City Hall, Council Chambers",
        capacity=2,
        contact_name="Office of the City Clerk",
        contact_email="clerk@example.org",
    )
    every_kind_of_resident(event)
    return event


def change_page(event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


def later(event, hours=1) -> dict[str, str]:
    """The admin's split date fields, moved `hours` later."""
    fields = {}
    for name in ("starts_at", "ends_at"):
        moved = timezone.localtime(getattr(event, name)) + datetime.timedelta(hours=hours)
        fields |= {f"{name}_0": f"{moved:%Y-%m-%d}", f"{name}_1": f"{moved:%H:%M:%S}"}
    return fields


@pytest.fixture
def save(send):
    """Save the admin's change form, emails going out once it commits."""

    def _save(client, event, **changes):
        return send(client.post, change_page(event), event_post_data(event, **changes))

    return _save


def calendar_entries(message) -> list:
    (ics,) = [a.content for a in message.attachments if a.filename == "forum.ics"]
    calendar = Calendar.from_ical(ics)
    return [str(calendar["METHOD"]), *calendar.walk("VEVENT")]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def question(response) -> list[str]:
    return response.context["adminform"].form.errors["residents"]


# --- The admin asks first ---------------------------------------------------------------------


def test_moving_the_forum_asks_before_anything_is_saved_or_sent(
    admin_client, forum, mailoutbox, save
):
    response = save(admin_client, forum, **later(forum))

    assert response.status_code == 200
    assert question(response) == ["This will email 3 residents — send?"]
    assert Event.objects.get(pk=forum.pk).starts_at == forum.starts_at
    assert (EmailDelivery.objects.filter(kind=EmailKind.FORUM_CHANGED).count(), mailoutbox) == (
        0,
        [],
    )
    # The question heads the page, with both answers.
    fieldsets = response.context["adminform"].fieldsets
    assert fieldsets[0][0] == "Tell residents"
    assert [str(label) for _value, label in response.context["adminform"].form["residents"]
            .field.choices] == [
        "Yes, email them (with a calendar file that updates their calendar)",
        "No, save without emailing (a correction nobody needs to hear about)",
    ]  # fmt: skip


def test_a_time_change_emails_each_address_once_with_its_rsvps_own_calendar_entry(
    admin_client, forum, mailoutbox, save
):
    second = resident(forum, "Amina2", email="amina@example.org", party_size=2)
    amina = forum.rsvps.get(name="Amina")
    sequence_before = forum.sequence

    response = save(admin_client, forum, residents="tell", **later(forum))

    assert response.status_code == 302
    assert messages_of(response)[0] == "3 residents were emailed about the change."
    assert recipients_of(mailoutbox) == [
        "amina@example.org",
        "bao@example.org",
        "elena@example.org",
    ]
    (to_amina,) = [m for m in mailoutbox if m.to == ["amina@example.org"]]
    method, *entries = calendar_entries(to_amina)
    moved = Event.objects.get(pk=forum.pk)
    assert method == "PUBLISH"
    assert [str(entry["UID"]) for entry in entries] == [
        f"{amina.calendar_uid}@forum.example.org",
        f"{second.calendar_uid}@forum.example.org",
    ]
    assert [entry["SEQUENCE"] for entry in entries] == [sequence_before + 1] * 2
    assert [entry.decoded("DTSTART") for entry in entries] == [moved.starts_at] * 2
    assert moved.starts_at == forum.starts_at + datetime.timedelta(hours=1)
    lines = to_amina.body.splitlines()
    assert lines[2] == (
        "The organizers changed the time or place of “Immigration policy forum”. "
        "Here is what holds now:"
    )
    assert f"RSVP {second.code}: seats for 2 people." in lines
    assert "If you added the forum to your calendar, open the attached calendar file: it " \
        "updates the entry." in lines  # fmt: skip
    # Bao, waitlisted, never had a calendar entry: the email says what changed, no file.
    (to_bao,) = [m for m in mailoutbox if m.to == ["bao@example.org"]]
    assert [a.filename for a in to_bao.attachments] == []
    assert AuditEntry.objects.filter(action=AuditAction.FORUM_NEWS).get().record_count == 3


def test_a_typo_fix_is_saved_without_emailing_anyone(admin_client, forum, mailoutbox, save):
    asked = save(admin_client, forum, venue_name="City Hall, Council Chamber")
    assert question(asked) == ["This will email 3 residents — send?"]

    response = save(admin_client, forum, venue_name="City Hall, Council Chamber", residents="quiet")

    assert response.status_code == 302
    assert Event.objects.get(pk=forum.pk).venue_name == "City Hall, Council Chamber"
    assert mailoutbox == []
    assert not EmailDelivery.objects.filter(kind=EmailKind.FORUM_CHANGED).exists()
    assert [m for m in messages_of(response) if "emailed" in m] == []


def test_cancelling_the_forum_emails_a_cancellation_naming_the_organizer(
    admin_client, forum, mailoutbox, save
):
    amina = forum.rsvps.get(name="Amina")

    response = save(admin_client, forum, status=EventStatus.CANCELLED, residents="tell")

    assert response.status_code == 302
    assert recipients_of(mailoutbox) == [
        "amina@example.org",
        "bao@example.org",
        "elena@example.org",
    ]
    (to_amina,) = [m for m in mailoutbox if m.to == ["amina@example.org"]]
    method, entry = calendar_entries(to_amina)
    assert method == "CANCEL"
    assert str(entry["UID"]) == f"{amina.calendar_uid}@forum.example.org"
    assert str(entry["STATUS"]) == "CANCELLED"
    assert str(entry["ORGANIZER"]) == "mailto:clerk@example.org"
    assert entry["ORGANIZER"].params["CN"] == "Office of the City Clerk"
    assert entry["SEQUENCE"] == forum.sequence + 1
    assert entry.walk("VALARM") == []
    assert to_amina.body.splitlines()[2] == (
        "The organizers have cancelled “Immigration policy forum”. It will not take place, "
        "and there is nothing you need to do."
    )
    # The RSVPs stay as they were: the forum's status says it all.
    assert amina.status == forum.rsvps.get(name="Amina").status == RsvpStatus.CONFIRMED


def test_the_news_comes_in_the_residents_own_language(admin_client, forum, mailoutbox, save):
    forum.rsvps.filter(name="Amina").update(language="es")

    save(admin_client, forum, status=EventStatus.CANCELLED, residents="tell")

    (to_amina,) = [m for m in mailoutbox if m.to == ["amina@example.org"]]
    assert to_amina.body.splitlines()[:3] == [
        "Hola:",
        "",
        "Los organizadores cancelaron “Immigration policy forum”. No se realizará y no "
        "necesita hacer nada.",
    ]


def test_news_of_the_forum_is_not_counted_toward_an_addresss_caps(
    settings, forum, django_capture_on_commit_callbacks
):
    settings.RESIDENT_EMAIL_CAPS = [(1, 3600)]
    assert caps.allow("amina@example.org")
    assert not caps.allow("amina@example.org")  # the address is at its cap

    with django_capture_on_commit_callbacks(execute=True):
        forum_news.tell_residents(forum, EmailKind.FORUM_CHANGED, UserFactory(is_superuser=True))

    statuses = EmailDelivery.objects.filter(kind=EmailKind.FORUM_CHANGED).values_list(
        "status", flat=True
    )
    assert list(statuses) == [DeliveryStatus.SENT] * 3


@pytest.mark.parametrize(
    ("changes", "emails"),
    [
        # More seats are news only for the party they seat.
        ({"capacity": "50"}, [EmailKind.PROMOTED]),
        ({"title": "Immigration policy: a community forum"}, []),
    ],
)
def test_changes_that_do_not_move_the_forum_save_without_asking(
    admin_client, forum, changes, emails, save
):
    response = save(admin_client, forum, **changes)

    assert response.status_code == 302
    assert list(EmailDelivery.objects.values_list("kind", flat=True)) == emails


def test_a_forum_without_anyone_to_tell_saves_without_asking(admin_client, mailoutbox, save):
    event = EventFactory()

    response = save(admin_client, event, status=EventStatus.CANCELLED)

    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).status == EventStatus.CANCELLED
    assert mailoutbox == []


def test_news_of_the_forum_offers_no_one_click_stop_like_a_reminder(forum):
    delivery = EmailDelivery.objects.create(
        rsvp=forum.rsvps.get(name="Amina"), kind=EmailKind.FORUM_CHANGED
    )

    message = compose(delivery)

    assert message.to == ["amina@example.org"]
    assert "List-Unsubscribe" not in message.extra_headers
