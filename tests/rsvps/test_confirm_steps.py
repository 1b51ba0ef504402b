"""Cancel and erase ask first, on a page of their own (no JavaScript needed): one tap on the
manage page changes nothing."""

import pytest

from events.enums import RsvpStatus

from .. import pages
from ..conftest import own_address
from ..factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rsvp(book):
    return book(EventFactory(capacity=10, title="Immigration forum"), party_size=3)


def test_the_manage_page_links_to_the_questions_not_to_the_actions(client, rsvp):
    page = client.get(own_address(client, rsvp))
    html = page.content.decode()
    assert (
        f'<a class="btn btn-outline-danger" href="{own_address(client, rsvp, "rsvp_cancel")}">'
        in html
    )
    assert f'<a class="btn btn-danger" href="{own_address(client, rsvp, "rsvp_erase")}">' in html


def test_cancel_asks_first_and_changes_nothing_until_yes(client, rsvp):
    address = own_address(client, rsvp, "rsvp_cancel")

    asked = client.get(address)

    assert asked.status_code == 200
    assert pages.text(asked, "main").startswith("Cancel your RSVP? Immigration forum")
    assert (
        "Your RSVP is for 3 people. Its seats go to the next people on the waitlist."
        in pages.text(asked)
    )
    assert '<button type="submit" class="btn btn-danger">Yes, cancel my RSVP</button>' in (
        asked.content.decode()
    )
    assert "No, keep my RSVP" in pages.text(asked)
    rsvp.refresh_from_db()
    assert rsvp.status == RsvpStatus.CONFIRMED

    done = client.post(address)

    assert done.status_code == 303
    rsvp.refresh_from_db()
    assert rsvp.status == RsvpStatus.CANCELLED


def test_erase_asks_first_and_changes_nothing_until_yes(client, rsvp):
    address = own_address(client, rsvp, "rsvp_erase")

    asked = client.get(address)

    assert asked.status_code == 200
    assert pages.text(asked, "main").startswith("Erase your details? Immigration forum")
    assert (
        "This cancels your RSVP and deletes your name, email and note right away. It cannot be "
        "undone, and your private link will stop working." in pages.text(asked)
    )
    rsvp.refresh_from_db()
    assert (rsvp.status, rsvp.erased_at, rsvp.name) == (RsvpStatus.CONFIRMED, None, "Resident")

    client.post(address)

    rsvp.refresh_from_db()
    assert rsvp.status == RsvpStatus.CANCELLED
    assert rsvp.erased_at is not None


def test_the_questions_speak_the_rsvps_language(client, book):
    rsvp = book(EventFactory(capacity=10), party_size=1, language="es")
    asked = client.get(own_address(client, rsvp, "rsvp_cancel"))
    assert '<html lang="es">' in asked.content.decode()
    assert pages.text(asked, "main").startswith("¿Cancelar su reserva?")
