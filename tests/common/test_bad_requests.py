"""A NUL byte anywhere in an address is refused before any view sees it: PostgreSQL cannot
store or compare one, so a lookup with it would be a 500 (SQLite hides this: it accepts NUL)."""

import pytest

from events.roles import ORGANIZER

from ..conftest import own_address
from ..factories import EventFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/rsvp/%00/",
        "/rsvp/abc%00def/not-me/",
        "/rsvp/%00/stop-emails/",
        "/my-rsvp/%00/",
        "/events/forum/%00/",
        "/staff/events/forum/check-in/ABC%00347/",
        "/admin/events/rsvp/%00/change/",
    ],
)
def test_a_nul_in_the_path_is_not_found(client, path):
    EventFactory(slug="forum")
    client.force_login(UserFactory(roles=[ORGANIZER], is_superuser=True))

    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "status__exact=%00",
        "q=Hodan%00",
        "%00=1",
        "event__id__exact=1%00",
        "starts_at__year=2026%00",
    ],
)
def test_a_nul_in_the_query_string_is_a_bad_request(client, query):
    EventFactory(slug="forum")
    client.force_login(UserFactory(roles=[ORGANIZER], is_superuser=True))

    for path in ("/admin/events/event/", "/admin/events/rsvp/", "/events/forum/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, path
        assert "<h1>Bad request</h1>" in response.content.decode()


def test_a_nul_in_a_form_field_is_a_message_on_the_field(client):
    rsvp = RsvpFactory(event=EventFactory(slug="forum"), party_size=1)
    address = own_address(client, rsvp, "rsvp_change")

    response = client.post(address, {"party_size": "1", "language": "en", "note": "a\x00b"})

    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["Null characters are not allowed."]


def test_the_refusal_speaks_the_readers_language_not_the_last_requests(client):
    """Each worker thread keeps the language its last request chose: the refusal must not
    answer in a stranger's language."""
    EventFactory(slug="forum")
    client.get("/events/forum/", HTTP_ACCEPT_LANGUAGE="es")  # this thread now speaks Spanish

    english = client.get("/events/forum/?q=%00", HTTP_ACCEPT_LANGUAGE="en")
    spanish = client.get("/events/forum/?q=%00", HTTP_ACCEPT_LANGUAGE="es")

    assert (english.status_code, spanish.status_code) == (400, 400)
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="es">' in spanish.content.decode()
