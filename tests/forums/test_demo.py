import datetime
import io
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from events.common.translations import TRANSLATED_FIELDS, topic_names, untranslated_fields
from events.enums import EventStatus
from events.forums.demo import DEMO_SLUG, next_february_19
from events.models import Event

from .. import pages
from ..pages import has_element

TITLE = "Federal immigration policy: a community discussion"


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 11, 28), datetime.date(2027, 2, 19)),
        (datetime.date(2027, 2, 19), datetime.date(2027, 2, 19)),
        (datetime.date(2027, 2, 20), datetime.date(2028, 2, 19)),
        (datetime.date(2027, 1, 1), datetime.date(2027, 2, 19)),
    ],
)
def test_next_february_19_is_today_or_the_first_one_after(today, expected):
    assert next_february_19(today) == expected


def test_load_demo_twice_creates_one_published_event(db):
    day = next_february_19(timezone.localdate())

    first, second = load_demo(), load_demo()

    path = f"/events/{DEMO_SLUG}/"
    assert first == f"Created: {TITLE}, {day:%Y-%m-%d} 18:30 ({path})\n"
    assert second == f"Already there: {TITLE}, {day:%Y-%m-%d} 18:30 ({path})\n"
    event = Event.objects.get()
    assert (event.slug, event.status, event.capacity) == (DEMO_SLUG, EventStatus.PUBLISHED, 150)


def test_demo_event_starts_at_half_past_six_in_chicago_on_the_next_february_19(db):
    load_demo()

    event = Event.objects.get()
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    starts = datetime.datetime.combine(
        next_february_19(timezone.localdate()), datetime.time(18, 30), tzinfo=chicago
    )
    assert (event.starts_at, event.ends_at) == (starts, starts + datetime.timedelta(hours=2))


def test_demo_forum_reads_in_spanish_with_its_topics(db, client):
    load_demo()

    response = client.get(f"/events/{DEMO_SLUG}/", HTTP_ACCEPT_LANGUAGE="es")

    assert pages.title(response) == (
        "Política federal de inmigración: una conversación comunitaria · Foro Cívico de "
        "Brooklyn Park"
    )
    event = Event.objects.get()
    assert topic_names(event, "es") == {
        topic.pk: name
        for topic, name in zip(
            event.topics.order_by("position"),
            [
                "Conozca sus derechos",
                "Trabajo, escuela y familia",
                "Servicios de la ciudad y policía",
            ],
            strict=True,
        )
    }
    assert has_element(response, "original-language-note") is False


def test_demo_forum_has_every_text_in_spanish(db, client):
    load_demo()

    event = Event.objects.get()
    assert untranslated_fields(event, event.translations.get(language="es")) == []
    response = client.get(f"/events/{DEMO_SLUG}/", HTTP_ACCEPT_LANGUAGE="es")
    english = [getattr(event, name) for name in TRANSLATED_FIELDS]
    assert [text for text in english if text in response.content.decode()] == [
        "5200 85th Ave N, Brooklyn Park, MN 55443"  # an address reads the same in Spanish
    ]
    assert pages.text(response, "interpreter-languages") == (
        "Intérpretes en la sala: español, somalí, hmong, vietnamita."
    )


def test_load_demo_creates_no_user(db):
    load_demo()

    assert get_user_model().objects.count() == 0
