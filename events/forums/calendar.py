"""Calendar files (.ics) for an event, made with icalendar."""

import datetime
from collections.abc import Sequence
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, vCalAddress
from icalendar import Event as CalendarEvent

from ..common.translations import LocalizedEvent
from ..enums import EventStatus
from ..models import Event

# A calendar that keeps the file reminds its owner this long before the forum.
REMINDERS = [datetime.timedelta(days=1), datetime.timedelta(hours=1)]


def organizer(event: Event | LocalizedEvent) -> vCalAddress:
    """The forum's contact; without a contact email, the address the site's emails come from."""
    name, email = event.contact_name, event.contact_email
    if not email:
        name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = name
    return address


def event_uid(event: Event) -> str:
    """Stable for the life of the event, so a calendar updates its copy instead of adding one."""
    return f"civicforum-event-{event.pk}@{urlsplit(settings.SITE_URL).hostname}"


def event_ics(
    event: Event | LocalizedEvent, *, cancel: bool = False, uids: Sequence[str] = ()
) -> bytes:
    """The event as a calendar file. cancel=True (or a cancelled event) removes it from
    calendars that have it (METHOD:CANCEL). A LocalizedEvent gives its texts in the reader's
    language (the page's, or the resident's for an email).

    The public file has the forum's own UID, and its SEQUENCE rises only when staff change the
    forum's title, time, place or status (nothing a resident does moves it). A file emailed
    about RSVPs carries each RSVP's random UID instead (one entry per RSVP, as each RSVP's
    confirmation added one): the cancellation of an RSVP is one step past it (nothing reuses
    the UID after)."""
    cancelled = cancel or event.status == EventStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Civic Forum//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    host = urlsplit(settings.SITE_URL).hostname
    for uid in [f"{uid}@{host}" for uid in uids] or [event_uid(event)]:
        entry = _entry(event, cancelled)
        entry.add("uid", uid)
        entry.add("sequence", event.sequence + (1 if uids and cancel else 0))
        calendar.add_component(entry)
    return calendar.to_ical()


def _entry(event: Event | LocalizedEvent, cancelled: bool) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    entry.add("dtstart", event.starts_at.astimezone(datetime.UTC))
    entry.add("dtend", event.ends_at.astimezone(datetime.UTC))
    texts = {"language": event.language} if isinstance(event, LocalizedEvent) else {}
    entry.add("summary", event.title, parameters=texts)
    entry.add("location", f"{event.venue_name}, {event.venue_address}", parameters=texts)
    entry.add("description", event.summary, parameters=texts)
    # The public page, never a private link: calendars sync to shared calendars and servers.
    entry.add("url", settings.SITE_URL + event.get_absolute_url())
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Many calendar apps honour a CANCEL only from a file that names its organizer.
    entry.add("organizer", organizer(event))
    if not cancelled:
        for before in REMINDERS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", -before)
            alarm.add("description", event.title)
            entry.add_component(alarm)
    return entry
