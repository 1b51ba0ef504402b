"""Who may open the organizers' cockpit, shared by its test modules."""

from urllib.parse import quote

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
