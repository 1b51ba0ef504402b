"""“Duplicate as a new draft”: a forum's texts, translations, topics and settings in a new
draft at new dates and a new web address, and nothing residents gave the old one."""

import datetime
import uuid
import zoneinfo

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from events.admin import duplicate as duplicate_admin
from events.common import audit
from events.enums import Audience, AuditAction, EventStatus, SeatDisplay
from events.forums import calendar
from events.forums import duplicate as rules
from events.models import (
    AuditEntry,
    EmailOptOut,
    Event,
    EventTranslation,
    Feedback,
    Message,
    Topic,
    TopicTranslation,
    Vote,
)
from events.roles import ORGANIZER

from .. import pages
from ..factories import (
    EventFactory,
    EventTranslationFactory,
    QuestionFactory,
    RsvpFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def local(*parts) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=CHICAGO)


# The old forum in February (standard time); the copy eight weeks later, in April (daylight
# saving time), at the same time of day.
OLD_START, NEW_START = local(2030, 2, 19, 18, 30), local(2030, 4, 16, 18, 30)
NEW_END = local(2030, 4, 16, 20, 45)
TEXTS = {
    "title": "Federal immigration policy: a community discussion",
    "summary": "Bring your questions for the attorney.",
    "description": "An evening of answers.",
    "hosts": "City Council and Human Rights Commission",
    "speakers": "Ernest Wiafe",
    "venue_name": "City Hall",
    "venue_address": "5200 85th Ave N",
    "accessibility": "Step-free entrance.",
    "data_practices": "We delete names after the forum.",
    "contact_name": "City Clerk",
}
SETTINGS = {
    "map_url": "https://maps.example.org/city-hall",
    "venue_networks": "203.0.113.0/24",
    "capacity": 120,
    "seat_display": SeatDisplay.COARSE,
    "max_party_size": 4,
    "interpretation_languages": "es,so",
    "contact_email": "clerk@example.org",
    "contact_phone": "763-555-0100",
}
SPANISH = {
    "title": "Política federal de inmigración",
    "summary": "Traiga sus preguntas.",
    "description": "Una tarde de respuestas.",
    "hosts": "Concejo Municipal",
    "speakers": "Ernest Wiafe, abogado",
    "venue_name": "Ayuntamiento",
    "venue_address": "5200 85th Ave N",
    "accessibility": "Entrada sin escalones.",
    "data_practices": "Borramos los nombres después del foro.",
    "contact_name": "Secretaría Municipal",
}


@pytest.fixture
def old():
    """A published forum with every field set, and a life of its own: RSVPs, questions and
    votes, a message, an opt-out, audit entries, walk-ins, a moved calendar entry."""
    event = EventFactory(
        slug="immigration-forum",
        starts_at=OLD_START,
        ends_at=OLD_START + datetime.timedelta(hours=2),
        livestream_url="https://video.example.org/2030-02-19",
        rsvps_open_at=local(2030, 1, 20, 9, 0),
        rsvps_close_at=local(2030, 2, 19, 12, 0),
        questions_open_at=local(2030, 2, 1, 9, 0),
        questions_close_at=None,
        status=EventStatus.PUBLISHED,
        **TEXTS,
        **SETTINGS,
    )
    Event.objects.filter(pk=event.pk).update(
        sequence=3, walk_in_count=7, personal_data_erased_at=local(2030, 3, 21, 3, 0)
    )
    EventTranslationFactory(event=event, **SPANISH)
    rights = TopicFactory(event=event, name="Know your rights", position=1)
    TopicTranslation.objects.create(topic=rights, language="es", name="Conozca sus derechos")
    TopicFactory(event=event, name="Work permits", position=2)
    RsvpFactory(event=event, email="amina@example.org")
    Feedback.objects.create(event=event, usefulness=5, next_topic="Housing")
    question = QuestionFactory(event=event, topic=rights)
    Vote.objects.create(question=question, voter="a" * 64)
    Message.objects.create(
        event=event,
        audience=Audience.EVERYONE,
        subject="Room",
        body="Room B",
        form_token=uuid.uuid4(),
    )
    EmailOptOut.objects.create(event=event, address_key="b" * 64)
    audit.record(None, AuditAction.CHECK_IN, event=event, count=1)
    event.refresh_from_db()
    return event


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(roles=[ORGANIZER]))
    return client


def address(event) -> str:
    return reverse("admin:events_event_duplicate", args=[event.pk])


