"""The first forum, from the product brief: used by `manage.py load_demo` and by tests."""

import datetime
import zoneinfo

from django.utils import timezone

from .enums import EventStatus
from .models import Event

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
DEMO_SLUG = "immigration-policy-community-discussion"


def next_february_19(today: datetime.date) -> datetime.date:
    this_year = datetime.date(today.year, 2, 19)
    return this_year if this_year >= today else datetime.date(today.year + 1, 2, 19)


def demo_event_fields(today: datetime.date) -> dict:
    day = next_february_19(today)
    starts_at = datetime.datetime.combine(day, datetime.time(18, 30), tzinfo=CHICAGO)
    return {
        "title": "Federal immigration policy: a community discussion",
        "summary": (
            "Ask an immigration attorney what recent federal immigration policy means for you "
            "and your family. Free and open to everyone."
        ),
        "description": (
            "The Brooklyn Park City Council and Human Rights Commission invite all residents to "
            "a community discussion about recent changes in federal immigration policy.\n\n"
            "Immigration attorney Ernest Wiafe will explain what the changes mean in practice "
            "and answer questions from residents. You can send a question ahead of time or ask "
            "on the night. Questions are anonymous.\n\n"
            "Immigration enforcement is a federal matter. The City of Brooklyn Park wants every "
            "resident to feel safe calling 911 and using city services. You do not need to give "
            "your real name to RSVP, and we will never ask about immigration status."
        ),
        "hosts": "Brooklyn Park City Council and Human Rights Commission",
        "speakers": "Ernest Wiafe, immigration attorney",
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=2),
        "venue_name": "Brooklyn Park City Hall, Council Chambers",
        "venue_address": "5200 85th Ave N, Brooklyn Park, MN 55443",
        "map_url": "https://www.openstreetmap.org/search?query=5200%2085th%20Ave%20N%2C%20Brooklyn%20Park%2C%20MN",
        "capacity": 150,
        "max_party_size": 6,
        "accessibility": (
            "City Hall has step-free entry from the main parking lot, accessible restrooms and "
            "an assistive listening system. ASL interpretation and live captions are available "
            "if you ask when you RSVP."
        ),
        "interpretation_languages": "Spanish, Somali, Hmong, Vietnamese",
        "data_practices": (
            "RSVPs help us plan seats, interpreters and childcare. You are welcome to come "
            "without one."
        ),
        "contact_name": "Brooklyn Park Human Rights Commission",
        "contact_email": "human.rights@example.org",
        "contact_phone": "763-493-8000",
        "status": EventStatus.PUBLISHED,
    }


def load_demo(today: datetime.date | None = None) -> tuple[Event, bool]:
    """Create the demo forum once. Running it again changes nothing that staff have edited."""
    today = today or timezone.localdate()
    return Event.objects.get_or_create(slug=DEMO_SLUG, defaults=demo_event_fields(today))
