"""The outreach kit: its short address, its announcements in each language and who may open it."""

import datetime

import pytest
import textstat
from django.urls import reverse

from events.enums import EventStatus
from events.forums import demo, outreach

from .. import pages
from ..factories import EventFactory, EventTranslationFactory
from ..staff import VISITORS, log_in_as, organizer

pytestmark = pytest.mark.django_db

GRADE = 8


@pytest.fixture
def forum(settings):
    settings.SITE_URL = "https://forum.example.org"
    event, _created = demo.load_demo(today=datetime.date(2026, 12, 1))
    return event


def test_the_short_address_opens_the_forum_page_in_the_flyers_language(client, forum):
    response = client.get(f"/f/{forum.pk}/es/")

    assert response.status_code == 302
    assert response["Location"] == forum.get_absolute_url()
    assert response.cookies["django_language"].value == "es"
    page = client.get(response["Location"])
    assert pages.title(page) == (
        "Política federal de inmigración: una conversación comunitaria"
        " · Foro Cívico de Brooklyn Park"
    )


@pytest.mark.parametrize(
    "address", ["/f/{pk}/xx/", "/f/{pk}/ES/", "/f/99999/en/", "/f/99999999999999999999999/en/"]
)
def test_a_wrong_short_address_is_not_found(client, forum, address):
    assert client.get(address.format(pk=forum.pk)).status_code == 404


@pytest.mark.parametrize("status", [EventStatus.DRAFT])
def test_a_forum_not_published_has_no_short_address_yet(client, forum, status):
    forum.status = status
    forum.save()

    assert client.get(f"/f/{forum.pk}/en/").status_code == 404


def test_the_kit_has_a_language_for_each_translation_in_the_sites_order(forum):
    kits = outreach.kit(forum)

    assert [kit.language for kit in kits] == ["en", "es"]
    assert [kit.url for kit in kits] == [
        f"https://forum.example.org/f/{forum.pk}/en/",
        f"https://forum.example.org/f/{forum.pk}/es/",
    ]
    assert [kit.address for kit in kits] == [
        f"forum.example.org/f/{forum.pk}/en",
        f"forum.example.org/f/{forum.pk}/es",
    ]


def test_a_forum_without_translations_has_an_english_kit_only(db):
    assert [kit.language for kit in outreach.kit(EventFactory())] == ["en"]


def test_the_short_english_announcement(forum):
    (english, _spanish) = outreach.kit(forum)

    assert english.short == (
        "Federal immigration policy: a community discussion. "
        "From 6:30 p.m. to 8:30 p.m. on Friday, February 19, 2027. "
        "At Brooklyn Park City Hall, Council Chambers, 5200 85th Ave N, Brooklyn Park, MN 55443. "
        "Free and open to everyone. No ID or papers needed. "
        "Questions are anonymous: no one sees who asks. "
        f"RSVP or send a question at forum.example.org/f/{forum.pk}/en."
    )


def test_the_short_spanish_announcement(forum):
    (_english, spanish) = outreach.kit(forum)

    assert spanish.short == (
        "Política federal de inmigración: una conversación comunitaria. "
        "De 18:30 a 20:30, el viernes 19 de febrero de 2027. "
        "En Alcaldía de Brooklyn Park, Sala del Concejo, 5200 85th Ave N, Brooklyn Park, "
        "MN 55443. Gratis y abierto a todos. Sin identificación ni papeles. "
        "Las preguntas son anónimas: nadie ve quién pregunta. "
        f"Haga su reserva o envíe una pregunta en forum.example.org/f/{forum.pk}/es."
    )