def post(client, event, slug="immigration-forum-april", starts_at=NEW_START, ends_at=NEW_END):
    return client.post(
        address(event),
        {
            "starts_at_0": starts_at.strftime("%Y-%m-%d"),
            "starts_at_1": starts_at.strftime("%H:%M"),
            "ends_at_0": ends_at.strftime("%Y-%m-%d"),
            "ends_at_1": ends_at.strftime("%H:%M"),
            "slug": slug,
        },
    )


def fields(event) -> dict:
    return {
        field.name: field.value_from_object(event)
        for field in Event._meta.concrete_fields
        if field.name not in {"id", "created_at", "updated_at"}
    }


def test_every_field_of_a_forum_is_copied_shifted_reset_or_given():
    decided = [*rules.COPIED, *rules.SHIFTED, *rules.RESET, *rules.GIVEN]

    assert sorted(decided) == sorted(field.name for field in Event._meta.concrete_fields)


def test_the_copy_has_the_forums_texts_and_settings_at_its_new_dates(staff, old):
    response = post(staff, old)

    copy = Event.objects.get(slug="immigration-forum-april")
    assert response.status_code == 303
    assert response["Location"] == reverse("admin:events_event_change", args=[copy.pk])
    # The RSVP and question dates move eight weeks, and keep their time of day on the clock.
    assert fields(copy) == {
        **TEXTS,
        **SETTINGS,
        "slug": "immigration-forum-april",
        "starts_at": NEW_START,
        "ends_at": NEW_END,
        "rsvps_open_at": local(2030, 3, 17, 9, 0),
        "rsvps_close_at": local(2030, 4, 16, 12, 0),
        "questions_open_at": local(2030, 3, 29, 9, 0),
        "questions_close_at": None,
        "livestream_url": "",
        "status": EventStatus.DRAFT,
        "sequence": 0,
        "walk_in_count": 0,
        "personal_data_erased_at": None,
    }
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"“{TEXTS['title']}” was copied as a draft. Check it, then publish it."
    ]


def test_the_copy_has_the_forums_translations_and_topics_with_theirs(staff, old):
    post(staff, old)

    copy = Event.objects.get(slug="immigration-forum-april")
    (translation,) = EventTranslation.objects.filter(event=copy)
    assert {name: getattr(translation, name) for name in SPANISH} == SPANISH
    assert translation.language == "es"
    assert list(Topic.objects.filter(event=copy).values_list("name", "position")) == [
        ("Know your rights", 1),
        ("Work permits", 2),
    ]
    assert list(
        TopicTranslation.objects.filter(topic__event=copy).values_list(
            "topic__name", "language", "name"
        )
    ) == [("Know your rights", "es", "Conozca sus derechos")]
    # The old forum keeps its own.
    assert old.translations.count() == 1
    assert list(old.topics.values_list("name", flat=True)) == ["Know your rights", "Work permits"]


def test_the_copy_takes_nothing_residents_gave_nor_the_old_forums_life(staff, old):
    post(staff, old)

    copy = Event.objects.get(slug="immigration-forum-april")
    assert [
        copy.rsvps.count(),
        copy.questions.count(),
        Vote.objects.filter(question__event=copy).count(),
        copy.messages.count(),
        copy.email_opt_outs.count(),
        copy.prepared_exports.count(),
        copy.feedback.count(),
        AuditEntry.objects.filter(event=copy).count(),
    ] == [0, 0, 0, 0, 0, 0, 0, 0]
    assert [old.rsvps.count(), old.questions.count(), Vote.objects.count()] == [1, 1, 1]
    assert old.feedback.count() == 1
    # Its calendar entry is its own: another UID, and a SEQUENCE starting again.
    assert calendar.event_uid(copy) == f"civicforum-event-{copy.pk}@forum.example.org"
    assert calendar.event_uid(copy) != calendar.event_uid(old)
    assert calendar.forum_entry(copy)["SEQUENCE"] == 0


def test_the_copy_is_a_draft_residents_do_not_see(staff, client, old):
    post(staff, old)
    staff.logout()

    assert client.get("/events/immigration-forum-april/").status_code == 404
    assert client.get("/events/immigration-forum-april/calendar.ics").status_code == 404
    home = client.get(reverse("events:home"))
    assert [event.slug for event in home.context["upcoming"]] == ["immigration-forum"]


