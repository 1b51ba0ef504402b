"""Calendar files (.ics) for an event, made with icalendar."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from ..enums import EventStatus
from ..models import Event


def event_uid(event: Event) -> str:
    """Stable for the life of the event, so a calendar updates its copy instead of adding one."""
    return f"civicforum-event-{event.pk}@{urlsplit(settings.SITE_URL).hostname}"


def event_ics(event: Event, *, cancel: bool = False, uid: str = "") -> bytes:
    """The event as a calendar file. cancel=True (or a cancelled event) removes it from
    calendars that have it (METHOD:CANCEL).

    The public file has the forum's own UID, and its SEQUENCE rises only when staff change the
    forum's title, time, place or status (nothing a resident does moves it). A file emailed
    about one RSVP carries that RSVP's random UID instead: the cancellation of that RSVP is one
    step past it (nothing reuses the UID after)."""
    cancelled = cancel or event.status == EventStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Civic Forum//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"{uid}@{urlsplit(settings.SITE_URL).hostname}" if uid else event_uid(event))
    entry.add("sequence", event.sequence + (1 if uid and cancel else 0))
    entry.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    entry.add("dtstart", event.starts_at.astimezone(datetime.UTC))
    entry.add("dtend", event.ends_at.astimezone(datetime.UTC))
    entry.add("summary", event.title)
    entry.add("location", f"{event.venue_name}, {event.venue_address}")
    entry.add("description", event.summary)
    entry.add("url", settings.SITE_URL + event.get_absolute_url())
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(entry)
    return calendar.to_ical()
