"""Every fact a resident reads, in the resident's language. A Spanish-speaking resident walks
a forum whose staff translated every text: its page, the RSVP form, the result, the private
page, the confirmation email and both calendar files (the email's and the page's). No English
staff-written text is anywhere on the way; where staff left a text untranslated, the English
original shows, with a note naming what is not translated yet."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.enums import RsvpStatus
from events.models import Rsvp, TopicTranslation

from .. import pages
from ..conftest import own_address, post_rsvp
from ..factories import EventFactory, EventTranslationFactory, TopicFactory

pytestmark = pytest.mark.django_db

# Distinctive texts with nothing the site itself writes in them, and nothing HTML escapes.
ENGLISH = {
    "title": "Riverside evening on immigration",
    "summary": "Bring your questions for the attorney.",
    "description": "An evening of answers from an attorney.",
    "hosts": "Riverside Council and Rights Board",
    "speakers": "Dana Quill, attorney at law",
    "venue_name": "Riverside Hall, Main Room",
    "venue_address": "12 Harbor Road, Riverside",
    "accessibility": "A ramp at the north door.",
    "data_practices": "Your RSVP helps us plan the room.",
    "contact_name": "Office of the Clerk",
}
SPANISH = {
    "title": "Velada de Riverside sobre inmigración",
    "summary": "Traiga sus preguntas para la abogada.",
    "description": "Una velada de respuestas de una abogada.",
    "hosts": "Concejo y Junta de Derechos de Riverside",
    "speakers": "Dana Quill, abogada",
    "venue_name": "Salón de Riverside, sala principal",
    "venue_address": "Calle Harbor 12, Riverside",
    "accessibility": "Una rampa en la puerta norte.",
    "data_practices": "Su reserva nos ayuda a planear la sala.",
    "contact_name": "Oficina de la Secretaría",
}
TOPIC = ("Work permits", "Permisos de trabajo")
# The interpreter languages in English, which a Spanish reader must not see ("Hmong" is
# written the same in both).
LANGUAGE_NAMES = ["Spanish", "Somali", "Vietnamese"]


@pytest.fixture
def forum():
    event = EventFactory(
        slug="forum",
        interpretation_languages="es,so,hmn,vi",
        contact_email="clerk@example.org",
        **ENGLISH,
    )
    EventTranslationFactory(event=event, **SPANISH)
    topic = TopicFactory(event=event, name=TOPIC[0], position=1)
    TopicTranslation.objects.create(topic=topic, language="es", name=TOPIC[1])
    return event


@pytest.fixture
def spanish(client):
    client.cookies["django_language"] = "es"
    return client


def english_in(content: str) -> list[str]:
    """The English staff texts found in `content`."""
    return [text for text in [*ENGLISH.values(), TOPIC[0], *LANGUAGE_NAMES] if text in content]


def calendar_texts(content: bytes) -> dict[str, str]:
    (entry,) = Calendar.from_ical(content).walk("VEVENT")
    alarms = {str(alarm["DESCRIPTION"]) for alarm in entry.walk("VALARM")}
    return {
        "summary": str(entry["SUMMARY"]),
        "language": entry["SUMMARY"].params["LANGUAGE"],
        "location": str(entry["LOCATION"]),
        "description": str(entry["DESCRIPTION"]),
        "organizer": entry["ORGANIZER"].params["CN"],
        "alarms": " / ".join(sorted(alarms)),
    }


SPANISH_CALENDAR = {
    "summary": SPANISH["title"],
    "language": "es",
    "location": f"{SPANISH['venue_name']}, {SPANISH['venue_address']}",
    "description": SPANISH["summary"],
    "organizer": SPANISH["contact_name"],
    "alarms": SPANISH["title"],
}


def test_the_forum_page_has_every_fact_in_spanish(spanish, forum):
    page = spanish.get(reverse("events:detail", args=["forum"]))

    assert english_in(page.content.decode()) == []
    assert pages.has_element(page, "original-language-note") is False
    facts = pages.text(page, "main")
    assert [text for text in [*SPANISH.values(), TOPIC[1]] if text not in facts] == []
    assert pages.text(page, "interpreter-languages") == (
        "Intérpretes en la sala: español, somalí, hmong, vietnamita."
    )
    # The RSVP form offers the forum's interpreter languages, named in Spanish too.
    assert pages.text(page, "id_interpreter_language") == (
        "No se necesita intérprete español somalí hmong vietnamita"
    )


def test_a_spanish_rsvp_its_pages_email_and_calendar_file_have_no_english(
    spanish, forum, send, mailoutbox
):
    result = send(
        post_rsvp,
        spanish,
        forum,
        email="lucia@example.org",
        language="es",
        interpreter_count="1",
        interpreter_language="so",
    )
    rsvp = Rsvp.objects.get()
    manage = spanish.get(own_address(spanish, rsvp))

    assert (rsvp.status, rsvp.interpreter_language) == (RsvpStatus.CONFIRMED, "so")
    assert english_in(result.content.decode()) == []
    assert english_in(manage.content.decode()) == []
    assert pages.text(manage, "id_interpreter_language") == (
        "No se necesita intérprete español somalí hmong vietnamita"
    )
    (email,) = mailoutbox
    (html,) = email.alternatives
    assert email.subject == "Su reserva con Foro Cívico de Brooklyn Park"
    assert english_in(email.body) == []
    assert english_in(html.content) == []
    assert f"Dónde: {SPANISH['venue_name']}, {SPANISH['venue_address']}" in email.body.splitlines()
    (ics,) = [a for a in email.attachments if a.filename == "forum.ics"]
    assert calendar_texts(ics.content) == SPANISH_CALENDAR


def test_the_calendar_file_from_the_spanish_page_is_in_spanish(spanish, forum):
    response = spanish.get(reverse("events:calendar", args=["forum"]))

    assert calendar_texts(response.content) == SPANISH_CALENDAR


def test_the_calendar_file_from_the_english_page_is_in_english(client, forum):
    response = client.get(reverse("events:calendar", args=["forum"]))

    assert calendar_texts(response.content) == {
        "summary": ENGLISH["title"],
        "language": "en",
        "location": f"{ENGLISH['venue_name']}, {ENGLISH['venue_address']}",
        "description": ENGLISH["summary"],
        "organizer": ENGLISH["contact_name"],
        "alarms": ENGLISH["title"],
    }


def test_a_cancelled_rsvps_calendar_file_is_in_the_residents_language(
    spanish, forum, send, mailoutbox
):
    send(post_rsvp, spanish, forum, email="lucia@example.org", language="es")
    rsvp = Rsvp.objects.get()
    mailoutbox.clear()

    send(spanish.post, own_address(spanish, rsvp, "rsvp_cancel"))

    (email,) = mailoutbox
    (ics,) = email.attachments
    assert calendar_texts(ics.content) == SPANISH_CALENDAR | {"alarms": ""}


def test_texts_staff_did_not_translate_show_in_english_with_a_note_naming_them(spanish):
    event = EventFactory(slug="forum", **ENGLISH)
    EventTranslationFactory(
        event=event,
        title=SPANISH["title"],
        summary=SPANISH["summary"],
        description=SPANISH["description"],
        venue_name=SPANISH["venue_name"],
    )

    page = spanish.get(reverse("events:detail", args=["forum"]))

    assert pages.text(page, "original-language-note") == (
        "Algunos datos todavía no están traducidos, por eso se muestran en inglés: "
        "organizadores, expositor, dirección, accesibilidad, cómo usamos su información, "
        "contacto."
    )
    assert english_in(page.content.decode()) == [
        ENGLISH["hosts"],
        ENGLISH["speakers"],
        ENGLISH["venue_address"],
        ENGLISH["accessibility"],
        ENGLISH["data_practices"],
        ENGLISH["contact_name"],
    ]


def test_without_any_translation_the_page_says_the_forum_is_shown_in_english(spanish):
    EventFactory(slug="forum", **ENGLISH)

    page = spanish.get(reverse("events:detail", args=["forum"]))

    assert pages.text(page, "original-language-note") == (
        "La descripción de este foro todavía no está traducida, por eso se muestra en inglés."
    )
    assert english_in(page.content.decode()) == list(ENGLISH.values())


def test_english_readers_see_the_interpreter_languages_in_english(client, forum):
    page = client.get(reverse("events:detail", args=["forum"]))

    assert pages.text(page, "interpreter-languages") == (
        "Interpreters in the room: Spanish, Somali, Hmong, Vietnamese."
    )
    assert pages.has_element(page, "original-language-note") is False
