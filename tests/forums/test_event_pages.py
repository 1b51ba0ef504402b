"""The public pages: the list of forums, each forum's page in every state, its calendar file."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.enums import EventStatus, RsvpStatus, SeatDisplay
from events.rsvps import rules, seats

from .. import pages
from ..conftest import own_address
from ..factories import EventFactory, RsvpFactory

pytestmark = pytest.mark.django_db

SEND = "Send my RSVP"
LOST = "Already sent an RSVP and lost your link?"
NOTICE = "We delete names, emails and notes 30 days after the forum."


def at(days: int, hour: int = 18, minute: int = 30) -> datetime.datetime:
    """A whole-minute local time `days` from today (calendar files have no microseconds)."""
    local = timezone.localtime() + datetime.timedelta(days=days)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


def forum(days: int = 30, **fields):
    starts_at = at(days)
    return EventFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **fields
    )


def get_page(client, event):
    return client.get(reverse("events:detail", args=[event.slug]))


def ics_entry(content):
    calendar = Calendar.from_ical(content)
    (entry,) = calendar.walk("VEVENT")
    return calendar, entry


# --- Home page --------------------------------------------------------------------------------


def test_home_lists_upcoming_forums_soonest_first_and_past_ones_separately(client):
    forum(days=40, title="Later forum")
    forum(days=10, title="Sooner forum")
    forum(days=20, title="Cancelled forum", status=EventStatus.CANCELLED)
    forum(days=5, title="Draft forum", status=EventStatus.DRAFT)
    forum(days=-30, title="Long ago forum")
    forum(days=-3, title="Recent forum")
    forum(days=-10, title="Draft from the past", status=EventStatus.DRAFT)

    response = client.get(reverse("events:home"))

    assert response.status_code == 200
    assert [e.title for e in response.context["upcoming"]] == [
        "Sooner forum",
        "Cancelled forum",
        "Later forum",
    ]
    assert [e.title for e in response.context["past"]] == ["Recent forum", "Long ago forum"]
    text = pages.text(response, "main")
    assert "Draft" not in text
    assert text.index("Later forum") < text.index("Past forums") < text.index("Recent forum")


def test_home_without_forums_says_none_are_planned(client):
    forum(days=5, status=EventStatus.DRAFT)

    response = client.get(reverse("events:home"))

    assert pages.text(response, "main") == (
        "Upcoming forums No forums are planned right now. Please check back soon. "
        "Subscribe in your calendar app Your calendar app can add this address as a calendar. "
        "New forums, changes and cancellations then show up on their own. "
        "https://forum.example.org/calendar/en.ics"
    )


# --- The forum page in each state -----------------------------------------------------------


def test_open_forum_shows_the_form_and_the_seats_left(client):
    event = forum(capacity=10)
    RsvpFactory(event=event, party_size=3)
    RsvpFactory(event=event, party_size=4, status=RsvpStatus.CANCELLED)

    response = get_page(client, event)

    assert response.status_code == 200
    assert response.context["state"] == "open"
    assert response.context["form"] is not None
    text = pages.text(response)
    assert "Seats 7 seats left" in text
    assert "RSVP No account needed. It takes less than a minute." in pages.text(response, "rsvp")
    assert pages.text(response, "rsvp").endswith(f"{SEND} {LOST}")
    assert f'action="{reverse("events:rsvp", args=[event.slug])}"' in response.content.decode()


def test_one_seat_left_is_singular(client):
    event = forum(capacity=2)
    RsvpFactory(event=event, party_size=1)

    assert "Seats 1 seat left" in pages.text(get_page(client, event))


def test_the_data_practices_notice_sits_next_to_the_form(client):
    event = forum(data_practices="Staff of the Human Rights Commission see the list.")

    rsvp_section = pages.text(get_page(client, event), "rsvp")

    assert rsvp_section.index("Your information") < rsvp_section.index(SEND)
    assert NOTICE in rsvp_section
    assert "We never ask about immigration status." in rsvp_section
    assert "Staff of the Human Rights Commission see the list." in rsvp_section


def test_full_forum_offers_the_waitlist(client):
    event = forum(capacity=4)
    RsvpFactory(event=event, party_size=4)

    response = get_page(client, event)

    assert response.context["state"] == "waitlist"
    assert response.context["form"] is not None
    assert "Seats Full. You can join the waitlist." in pages.text(response)
    rsvp_section = pages.text(response, "rsvp")
    assert rsvp_section.startswith("Join the waitlist All seats are taken.")
    assert rsvp_section.endswith("Join the waitlist " + LOST)
    assert SEND not in rsvp_section
    assert NOTICE in rsvp_section


def test_unlimited_forum_welcomes_everyone(client):
    event = forum(capacity=None)
    RsvpFactory(event=event, party_size=6)

    response = get_page(client, event)

    assert response.context["state"] == "open"
    assert "Seats No limit: everyone is welcome." in pages.text(response)
    assert pages.text(response, "rsvp").endswith(f"{SEND} {LOST}")


def test_forum_whose_rsvps_are_not_open_yet_says_when_they_open(client):
    opens = at(days=3, hour=9, minute=0)
    event = forum(days=30, rsvps_open_at=opens)

    response = get_page(client, event)

    assert response.context["state"] == "not_yet_open"
    assert response.context["form"] is None
    assert pages.text(response, "rsvp") == (
        f"RSVP Starting {opens:%A}, {opens:%B} {opens.day}, {opens.year}, 9 a.m., "
        "you can RSVP on this page."
    )


def test_forum_whose_rsvps_closed_before_it_starts_still_welcomes_people(client):
    event = forum(days=2, rsvps_close_at=timezone.now() - datetime.timedelta(hours=1))

    response = get_page(client, event)

    assert response.context["state"] == "closed"
    assert response.context["form"] is None
    assert pages.text(response, "rsvp") == (
        "RSVP RSVPs are closed. You are still welcome to come if there is room."
    )
    assert "Seats 10 seats left" in pages.text(response)


@pytest.mark.parametrize(
    ("fields", "state", "banner", "rsvp"),
    [
        (
            {"status": EventStatus.CANCELLED},
            "cancelled",
            "This forum has been cancelled.",
            "RSVP This forum is cancelled, so RSVPs are closed.",
        ),
        (
            {"days": -2},
            "past",
            "This forum has already taken place.",
            "RSVP This forum is over, so RSVPs are closed.",
        ),
    ],
)
def test_a_cancelled_or_past_forum_says_so_and_takes_no_rsvps(client, fields, state, banner, rsvp):
    event = forum(**fields)

    response = get_page(client, event)

    assert response.context["state"] == state
    assert response.context["form"] is None
    text = pages.text(response)
    assert f"{event.title} {banner} A public discussion." in text
    assert "Seats" not in text
    assert pages.text(response, "rsvp") == rsvp
    # Nothing to add to a calendar: the forum will not (or did not) take place.
    assert "Add to my calendar" not in text
    assert reverse("events:calendar", args=[event.slug]) not in response.content.decode()


def test_an_upcoming_forum_offers_its_calendar_file(client):
    event = forum()

    response = get_page(client, event)

    assert ("/events/" + event.slug + "/calendar.ics", "Add to my calendar (.ics file)") in (
        pages.links(response, "main")
    )


@pytest.mark.parametrize("state", ["closed", "cancelled", "past", "not_yet_open"])
def test_no_form_and_no_notice_when_rsvps_cannot_be_taken(client, state):
    fields = {
        "closed": {"rsvps_close_at": timezone.now() - datetime.timedelta(minutes=1)},
        "cancelled": {"status": EventStatus.CANCELLED},
        "past": {"days": -1},
        "not_yet_open": {"rsvps_open_at": timezone.now() + datetime.timedelta(days=1)},
    }[state]
    event = forum(**fields)

    response = get_page(client, event)

    assert response.context["state"] == state
    assert response.context["form"] is None
    assert f'action="{reverse("events:rsvp", args=[event.slug])}"' not in response.content.decode()
    assert NOTICE not in pages.text(response)


def test_draft_forum_page_is_not_found(client):
    event = forum(status=EventStatus.DRAFT)

    assert get_page(client, event).status_code == 404
    assert client.get(reverse("events:calendar", args=[event.slug])).status_code == 404


def test_unknown_forum_page_is_not_found(client):
    assert client.get(reverse("events:detail", args=["no-such-forum"])).status_code == 404


# --- Query count --------------------------------------------------------------------------------


@pytest.mark.parametrize("rsvp_count", [1, 50])
def test_forum_page_query_count_does_not_grow_with_rsvps(
    client, django_assert_num_queries, rsvp_count
):
    event = forum(capacity=100)
    RsvpFactory.create_batch(rsvp_count, event=event, party_size=1)
    RsvpFactory.create_batch(rsvp_count, event=event, status=RsvpStatus.WAITLISTED)

    # The event, the seats taken, the waitlist length; for the questions section: whether the
    # event has topics, the first public questions and how many there are.
    with django_assert_num_queries(6):
        response = get_page(client, event)

    assert response.context["seats"] == seats.Seats(
        capacity=100, taken=rsvp_count, waitlisted=rsvp_count
    )


# --- Calendar file ------------------------------------------------------------------------------


def test_calendar_file_describes_the_forum(client):
    event = forum(title="Immigration policy: a community discussion")

    response = client.get(reverse("events:calendar", args=[event.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar, entry = ics_entry(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(entry["UID"]) == f"civicforum-event-{event.pk}@forum.example.org"
    assert entry["SEQUENCE"] == 0
    assert entry["DTSTART"].to_ical().endswith(b"Z")
    assert entry.decoded("DTSTART") == event.starts_at
    assert entry.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert entry.decoded("DTEND") == event.ends_at
    assert str(entry["SUMMARY"]) == "Immigration policy: a community discussion"
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert str(entry["URL"]) == f"https://forum.example.org/events/{event.slug}/"


def test_calendar_sequence_rises_when_the_time_changes(client):
    event = forum()
    event.starts_at += datetime.timedelta(hours=1)
    event.ends_at += datetime.timedelta(hours=1)
    rules.save_event(event)

    response = client.get(reverse("events:calendar", args=[event.slug]))

    _, entry = ics_entry(response.content)
    assert entry["SEQUENCE"] == 1
    assert entry.decoded("DTSTART") == event.starts_at


def test_calendar_sequence_stays_when_only_capacity_changes(client):
    event = forum(capacity=10)
    event.capacity = 50
    rules.save_event(event)

    response = client.get(reverse("events:calendar", args=[event.slug]))

    _, entry = ics_entry(response.content)
    assert entry["SEQUENCE"] == 0


def test_calendar_file_of_a_cancelled_forum_cancels_it(client):
    event = forum()
    event.status = EventStatus.CANCELLED
    rules.save_event(event)

    response = client.get(reverse("events:calendar", args=[event.slug]))

    calendar, entry = ics_entry(response.content)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(entry["STATUS"]) == "CANCELLED"
    assert str(entry["UID"]) == f"civicforum-event-{event.pk}@forum.example.org"
    assert entry["SEQUENCE"] == 1


# --- Methods --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    # Cancel and erase answer GET with their "are you sure?" page, for an RSVP open in this
    # browser only (tests/rsvps/test_confirm_steps.py); a token in their place is nothing.
    [("events:rsvp_change", 405), ("events:rsvp_cancel", 404), ("events:rsvp_erase", 404)],
)
def test_rsvp_mutations_change_nothing_on_get(client, name, status):
    rsvp = RsvpFactory(event=forum())

    response = client.get(reverse(name, args=[rsvp.manage_token]))

    assert response.status_code == status
    rsvp.refresh_from_db()
    assert (rsvp.status, rsvp.erased_at) == (RsvpStatus.CONFIRMED, None)


def test_rsvp_create_refuses_get(client):
    event = forum()

    response = client.get(reverse("events:rsvp", args=[event.slug]))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert event.rsvps.count() == 0


@pytest.mark.parametrize("name", ["events:detail", "events:calendar"])
def test_event_pages_refuse_post(client, name):
    event = forum()

    response = client.post(reverse(name, args=[event.slug]), {"name": "A", "party_size": 1})

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert event.rsvps.count() == 0


def test_home_refuses_post(client):
    response = client.post(reverse("events:home"))

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    ("taken", "exact", "coarse"),
    [
        (0, "100 seats left", "Seats available."),
        (89, "11 seats left", "Seats available."),
        (90, "10 seats left", "Only a few seats left."),
        (99, "1 seat left", "Only a few seats left."),
        (100, "Full. You can join the waitlist.", "Full. You can join the waitlist."),
    ],
)
def test_a_forum_can_show_coarse_seats_that_move_only_at_their_thresholds(
    client, taken, exact, coarse
):
    shown = {}
    for display in (SeatDisplay.EXACT, SeatDisplay.COARSE):
        event = forum(capacity=100, max_party_size=20, seat_display=display)
        for first in range(0, taken, 20):
            RsvpFactory(event=event, party_size=min(20, taken - first))
        assert event.rsvps.seats_taken() == taken
        shown[display] = pages.text(get_page(client, event), "seats-left")

    assert shown == {SeatDisplay.EXACT: exact, SeatDisplay.COARSE: coarse}


def test_coarse_seats_give_a_resident_no_exact_number_when_a_party_cannot_grow(client):
    event = forum(capacity=10, max_party_size=6, seat_display=SeatDisplay.COARSE)
    mine = RsvpFactory(event=event, party_size=2, email="amina@example.org")
    RsvpFactory(event=event, party_size=6)

    response = client.post(
        own_address(client, mine, "rsvp_change"),
        {"party_size": "5", "email": "amina@example.org", "language": "en"},
    )

    assert dict(response.context["form"].errors) == {
        "party_size": ["Not enough seats are free for a larger party, so it was not changed."]
    }


def test_calendar_file_names_the_organizer_and_reminds_a_day_and_an_hour_before(client):
    event = forum(contact_name="Office of the City Clerk", contact_email="clerk@example.org")

    _, entry = ics_entry(client.get(reverse("events:calendar", args=[event.slug])).content)

    assert str(entry["ORGANIZER"]) == "mailto:clerk@example.org"
    assert entry["ORGANIZER"].params["CN"] == "Office of the City Clerk"
    alarms = [(str(a["ACTION"]), a.decoded("TRIGGER")) for a in entry.subcomponents]
    assert alarms == [
        ("DISPLAY", -datetime.timedelta(days=1)),
        ("DISPLAY", -datetime.timedelta(hours=1)),
    ]
    assert [str(a["DESCRIPTION"]) for a in entry.subcomponents] == [event.title] * 2


def test_calendar_file_without_a_contact_email_names_the_sites_address(client, settings):
    settings.DEFAULT_FROM_EMAIL = "Civic Forum <forum@example.org>"
    event = forum(contact_name="", contact_email="")

    _, entry = ics_entry(client.get(reverse("events:calendar", args=[event.slug])).content)

    assert str(entry["ORGANIZER"]) == "mailto:forum@example.org"
    assert entry["ORGANIZER"].params["CN"] == "Civic Forum"


def test_a_cancelling_calendar_file_names_the_organizer_and_sets_no_alarm(client):
    event = forum(contact_name="Clerk", contact_email="clerk@example.org")
    event.status = EventStatus.CANCELLED
    rules.save_event(event)

    _, entry = ics_entry(client.get(reverse("events:calendar", args=[event.slug])).content)

    assert str(entry["ORGANIZER"]) == "mailto:clerk@example.org"
    assert entry.subcomponents == []
