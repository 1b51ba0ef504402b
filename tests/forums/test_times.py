"""One time format per language: the list of forums, a forum's page and its emails all say
"6:30 p.m." in English and "18:30" in Spanish."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from events.enums import EmailKind
from events.mail.compose import compose
from events.models import EmailDelivery

from ..factories import EventFactory, RsvpFactory

pytestmark = pytest.mark.django_db

TIMES = [
    pytest.param("en", 18, 30, "6:30 p.m.", "8:30 p.m.", id="en 18:30"),
    pytest.param("en", 9, 0, "9 a.m.", "11 a.m.", id="en 9:00"),
    pytest.param("es", 18, 30, "18:30", "20:30", id="es 18:30"),
    pytest.param("es", 9, 0, "09:00", "11:00", id="es 9:00"),
]


def forum_at(hour: int, minute: int):
    day = timezone.localtime() + datetime.timedelta(days=30)
    starts = day.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))


def time_elements(response) -> list[str]:
    return re.findall(r"<time datetime=\"[^\"]*\">([^<]*)</time>", response.content.decode())


@pytest.mark.parametrize(("language", "hour", "minute", "starts", "ends"), TIMES)
def test_home_page_event_page_and_email_say_the_time_alike(
    client, language, hour, minute, starts, ends
):
    event = forum_at(hour, minute)
    with translation.override(language):
        day = date_format(timezone.localtime(event.starts_at), "DATE_FORMAT")
    rsvp = RsvpFactory(event=event, email="amina@example.org", language=language)

    home = client.get(reverse("events:home"), HTTP_ACCEPT_LANGUAGE=language)
    page = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    email = compose(EmailDelivery(rsvp=rsvp, kind=EmailKind.CONFIRMED))

    assert time_elements(home) == [f"{day}, {starts}"]
    # Under the title, then in "When and where".
    assert time_elements(page)[:3] == [f"{day}, {starts}", f"{day}, {starts}", ends]
    when = {"en": "When:", "es": "Cuándo:"}[language]
    assert [line for line in email.body.splitlines() if line.startswith(when)] == [
        f"{when} {day}, {starts} \N{EN DASH} {ends}"
    ]
