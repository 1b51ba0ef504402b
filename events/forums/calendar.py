"""Calendar files (.ics), made with icalendar: a forum's own, and the feed of upcoming forums."""

import datetime
from collections.abc import Iterable, Sequence
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
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

    The public file has the forum's own entry (`forum_entry`). A file emailed about RSVPs
    carries each RSVP's random UID instead (one entry per RSVP, as each RSVP's confirmation
    added one): the cancellation of an RSVP is one step past it (nothing reuses the UID
    after)."""
    cancelled = cancel or event.status == EventStatus.CANCELLED
    calendar = _calendar("CANCEL" if cancelled else "PUBLISH")
    if not uids:
        calendar.add_component(forum_entry(event, cancelled=cancelled))
    host = urlsplit(settings.SITE_URL).hostname
    for uid in uids:
        entry = _entry(event, cancelled)
        entry.add("uid", f"{uid}@{host}")
        entry.add("sequence", event.sequence + (1 if cancel else 0))
        calendar.add_component(entry)
    return calendar.to_ical()


def feed_ics(events: Iterable[LocalizedEvent], language: str) -> bytes:
    """Many forums in one calendar that apps subscribe to. Each forum is its `forum_entry`,
    as in its own public file, so an app that has both keeps one copy; a cancelled one stays
    in, marked cancelled, until it is past."""
    calendar = _calendar("PUBLISH")
    with translation.override(language):
        calendar.add("x-wr-calname", f"{_('Upcoming forums')} · {settings.SITE_NAME}")
    for event in events:
        calendar.add_component(forum_entry(event))
    return calendar.to_ical()


def forum_entry(event: Event | LocalizedEvent, *, cancelled: bool = False) -> CalendarEvent:
    """The forum's own entry: its UID, and a SEQUENCE that rises only when staff change the
    forum's title, time, place or status (nothing a resident does moves it)."""
    entry = _entry(event, cancelled or event.status == EventStatus.CANCELLED)
    entry.add("uid", event_uid(event))
    entry.add("sequence", event.sequence)
    return entry


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Civic Forum//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


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
