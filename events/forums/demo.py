"""The first forum, from the product brief: used by `manage.py load_demo` and by tests."""

import datetime
import zoneinfo

from django.db import transaction
from django.utils import timezone

from ..enums import EventStatus
from ..models import Event, EventTranslation, Topic, TopicTranslation

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
DEMO_SLUG = "immigration-policy-community-discussion"


def next_february_19(today: datetime.date) -> datetime.date:
    this_year = datetime.date(today.year, 2, 19)
    return this_year if this_year >= today else datetime.date(today.year + 1, 2, 19)


# The forum's own texts and settings; its date is worked out from the day it is loaded.
DEMO_FIELDS = {
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
    "interpretation_languages": "es,so,hmn,vi",  # codes of enums.InterpreterLanguage
    "data_practices": (
        "RSVPs help us plan seats, interpreters and childcare. You are welcome to come without one."
    ),
    "contact_name": "Brooklyn Park Human Rights Commission",
    "contact_email": "human.rights@example.org",
    "contact_phone": "763-493-8000",
    "status": EventStatus.PUBLISHED,
}


def demo_event_fields(today: datetime.date) -> dict:
    day = next_february_19(today)
    starts_at = datetime.datetime.combine(day, datetime.time(18, 30), tzinfo=CHICAGO)
    return DEMO_FIELDS | {
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=2),
    }


# Question topics, in order, with their Spanish names.
DEMO_TOPICS = [
    ("Know your rights", "Conozca sus derechos"),
    ("Work, school and family", "Trabajo, escuela y familia"),
    ("City services and police", "Servicios de la ciudad y policía"),
]

# Every text of the forum in Spanish (tests/forums/test_demo.py checks that none is missing).
DEMO_SPANISH = {
    "title": "Política federal de inmigración: una conversación comunitaria",
    "summary": (
        "Pregunte a un abogado de inmigración qué significa la política federal de inmigración "
        "reciente para usted y su familia. Es gratis y abierto a todos."
    ),
    "description": (
        "El Concejo Municipal y la Comisión de Derechos Humanos de Brooklyn Park invitan a "
        "todos los residentes a una conversación comunitaria sobre los cambios recientes en la "
        "política federal de inmigración.\n\n"
        "El abogado de inmigración Ernest Wiafe explicará qué significan los cambios en la "
        "práctica y responderá las preguntas de los residentes. Puede enviar una pregunta antes "
        "o hacerla esa noche. Las preguntas son anónimas.\n\n"
        "El control migratorio es un asunto federal. La Ciudad de Brooklyn Park quiere que "
        "todos los residentes se sientan seguros al llamar al 911 y al usar los servicios de "
        "la ciudad. No necesita dar su nombre real para confirmar su asistencia, y nunca le "
        "preguntaremos sobre su estatus migratorio."
    ),
    "hosts": "Concejo Municipal y Comisión de Derechos Humanos de Brooklyn Park",
    "speakers": "Ernest Wiafe, abogado de inmigración",
    "venue_name": "Alcaldía de Brooklyn Park, Sala del Concejo",
    "venue_address": "5200 85th Ave N, Brooklyn Park, MN 55443",
    "accessibility": (
        "La alcaldía tiene entrada sin escalones desde el estacionamiento principal, baños "
        "accesibles y un sistema de ayuda auditiva. Hay interpretación en lengua de señas "
        "americana (ASL) y subtítulos en vivo si los pide al confirmar su asistencia."
    ),
    "data_practices": (
        "Las reservas nos ayudan a planear lugares, intérpretes y cuidado de niños. Puede venir "
        "aunque no tenga reserva."
    ),
    "contact_name": "Comisión de Derechos Humanos de Brooklyn Park",
}


@transaction.atomic
def load_demo(today: datetime.date | None = None) -> tuple[Event, bool]:
    """Create the demo forum once, with its topics and its Spanish text. Running it again
    changes nothing that staff have edited."""
    today = today or timezone.localdate()
    event, created = Event.objects.get_or_create(slug=DEMO_SLUG, defaults=demo_event_fields(today))
    if created:
        EventTranslation.objects.create(event=event, language="es", **DEMO_SPANISH)
        for position, (name, spanish) in enumerate(DEMO_TOPICS, start=1):
            topic = Topic.objects.create(event=event, name=name, position=position)
            TopicTranslation.objects.create(topic=topic, language="es", name=spanish)
    return event, created
