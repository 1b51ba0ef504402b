import pytest
from django.utils import translation

from events.common.languages import join_codes, language_code, language_name
from events.common.translations import (
    TRANSLATED_FIELDS,
    localize_event,
    missing_translations,
    topic_names,
)
from events.models import EventTranslation, Topic, TopicTranslation

from ..factories import EventFactory, EventTranslationFactory, TopicFactory
from ..pages import has_element, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(
        title="Immigration forum",
        summary="Ask an attorney.",
        accessibility="Step-free entry.",
    )


def test_reader_sees_the_translation_in_their_language(event):
    EventTranslationFactory(
        event=event, title="Foro de inmigración", summary="Pregunte a un abogado."
    )

    shown = localize_event(event, "es")

    assert (shown.title, shown.summary, shown.description) == (
        "Foro de inmigración",
        "Pregunte a un abogado.",
        "Los residentes preguntan y el abogado responde.",
    )
    # Left blank in the translation: the original, not an empty paragraph.
    assert shown.accessibility == "Step-free entry."
    assert shown.shown_in_original is False
    assert shown.venue_name == event.venue_name


def test_every_text_staff_write_for_residents_can_be_translated(event):
    spanish = {name: f"{name} en español" for name in TRANSLATED_FIELDS}
    EventTranslationFactory(event=event, **spanish)

    shown = localize_event(event, "es")

    assert {name: getattr(shown, name) for name in TRANSLATED_FIELDS} == spanish
    assert (shown.shown_in_original, shown.untranslated_parts) == (False, [])
    assert TRANSLATED_FIELDS == (
        "title",
        "summary",
        "description",
        "hosts",
        "speakers",
        "venue_name",
        "venue_address",
        "accessibility",
        "data_practices",
        "contact_name",
    )


def test_a_text_left_blank_in_the_translation_is_named_as_not_translated(event):
    EventTranslationFactory(event=event, hosts="Concejo Municipal")

    shown = localize_event(event, "es")

    # The event has no contact name and no data-practices note: nothing to translate there.
    with translation.override("en"):
        parts = [str(part) for part in shown.untranslated_parts]
    assert parts == [
        "speaker",
        "place",
        "address",
        "access",
    ]
    assert (shown.hosts, shown.venue_name) == ("Concejo Municipal", "City Hall")
    assert localize_event(event, "en").untranslated_parts == []


def test_without_a_translation_the_original_is_shown_with_a_note(client, event):
    shown = localize_event(event, "es")

    assert (shown.title, shown.shown_in_original) == ("Immigration forum", True)
    response = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")
    assert text(response, "original-language-note") == (
        "La descripción de este foro todavía no está traducida, por eso se muestra en inglés."
    )


def test_english_readers_get_no_note(client, event):
    response = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    assert has_element(response, "original-language-note") is False


def test_spanish_readers_see_the_translated_title_on_the_event_page(client, event):
    EventTranslationFactory(event=event, title="Foro de inmigración")

    response = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")

    assert response.context["event"].title == "Foro de inmigración"


def test_topic_names_fall_back_to_the_original(event):
    work = Topic.objects.create(event=event, name="Work permits", position=1)
    police = Topic.objects.create(event=event, name="Local police and ICE", position=2)
    TopicTranslation.objects.create(topic=work, language="es", name="Permisos de trabajo")

    assert topic_names(event, "es") == {
        work.pk: "Permisos de trabajo",
        police.pk: "Local police and ICE",
    }
    assert topic_names(event, "en") == {work.pk: "Work permits", police.pk: "Local police and ICE"}


def test_the_language_a_resident_picks_is_remembered_for_a_year(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})

    cookie = response.cookies["django_language"]
    assert (cookie.value, cookie["max-age"], cookie["samesite"]) == ("es", 31536000, "Lax")


def test_staff_see_per_language_what_is_not_translated_yet(event):
    TopicFactory(event=event, name="Work permits", position=1)
    police = TopicFactory(event=event, name="Local police", position=2)
    TopicTranslation.objects.create(topic=police, language="es", name="La policía local")
    EventTranslation.objects.create(
        event=event, language="es", title="Foro", summary="Resumen", description="Texto"
    )

    with translation.override("en"):
        missing = missing_translations(event)

    assert missing == {
        "es": [
            "hosts",
            "speakers",
            "venue",
            "address",
            "accessibility",
            "topic “Work permits”",
        ]
    }


def test_a_forum_without_translations_misses_every_text_it_has(event):
    with translation.override("en"):
        missing = missing_translations(event)

    assert missing == {
        "es": [
            "title",
            "summary",
            "description",
            "hosts",
            "speakers",
            "venue",
            "address",
            "accessibility",
        ]
    }


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("es", "es"),
        ("Spanish", "es"),
        (" spanish ", "es"),
        ("Español", "es"),
        ("espanol", "es"),
        ("somalí", "so"),
        ("Soomaali", "so"),
        ("HMONG", "hmn"),
        ("Tiếng Việt", "vi"),
        ("Haitian  Creole", "ht"),
        ("Klingon", ""),
        ("", ""),
    ],
)
def test_a_typed_language_is_read_as_its_code(typed, code):
    assert language_code(typed) == code


def test_a_language_is_named_in_the_active_language_or_as_typed():
    with translation.override("es"):
        names = [language_name(value) for value in ["so", "Vietnamese", " sign  language "]]

    assert names == ["somalí", "vietnamita", "Sign Language"]


def test_codes_are_stored_once_each_in_the_lists_order():
    assert join_codes(["vi", "es", "xx", "vi", "hmn"]) == "es,hmn,vi"
