"""The feed of upcoming forums a calendar app subscribes to, one per language by its address."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.enums import EventStatus
from events.rsvps import rules

from .. import pages
from ..factories import EventFactory, EventTranslationFactory, RsvpFactory

pytestmark = pytest.mark.django_db

# What a forum's entry says, besides the moment the file was made (DTSTAMP).
FACTS = ["UID", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS"]
FACTS += ["URL", "ORGANIZER"]


def forum(days: float, **fields):
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return EventFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **fields
    )


def feed(client, language: str = "en", **headers):
    return client.get(reverse("events:calendar_feed", args=[language]), **headers)


def entries(response) -> list:
    return Calendar.from_ical(response.content).walk("VEVENT")


def own_entry(client, event):
    (entry,) = entries(client.get(reverse("events:calendar", args=[event.slug])))
    return entry


def facts(entry) -> dict[str, bytes]:
    return {name: entry[name].to_ical() for name in FACTS}


def test_the_feed_holds_the_upcoming_listed_forums_and_marks_the_cancelled_ones(client):
    forum(days=40, title="Later forum")
    forum(days=10, title="Sooner forum")
    forum(days=20, title="Cancelled forum", status=EventStatus.CANCELLED)
    forum(days=5, title="Draft forum", status=EventStatus.DRAFT)
    forum(days=-0.05, title="Forum under way")
    forum(days=-3, title="Past forum")
    forum(days=-3, title="Past cancelled forum", status=EventStatus.CANCELLED)

    response = feed(client)

    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [(str(e["SUMMARY"]), str(e["STATUS"])) for e in entries(response)] == [
        ("Forum under way", "CONFIRMED"),
        ("Sooner forum", "CONFIRMED"),
        ("Cancelled forum", "CANCELLED"),
        ("Later forum", "CONFIRMED"),
    ]
    # A cancelled forum reminds nobody; the others remind a day and an hour before.
    assert [len(e.walk("VALARM")) for e in entries(response)] == [2, 2, 0, 2]


def test_each_forum_in_the_feed_is_its_own_calendar_files_entry(client):
    untouched = forum(days=10)
    moved = forum(days=20)
    moved.starts_at += datetime.timedelta(hours=1)
    moved.ends_at += datetime.timedelta(hours=1)
    rules.save_event(moved)
    cancelled = forum(days=30)
    cancelled.status = EventStatus.CANCELLED
    rules.save_event(cancelled)

    in_feed = entries(feed(client))

    own = [own_entry(client, event) for event in (untouched, moved, cancelled)]
    assert [facts(entry) for entry in in_feed] == [facts(entry) for entry in own]
    assert [str(entry["UID"]) for entry in in_feed] == [
        f"civicforum-event-{event.pk}@forum.example.org" for event in (untouched, moved, cancelled)
    ]
    assert [entry["SEQUENCE"] for entry in in_feed] == [0, 1, 1]


def test_the_feeds_texts_are_in_the_language_of_its_address_whatever_the_reader_sent(client):
    translated = forum(days=10, title="Immigration forum", summary="Ask the attorney.")
    EventTranslationFactory(
        event=translated, title="Foro de inmigración", summary="Pregunte a la abogada."
    )
    forum(days=20, title="Budget forum", summary="Ask about the budget.")
    client.cookies["django_language"] = "es"

    english = entries(feed(client, "en", HTTP_ACCEPT_LANGUAGE="es"))
    client.cookies["django_language"] = "en"
    spanish = entries(feed(client, "es", HTTP_ACCEPT_LANGUAGE="en"))

    def texts(entry):
        summary = entry["SUMMARY"]
        return (str(summary), summary.params["LANGUAGE"], str(entry["DESCRIPTION"]))

    assert [texts(entry) for entry in english] == [
        ("Immigration forum", "en", "Ask the attorney."),
        ("Budget forum", "en", "Ask about the budget."),
    ]
    # A forum nobody translated yet shows its English texts, as on its page.
    assert [texts(entry) for entry in spanish] == [
        ("Foro de inmigración", "es", "Pregunte a la abogada."),
        ("Budget forum", "es", "Ask about the budget."),
    ]


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "Upcoming forums · Brooklyn Park Civic Forum"),
        ("es", "Próximos foros · Foro Cívico de Brooklyn Park"),
    ],
)
def test_the_feed_is_named_in_its_language(client, language, name):
    client.cookies["django_language"] = "es" if language == "en" else "en"

    calendar = Calendar.from_ical(feed(client, language).content)

    assert str(calendar["X-WR-CALNAME"]) == name


@pytest.mark.parametrize("language", ["xx", "EN", "Es", "es-mx"])
def test_a_feed_in_a_language_the_site_does_not_offer_is_not_found(client, language):
    forum(days=10)

    assert feed(client, language).status_code == 404


def test_the_feed_is_a_calendar_file_that_sets_no_cookie_and_names_no_resident(client):
    event = forum(days=10)
    RsvpFactory(event=event, name="Amina Yusuf", email="amina@example.org")

    response = feed(client, "es")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="forums-es.ics"'
    assert response.cookies == {}
    assert b"Amina" not in response.content
    assert b"amina@example.org" not in response.content


def test_the_feed_refuses_post(client):
    response = client.post(reverse("events:calendar_feed", args=["en"]))

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


# English reads the forums; another language reads their translations too.
@pytest.mark.parametrize(("language", "queries"), [("en", 1), ("es", 2)])
@pytest.mark.parametrize("forums", [1, 5])
def test_the_feed_reads_as_many_queries_for_five_forums_as_for_one(
    client, django_assert_num_queries, language, queries, forums
):
    for days in range(forums):
        EventTranslationFactory(event=forum(days=days + 1))

    with django_assert_num_queries(queries):
        response = feed(client, language)

    assert len(entries(response)) == forums


@pytest.mark.parametrize(
    ("language", "link"),
    [
        ("en", "Subscribe in your calendar app"),
        ("es", "Suscríbase en su aplicación de calendario"),
    ],
)
def test_the_home_page_links_to_the_feed_in_the_readers_language(client, language, link):
    client.cookies["django_language"] = language

    response = client.get(reverse("events:home"))

    address = f"https://forum.example.org/calendar/{language}.ics"
    assert pages.links(response, "calendar-feed") == [(address, link)]
    assert pages.text(response, "calendar-feed").endswith(address)
