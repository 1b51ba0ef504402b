"""Every page that answers GET answers HEAD the same way (uptime monitors and link previews
send HEAD). A route must be in ROUTES or in POST_ONLY: a new one that is in neither fails
test_every_route_is_checked, so nobody forgets it."""

import pytest
from django.test import Client
from django.urls import reverse

from ..conftest import close_download, own_address
from ..factories import EventFactory, QuestionFactory, UserFactory
from ..routes import route_names

pytestmark = pytest.mark.django_db

# Routes that only take POST, and what they are for.
POST_ONLY = {
    "events:rsvp": "sends the RSVP form",
    "events:ask": "sends a question",
    "events:vote": "adds or removes a vote",
    "events:open_posted": "the Continue button of a private link",
    "events:forget": "Done — forget this on this device",
    "events:rsvp_change": "saves a change",
    "events:rsvp_stop_emails": "stops reminders and messages",
    "staff:check_in": "checks a party in",
    "staff:walk_in": "counts walk-ins",
    "staff:moderate": "approves, hides or answers a question",
    "staff:merge": "merges two questions",
    "set_language": "Django's language switcher",
    "csp_report": "browsers' reports of blocked content",
}

SLUG = "forum"


# name -> (who asks: "anyone", "resident" or "staff", how to build its address)
ROUTES = {
    "events:home": ("anyone", lambda c, w: reverse("events:home")),
    "events:accessibility": ("anyone", lambda c, w: reverse("events:accessibility")),
    "events:detail": ("anyone", lambda c, w: reverse("events:detail", args=[SLUG])),
    "events:calendar": ("anyone", lambda c, w: reverse("events:calendar", args=[SLUG])),
    "events:lost_link": ("anyone", lambda c, w: reverse("events:lost_link", args=[SLUG])),
    "events:ask_page": ("anyone", lambda c, w: reverse("events:ask_page", args=[SLUG])),
    "events:what_we_heard": ("anyone", lambda c, w: reverse("events:what_we_heard", args=[SLUG])),
    "events:open_link": ("anyone", lambda c, w: reverse("events:open_link", args=[w.token])),
    "events:stop_emails": ("anyone", lambda c, w: reverse("events:stop_emails", args=[w.token])),
    "events:not_me": ("anyone", lambda c, w: reverse("events:not_me", args=[w.token])),
    "events:manage": ("resident", lambda c, w: own_address(c, w.rsvp, "manage")),
    "events:rsvp_cancel": ("resident", lambda c, w: own_address(c, w.rsvp, "rsvp_cancel")),
    "events:rsvp_erase": ("resident", lambda c, w: own_address(c, w.rsvp, "rsvp_erase")),
    "signin:code": ("staff", lambda c, w: reverse("signin:code")),
    **{
        f"staff:{name}": ("staff", lambda c, w, name=name: reverse(f"staff:{name}", args=[SLUG]))
        for name in [
            "dashboard",
            "checkin",
            "attendees_csv",
            "attendees_xlsx",
            "accommodations",
            "messages",
            "queue",
            "export_csv",
            "export_xlsx",
            "sheet",
            "presenter",
        ]
    },
    "staff:checkin_rsvp": (
        "staff",
        lambda c, w: reverse("staff:checkin_rsvp", args=[SLUG, w.rsvp.code]),
    ),
    "staff:edit": ("staff", lambda c, w: reverse("staff:edit", args=[w.question.pk])),
}


def test_every_route_is_checked():
    assert route_names() - ROUTES.keys() - POST_ONLY.keys() == set()
    assert (ROUTES.keys() | POST_ONLY.keys()) - route_names() == set()


class World:
    def __init__(self, book):
        event = EventFactory(slug=SLUG, capacity=10, max_party_size=4)
        self.rsvp = book(event, party_size=2, email="amina@example.org")
        self.token = self.rsvp.manage_token
        self.question = QuestionFactory(event=event)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_head_answers_like_get(client, book, name):
    who, address = ROUTES[name]
    world = World(book)
    if who == "staff":
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = address(client, world)

    got = client.get(url)
    # Someone else's HEAD for a public page: a private link's first answer depends on cookies.
    head = (Client() if who == "anyone" else client).head(url)
    close_download(got)
    close_download(head)

    assert got.status_code in {200, 302, 303}, got.status_code
    assert (head.status_code, head.get("Location"), head["Content-Type"]) == (
        got.status_code,
        got.get("Location"),
        got["Content-Type"],
    )
