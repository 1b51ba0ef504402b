"""Staff pages show the forum's own texts (its title, venue and topics, the interpreter
languages asked for) in the staff member's language where a translation exists, and the
originals where it does not."""

import pytest
from django.urls import reverse

from events.enums import QuestionStatus
from events.models import TopicTranslation

from .. import pages
from ..factories import (
    EventFactory,
    EventTranslationFactory,
    QuestionFactory,
    RsvpFactory,
    TopicFactory,
)
from ..staff import log_in_as

pytestmark = pytest.mark.django_db

ENGLISH = ["Riverside evening on immigration", "Riverside Hall", "Work permits", "Somali"]
SPANISH = ["Velada de Riverside sobre inmigración", "Salón de Riverside", "Permisos de trabajo"]


@pytest.fixture
def forum():
    event = EventFactory(slug="forum", title=ENGLISH[0], venue_name=ENGLISH[1])
    EventTranslationFactory(event=event, title=SPANISH[0], venue_name=SPANISH[1])
    topic = TopicFactory(event=event, name=ENGLISH[2], position=1)
    TopicTranslation.objects.create(topic=topic, language="es", name=SPANISH[2])
    QuestionFactory(event=event, topic=topic, status=QuestionStatus.PENDING, text="Pending?")
    QuestionFactory(event=event, topic=topic, status=QuestionStatus.ANSWERING, text="Now?")
    RsvpFactory(event=event, party_size=2, interpreter_count=1, interpreter_language="so")
    return event


def staff_page(client, name: str, event, language: str):
    if name == "staff:edit":
        url = reverse(name, args=[event.questions.get(text="Pending?").pk])
    else:
        url = reverse(name, args=[event.slug])
    log_in_as(client, "superuser")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response


STAFF_PAGES = [
    "staff:dashboard",
    "staff:queue",
    "staff:presenter",
    "staff:sheet",
    "staff:edit",
    "staff:checkin",
    "staff:accommodations",
]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_reading_in_spanish_see_the_forums_title_in_spanish(client, forum, name):
    response = staff_page(client, name, forum, "es")

    assert pages.title(response).split(" · ")[1] == SPANISH[0]
    assert [text for text in ENGLISH if text in response.content.decode()] == []


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_reading_in_english_see_the_original_title(client, forum, name):
    response = staff_page(client, name, forum, "en")

    assert pages.title(response).split(" · ")[1] == ENGLISH[0]
    assert [text for text in SPANISH if text in response.content.decode()] == []


def test_the_dashboard_names_topics_venue_and_languages_in_spanish(client, forum):
    response = staff_page(client, "staff:dashboard", forum, "es")

    assert f" · {SPANISH[1]} · Publicado Lugares " in pages.text(response, "main")
    assert pages.text(response, "questions-topic") == (
        "Preguntas por tema Sin contar las preguntas rechazadas o unidas. Tema Preguntas Barra "
        f"{SPANISH[2]} 2 Sin tema 0"
    )
    assert response.context["interpreter_languages"] == [("somalí", 1, 0)]


def test_the_accommodation_list_names_the_language_in_spanish(client, forum):
    response = staff_page(client, "staff:accommodations", forum, "es")

    rsvp = forum.rsvps.get()
    assert pages.text(response, "list-interpreter") == (
        "Intérprete código de reserva Nombre Idioma Personas Estado "
        f"{rsvp.code} {rsvp.name} somalí 1 Confirmada"
    )


def test_the_queue_filters_and_lists_by_the_topics_spanish_name(client, forum):
    response = staff_page(client, "staff:queue", forum, "es")

    question = forum.questions.get(text="Pending?")
    assert response.context["form"].fields["topic"].choices == [
        ("", "Todos los temas"),
        (forum.topics.get().pk, SPANISH[2]),
    ]
    assert f"#{question.pk} · {SPANISH[2]} · " in pages.text(response, f"question-{question.pk}")


def test_the_presenter_screen_names_the_current_questions_topic_in_spanish(client, forum):
    response = staff_page(client, "staff:presenter", forum, "es")

    assert pages.text(response, "presenter-current") == "Now?"
    assert pages.text(response, "presenter-live").startswith(
        f"Respondiendo ahora Now? {SPANISH[2]} · "
    )


def test_a_forum_without_translation_shows_staff_its_original_texts(client):
    event = EventFactory(slug="forum", title=ENGLISH[0])

    response = staff_page(client, "staff:dashboard", event, "es")

    assert pages.title(response) == f"Panel · {ENGLISH[0]}"
