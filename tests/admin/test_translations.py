"""A forum's texts in other languages, in the admin: every text residents read has a field in
the translation, interpreter languages are picked from a list, and staff see which texts of
which forum still lack which language."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.common.translations import TRANSLATED_FIELDS
from events.enums import InterpreterLanguage
from events.models import Event, EventTranslation, Rsvp, TopicTranslation

from ..factories import EventFactory, EventTranslationFactory, TopicFactory, UserFactory
from .test_admin import (
    EVENT_CHANGELIST,
    RSVP_ADD,
    changelist_rows,
    event_post_data,
    form_errors,
    rsvp_post_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def readonly(response, field: str) -> str:
    """The text of a read-only field on an admin change page."""
    html = response.content.decode()
    found = re.search(rf'field-{field}".*?<div class="readonly">(.*?)</div>', html, re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def change_url(event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


def complete_translation(event) -> EventTranslation:
    return EventTranslationFactory(
        event=event, **{name: f"{name} (es)" for name in TRANSLATED_FIELDS}
    )


def test_the_changelist_names_per_forum_the_texts_missing_a_language(admin_client):
    complete = EventFactory(title="Complete", contact_name="Clerk")
    complete_translation(complete)
    partial = EventFactory(title="Partial", accessibility="Ramp.", speakers="")
    EventTranslationFactory(event=partial, hosts="Concejo", venue_name="Alcaldía")
    TopicFactory(event=partial, name="Work permits")
    EventFactory(title="Untranslated", speakers="")

    response = admin_client.get(EVENT_CHANGELIST + "?o=1")

    assert changelist_rows(response, "title", "missing_translations_display") == [
        {"title": "Complete", "missing_translations_display": "-"},
        {
            "title": "Partial",
            "missing_translations_display": (
                "Spanish: address, accessibility, topic “Work permits”"
            ),
        },
        {
            "title": "Untranslated",
            "missing_translations_display": (
                "Spanish: title, summary, description, hosts, venue, address"
            ),
        },
    ]


def test_the_changelist_reads_translations_in_the_same_queries_for_one_forum_as_for_five(
    admin_client,
):
    def forum_with_texts():
        event = EventFactory()
        EventTranslationFactory(event=event)
        topic = TopicFactory(event=event)
        TopicTranslation.objects.create(topic=topic, language="es", name="Tema")
        TopicFactory(event=event)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(EVENT_CHANGELIST)
        return len(queries), len(changelist_rows(response, "missing_translations_display"))

    forum_with_texts()
    with_one, rows = count_queries()
    assert rows == 1
    for _ in range(4):
        forum_with_texts()
    with_five, rows = count_queries()
    assert rows == 5

    assert with_five == with_one


def test_the_event_page_lists_what_each_language_lacks(admin_client):
    event = EventFactory(contact_name="Clerk")
    EventTranslationFactory(event=event)

    response = admin_client.get(change_url(event))

    assert readonly(response, "missing_translations_list") == (
        "Spanish: hosts, speakers, venue, address, contact name"
    )


def test_the_event_page_says_when_every_text_is_translated(admin_client):
    event = EventFactory()
    complete_translation(event)

    response = admin_client.get(change_url(event))

    assert readonly(response, "missing_translations_list") == "Every text is translated."


def test_the_translation_form_has_a_field_for_every_text(admin_client):
    event = EventFactory()

    response = admin_client.get(change_url(event))

    inline = response.context["inline_admin_formsets"][1]
    assert list(inline.formset.form.base_fields) == ["language", *TRANSLATED_FIELDS]


def test_a_translation_of_every_text_is_saved_from_the_event_page(admin_client):
    event = EventFactory()
    spanish = {name: f"{name} en español" for name in TRANSLATED_FIELDS}
    data = event_post_data(event)
    data.update({"translations-TOTAL_FORMS": "1", "translations-0-language": "es"})
    data.update({f"translations-0-{name}": value for name, value in spanish.items()})

    response = admin_client.post(change_url(event), data)

    assert response.status_code == 302
    saved = EventTranslation.objects.get(event=event)
    assert {name: getattr(saved, name) for name in TRANSLATED_FIELDS} == spanish


def test_interpreter_languages_are_boxes_to_tick_stored_as_codes(admin_client):
    event = EventFactory(interpretation_languages="so")

    page = admin_client.get(change_url(event))
    response = admin_client.post(
        change_url(event), event_post_data(event, interpretation_languages=["vi", "es"])
    )

    field = page.context["adminform"].form["interpretation_languages"]
    assert field.value() == ["so"]
    assert [choice.data["value"] for choice in field.subwidgets][:4] == ["es", "so", "hmn", "vi"]
    assert len(field.subwidgets) == len(InterpreterLanguage.choices)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.interpretation_languages == "es,vi"


def test_a_language_not_on_the_list_is_refused(admin_client):
    event = EventFactory()

    response = admin_client.post(
        change_url(event), event_post_data(event, interpretation_languages=["Klingon"])
    )

    assert form_errors(response)["interpretation_languages"] == [
        "Select a valid choice. Klingon is not one of the available choices."
    ]
    assert Event.objects.get().interpretation_languages == ""


def test_the_model_refuses_stored_text_that_is_not_codes():
    event = EventFactory(interpretation_languages="Spanish, Somali")

    with pytest.raises(ValidationError) as refused:
        event.full_clean()

    assert refused.value.message_dict == {
        "interpretation_languages": ["“Spanish” is not one of the interpreter languages."]
    }


def test_staff_reading_the_admin_in_spanish_see_the_list_in_spanish(admin_client):
    EventFactory(speakers="")

    response = admin_client.get(EVENT_CHANGELIST, HTTP_ACCEPT_LANGUAGE="es")

    assert changelist_rows(response, "missing_translations_display") == [
        {
            "missing_translations_display": (
                "Español: título, resumen, descripción, organizadores, lugar, dirección"
            )
        }
    ]


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("Somali", "so", "Somali"),
        ("somalí", "so", "Somali"),
        (" Tigrinya ", "Tigrinya", "Tigrinya"),
    ],
)
def test_a_language_staff_type_for_a_phone_rsvp_is_stored_as_its_code(
    admin_client, typed, stored, shown
):
    event = EventFactory(interpretation_languages="es,so")

    admin_client.post(
        RSVP_ADD, rsvp_post_data(event, interpreter_count=1, interpreter_language=typed)
    )

    rsvp = Rsvp.objects.get()
    assert rsvp.interpreter_language == stored
    page = admin_client.get(reverse("admin:events_rsvp_change", args=[rsvp.pk]))
    assert page.context["adminform"].form["interpreter_language"].value() == shown
