"""A Spanish-speaking resident gets every email in Spanish, also when a staff member whose
browser is in English sets it off: the language stored with the RSVP decides, never the
language of the request that happens to send it."""

import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.enums import Audience, RsvpStatus
from events.models import Rsvp

from ..conftest import post_rsvp
from ..factories import EventFactory, EventTranslationFactory, RsvpFactory, UserFactory
from ..staff import log_in_as

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture
def forum():
    """A forum at the next half past six in Chicago: within a day, so reminders are due."""
    starts = timezone.now().astimezone(CHICAGO).replace(hour=18, minute=30, second=0)
    if starts < timezone.now():
        starts += datetime.timedelta(days=1)
    event = EventFactory(
        slug="forum",
        title="Community forum",
        capacity=2,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        venue_name="City Hall",
    )
    # Staff translated the title: Spanish emails carry it, English ones the original.
    EventTranslationFactory(event=event, title="Foro comunitario en español")
    return event


def spanish_resident_on_the_waitlist(client, forum, send):
    english = RsvpFactory(event=forum, name="Ann", party_size=2)
    send(post_rsvp, client, forum, name="Lucía", email="lucia@example.org", language="es")
    lucia = Rsvp.objects.get(name="Lucía")
    assert lucia.status == RsvpStatus.WAITLISTED
    return english, lucia


def when_line(forum) -> str:
    start = forum.starts_at.astimezone(CHICAGO)
    weekdays = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto"]
    months += ["septiembre", "octubre", "noviembre", "diciembre"]
    return (
        f"Cuándo: {weekdays[start.weekday()]} {start.day} de {months[start.month - 1]} de "
        f"{start.year}, 18:30 \N{EN DASH} 20:30"
    )


def test_staff_cancelling_in_english_promotes_a_spanish_resident_in_spanish(
    client, forum, send, mailoutbox
):
    english, lucia = spanish_resident_on_the_waitlist(client, forum, send)
    mailoutbox.clear()
    client.force_login(UserFactory(is_superuser=True))

    send(
        client.post,
        reverse("admin:events_rsvp_changelist"),
        {"action": "cancel_selected", "_selected_action": [english.pk], "confirmed": "yes"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    (email,) = mailoutbox
    lines = email.body.splitlines()
    assert email.to == [lucia.email]
    assert email.subject == "Su reserva con Foro Cívico de Brooklyn Park"
    assert lines[:3] == [
        "Hola:",
        "",
        "Buenas noticias: se liberó un lugar. Ahora tiene un lugar reservado en “Foro "
        "comunitario en español” para 1 persona.",
    ]
    assert when_line(forum) in lines
    assert '<html lang="es">' in email.alternatives[0].content


def test_an_organizers_message_reaches_a_spanish_resident_in_spanish(
    client, forum, send, mailoutbox
):
    spanish_resident_on_the_waitlist(client, forum, send)
    mailoutbox.clear()
    log_in_as(client, "organizer")
    token = client.get(reverse("staff:messages", args=["forum"])).context["form"]
    data = {
        "audience": Audience.WAITLISTED,
        "subject": "Room change",
        "body": "We moved to the council chambers.",
        "form_token": token.initial["form_token"],
        "step": "send",  # the confirmation page's Send
    }

    send(client.post, reverse("staff:messages", args=["forum"]), data, HTTP_ACCEPT_LANGUAGE="en")

    (email,) = mailoutbox
    lines = email.body.splitlines()
    assert email.subject == "Su reserva con Foro Cívico de Brooklyn Park"
    assert lines[:7] == [
        "Hola:",
        "",
        "Un mensaje de los organizadores de “Foro comunitario en español”:",
        "",
        "Room change",  # the organizer's own words, as written
        "",
        "We moved to the council chambers.",
    ]
    assert when_line(forum) in lines
    assert "Para no recibir más recordatorios ni mensajes sobre este foro, abra este enlace:" in (
        lines
    )


def test_the_reminder_run_by_cron_is_in_the_residents_language(client, forum, send, mailoutbox):
    send(post_rsvp, client, forum, name="Lucía", email="lucia@example.org", language="es")
    send(post_rsvp, client, forum, name="Amina", email="amina@example.org", language="en")
    mailoutbox.clear()

    send(call_command, "send_reminders", stdout=io.StringIO())

    openings = sorted(
        (email.to[0], email.subject, email.body.splitlines()[2]) for email in mailoutbox
    )
    assert openings == [
        (
            "amina@example.org",
            "Your RSVP with Brooklyn Park Civic Forum",
            "A reminder: “Community forum” is coming up, and this email address has a seat.",
        ),
        (
            "lucia@example.org",
            "Su reserva con Foro Cívico de Brooklyn Park",
            "Un recordatorio: se acerca “Foro comunitario en español”, y esta dirección de "
            "correo tiene un lugar.",
        ),
    ]