def test_the_copy_is_in_the_admins_history_of_who_added_it(staff, old):
    post(staff, old)

    copy = Event.objects.get(slug="immigration-forum-april")
    (entry,) = LogEntry.objects.filter(object_id=str(copy.pk))
    user = staff.session["_auth_user_id"]
    assert (entry.action_flag, str(entry.user_id), entry.object_repr) == (
        ADDITION,
        user,
        TEXTS["title"],
    )


def test_the_form_offers_the_old_dates_and_changes_nothing(staff, old):
    response = staff.get(address(old))

    assert response.status_code == 200
    form = response.context["form"]
    assert (form["starts_at"].initial, form["ends_at"].initial) == (old.starts_at, old.ends_at)
    assert pages.text(response, "duplicate-summary").startswith(
        "The new forum gets this forum\u2019s texts, translations, topics, place, seats and "
        "contact."
    )
    assert Event.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"slug": "immigration-forum"},
            {"slug": ["Another forum already has this web address. Choose another one."]},
        ),
        (
            {"slug": "april forum!"},
            {
                "slug": [
                    "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."
                ]
            },
        ),
        ({"ends_at": NEW_START}, {"ends_at": ["The event must end after it starts."]}),
    ],
)
def test_a_copy_that_cannot_be_made_is_refused_on_its_field_and_creates_nothing(
    staff, old, changes, errors
):
    response = post(staff, old, **changes)

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert list(Event.objects.values_list("slug", flat=True)) == ["immigration-forum"]
    assert LogEntry.objects.count() == 0


def test_an_address_taken_after_the_form_checked_it_is_refused_on_its_field(
    staff, old, monkeypatch
):
    """The database's unique web address is the last word: a forum saved between the form's
    check and the copy's save takes the address, and the copy is refused, not half made."""
    EventFactory(slug="taken-meanwhile")
    monkeypatch.setattr(duplicate_admin.DuplicateForm, "clean_slug", lambda form: "taken-meanwhile")

    response = post(staff, old, slug="taken-meanwhile")

    assert response.context["form"].errors == {
        "slug": ["Another forum already has this web address. Choose another one."]
    }
    assert Event.objects.count() == 2
    assert Topic.objects.count() == 2


def test_a_copy_that_fails_half_way_leaves_nothing(old, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(TopicTranslation.objects, "bulk_create", fail)

    with pytest.raises(RuntimeError):
        rules.duplicate_event(old, slug="half", starts_at=NEW_START, ends_at=NEW_END)

    assert list(Event.objects.values_list("slug", flat=True)) == ["immigration-forum"]
    assert [EventTranslation.objects.count(), Topic.objects.count()] == [1, 2]


@pytest.mark.parametrize(
    "codenames",
    [
        ["view_event", "change_event"],
        # Adding forums, but not their topics and translations, which a copy also adds.
        ["view_event", "change_event", "add_event"],
    ],
)
def test_staff_who_may_not_add_all_a_copy_adds_see_no_button_and_are_refused(
    client, old, codenames
):
    user = UserFactory()
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)

    change_page = client.get(reverse("admin:events_event_change", args=[old.pk]))

    assert change_page.status_code == 200
    assert pages.has_element(change_page, "duplicate-link") is False
    assert client.get(address(old)).status_code == 403
    assert post(client, old).status_code == 403
    assert Event.objects.count() == 1


@pytest.mark.parametrize("who", ["organizer", "superuser"])
def test_organizers_and_superusers_see_the_button_on_a_forums_page(client, old, who):
    if who == "organizer":
        client.force_login(UserFactory(roles=[ORGANIZER]))
    else:
        client.force_login(UserFactory(is_superuser=True))

    change_page = client.get(reverse("admin:events_event_change", args=[old.pk]))

    links = [
        attrs for _tag, attrs in pages.elements(change_page) if attrs.get("id") == "duplicate-link"
    ]
    assert [attrs["href"] for attrs in links] == [address(old)]
    assert pages.text(change_page, "duplicate-link") == "Duplicate as a new draft"


def test_a_forum_that_does_not_exist_is_not_found(staff):
    assert staff.get(reverse("admin:events_event_duplicate", args=[999])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, old):
    response = client.get(address(old))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_form_answers_only_get_and_post(staff, old):
    response = staff.put(address(old))

    assert (response.status_code, response["Allow"]) == (405, "GET, POST")
    assert Event.objects.count() == 1