def test_the_long_announcement_says_everything_a_newsletter_needs(forum):
    (english, _spanish) = outreach.kit(forum)

    assert english.long.split("\n\n") == [
        "Federal immigration policy: a community discussion. Ask an immigration attorney what "
        "recent federal immigration policy means for you and your family. Free and open to "
        "everyone.",
        "When: 6:30 p.m. to 8:30 p.m., Friday, February 19, 2027. "
        "Where: Brooklyn Park City Hall, Council Chambers. "
        "The address is 5200 85th Ave N, Brooklyn Park, MN 55443. "
        "Hosts: Brooklyn Park City Council and Human Rights Commission. "
        "Speaker: Ernest Wiafe, immigration attorney.",
        "Free and open to everyone. No ID or papers needed. Any name or nickname is fine. "
        "Questions are anonymous: no one sees who asks. We never ask about immigration status. "
        "Bring your family and friends.",
        "Interpreters in the room: Spanish, Somali, Hmong, Vietnamese. City Hall has "
        "step-free entry from the main parking lot, accessible restrooms and an assistive "
        "listening system. ASL interpretation and live captions are available if you ask "
        "when you RSVP.",
        f"RSVP at forum.example.org/f/{forum.pk}/en. You can send a question there now, or ask "
        "on the night. Need help? Call 763-493-8000 or write to human.rights@example.org.",
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_announcements_are_about_50_and_about_150_words(forum, language):
    (kit,) = [kit for kit in outreach.kit(forum) if kit.language == language]

    # "About" is a quarter either way: Spanish takes about a fifth more words than English.
    assert 38 <= kit.short_words <= 63, kit.short_words
    assert 113 <= kit.long_words <= 188, kit.long_words


@pytest.mark.parametrize("length", ["short", "long"])
def test_the_english_announcements_read_at_grade_8(forum, length):
    text = outreach.kit(forum)[0].text(length)

    assert textstat.flesch_kincaid_grade(text) <= GRADE, text


@pytest.mark.parametrize("length", ["short", "long"])
def test_the_spanish_announcements_read_at_grade_8(forum, length):
    # Crawford's formula gives the years of school a Spanish text needs.
    text = outreach.kit(forum)[1].text(length)

    assert textstat.crawford(text) <= GRADE, text


def test_a_forum_with_little_said_leaves_out_what_it_lacks(db, settings):
    settings.SITE_URL = "https://forum.example.org"
    event = EventFactory(
        speakers="", accessibility="", interpretation_languages="", contact_phone="",
        contact_email="",
    )  # fmt: skip
    long = outreach.kit(event)[0].long

    assert "Speaker:" not in long
    assert "Interpreters" not in long
    assert "Need help" not in long
    assert long.endswith(
        f"RSVP at forum.example.org/f/{event.pk}/en. You can send a question there now, or ask "
        "on the night."
    )


def test_the_kit_page_shows_both_announcements_per_language(client, forum):
    response = organizer(client).get(reverse("staff:outreach", args=[forum.slug]))
    english, spanish = outreach.kit(forum)

    assert response.status_code == 200
    assert pages.text(response, "short-en") == english.short
    assert pages.text(response, "long-es") == " ".join(spanish.long.split())
    assert pages.text(response, "short-es-label") == (
        f"About 50 words, for radio and social media ({spanish.short_words} words)"
    )
    assert "not-listed" not in response.text


def test_a_title_ending_in_a_mark_of_its_own_gets_no_period(db):
    event = EventFactory(title="What does the new policy mean for us?")

    assert outreach.kit(event)[0].short.startswith("What does the new policy mean for us? From ")


def test_markup_in_staff_texts_shows_as_text_in_the_kit(client, db):
    EventFactory(
        slug="forum", title="</textarea><script>alert(1)</script>", summary="Tom & Jerry",
        contact_email="", contact_phone="<b>555</b>",
    )  # fmt: skip
    response = organizer(client).get(reverse("staff:outreach", args=["forum"]))

    assert "<script>" not in response.text
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;." in response.text
    assert "Tom &amp; Jerry" in response.text
    assert "Need help? Call &lt;b&gt;555&lt;/b&gt;." in response.text
    assert pages.text(response, "long-en").startswith("</textarea><script>alert(1)</script>.")


def test_the_kit_page_names_what_a_language_still_shows_in_english(client, db):
    event = EventFactory(slug="forum", speakers="Ernest Wiafe", accessibility="Step-free.")
    EventTranslationFactory(event=event, title="Foro", speakers="", accessibility="")
    response = organizer(client).get(reverse("staff:outreach", args=["forum"]))

    assert pages.text(response, "kit-es-untranslated") == (
        "Not translated yet, so the flyer and the announcements show these in English: "
        "hosts, speaker, place, address, access."
    )
    assert not pages.has_element(response, "kit-en-untranslated")


def test_the_kit_page_warns_that_a_draft_has_no_short_address_yet(client, forum):
    forum.status = EventStatus.DRAFT
    forum.save()
    response = organizer(client).get(reverse("staff:outreach", args=[forum.slug]))

    assert pages.text(response, "not-listed") == (
        "This forum is not published yet. Its short address and QR code will work once it is."
    )


def test_the_flyer_has_a_page_per_language_in_that_language(client, forum):
    response = organizer(client).get(reverse("staff:flyer", args=[forum.slug]))

    assert response.status_code == 200
    assert pages.text(response, "flyer-en-title") == forum.title
    assert pages.text(response, "flyer-es-title") == (
        "Política federal de inmigración: una conversación comunitaria"
    )
    assert pages.text(response, "flyer-es-address") == f"forum.example.org/f/{forum.pk}/es"
    assert pages.text(response, "flyer-es-promises") == (
        "Gratis y abierto a todos. Sin identificación ni papeles. Puede usar cualquier nombre o "
        "apodo. Las preguntas son anónimas: nadie ve quién pregunta. Nunca preguntamos por el "
        "estatus migratorio."
    )


@pytest.mark.parametrize("name", ["outreach", "flyer"])
@pytest.mark.parametrize(("visitor", "status"), VISITORS.items())
def test_who_may_open_the_kit(client, visitor, status, name):
    event = EventFactory()
    EventTranslationFactory(event=event, language="es")

    assert (
        log_in_as(client, visitor).get(reverse(f"staff:{name}", args=[event.slug])).status_code
        == status
    )
