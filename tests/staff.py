"""Who may open the organizers' cockpit, shared by its test modules."""

from urllib.parse import quote

from django.test import TestCase

from events.roles import ORGANIZER, SPEAKER

from .factories import UserFactory

# Who is asking, and the status each must get from a cockpit page.
VISITORS = {
    "anonymous": 302,
    "plain staff": 403,
    "speaker": 403,
    "organizer": 200,
    "superuser": 200,
}


def log_in_as(client, visitor: str):
    if visitor == "plain staff":
        client.force_login(UserFactory())
    elif visitor == "speaker":
        client.force_login(UserFactory(roles=[SPEAKER]))
    elif visitor == "organizer":
        client.force_login(UserFactory(roles=[ORGANIZER]))
    elif visitor == "superuser":
        client.force_login(UserFactory(is_superuser=True))
    return client


def organizer(client):
    return log_in_as(client, "organizer")


def login_redirect(url: str) -> str:
    return "/admin/login/?next=" + quote(url)


def excel_file(client, url: str, query: dict | None = None):
    """An Excel file as staff get it: the page that asks (GET), the button (POST; its task
    runs when the transaction commits, at once with the test settings' immediate backend),
    the page saying it is ready, and the download (POST). Returns the download."""
    assert client.get(url, query).status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        asked = client.post(url, query or {})
    assert asked.status_code == 303, asked.status_code
    ready = client.get(asked["Location"])
    assert ready.status_code == 200
    download = asked["Location"] + "download/"
    assert f'action="{download}"' in ready.text
    return client.post(download)
