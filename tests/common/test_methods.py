"""Every page that answers GET answers HEAD the same way (uptime monitors and link previews
send HEAD): the same status, redirect and type, no body, and the same audit entries. A route
must be in ROUTES or in POST_ONLY: a new one that is in neither fails
test_every_route_is_checked, so nobody forgets it."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.enums import AuditAction, ExportKind
from events.models import AuditEntry, Event, PreparedExport

from ..conftest import own_address
from ..factories import EventFactory, QuestionFactory, UserFactory
from ..routes import route_names

pytestmark = pytest.mark.django_db

SLUG = "forum"

# Routes that only take POST: what they are for, and arguments for an address of theirs.
POST_ONLY = {
    "events:rsvp": ("sends the RSVP form", [SLUG]),
    "events:ask": ("sends a question", [SLUG]),
    "events:send_feedback": ("sends the feedback form", [SLUG]),
    "events:vote": ("adds or removes a vote", [SLUG, 1]),
    "events:open_posted": ("the Continue button of a private link", []),
    "events:forget": ("Done — forget this on this device", []),
    "events:rsvp_change": ("saves a change", ["handle"]),
    "events:rsvp_stop_emails": ("stops reminders and messages", ["handle"]),
    "staff:check_in": ("checks a party in", [SLUG, "CODE"]),
    "staff:walk_in": ("counts walk-ins", [SLUG]),
    "staff:moderate": ("approves, hides or answers a question", [1]),
    "staff:merge": ("merges two questions", [1]),
    "staff:download_prepared": ("hands over a prepared Excel file, once", [1]),
    "csp_report": ("browsers' reports of blocked content", []),
}


def prepared_file(client, world) -> str:
    """The page of an Excel file the signed-in organizer asked for, still being prepared."""
    export = PreparedExport.objects.create(
        event=Event.objects.get(slug=SLUG),
        requested_by=User.objects.get(username="organizer"),
        kind=ExportKind.QUESTIONS,
        language="en",
    )
    return reverse("staff:prepared", args=[export.pk])


def ended_forum():
    ends = timezone.now() - datetime.timedelta(hours=1)
    return EventFactory(slug="ended", starts_at=ends - datetime.timedelta(hours=2), ends_at=ends)


# name -> (who asks: "anyone", "resident" or "staff", how to build its address, GET's status)
ROUTES = {
    "events:home": ("anyone", lambda c, w: reverse("events:home"), 200),
    "events:accessibility": ("anyone", lambda c, w: reverse("events:accessibility"), 200),
    "events:detail": ("anyone", lambda c, w: reverse("events:detail", args=[SLUG]), 200),
    "events:calendar": ("anyone", lambda c, w: reverse("events:calendar", args=[SLUG]), 200),
    "events:live": ("anyone", lambda c, w: reverse("events:live", args=[SLUG]), 200),
    "events:calendar_feed": (
        "anyone",
        lambda c, w: reverse("events:calendar_feed", args=["es"]),
        200,
    ),
    "events:short_link": (
        "anyone",
        lambda c, w: reverse("events:short_link", args=[Event.objects.get(slug=SLUG).pk, "es"]),
        302,
    ),
    "events:lost_link": ("anyone", lambda c, w: reverse("events:lost_link", args=[SLUG]), 200),
    "events:ask_page": ("anyone", lambda c, w: reverse("events:ask_page", args=[SLUG]), 200),
    "events:all_questions": (
        "anyone",
        lambda c, w: reverse("events:all_questions", args=[SLUG]),
        200,
    ),
    # Only once a forum is over (before, it is not found: tests/questions/test_views.py).
    "events:what_we_heard": (
        "anyone",
        lambda c, w: reverse("events:what_we_heard", args=[ended_forum().slug]),
        200,
    ),
    # Before the forum ends, a page saying when it opens (tests/feedback/test_views.py).
    "events:feedback": (
        "anyone",
        lambda c, w: reverse("events:feedback", args=[SLUG]),
        200,
    ),
    # A browser without cookies: the Continue button (with cookies: a 303, tested in rsvps/).
    "events:open_link": ("anyone", lambda c, w: reverse("events:open_link", args=[w.token]), 200),
    "events:stop_emails": (
        "anyone",
        lambda c, w: reverse("events:stop_emails", args=[w.token]),
        200,
    ),
    "events:not_me": ("anyone", lambda c, w: reverse("events:not_me", args=[w.token]), 200),
    "events:door": ("anyone", lambda c, w: reverse("events:door", args=[SLUG, "HKM347"]), 200),
    "events:manage": ("resident", lambda c, w: own_address(c, w.rsvp, "manage"), 200),
    "events:rsvp_cancel": ("resident", lambda c, w: own_address(c, w.rsvp, "rsvp_cancel"), 200),
    "events:rsvp_erase": ("resident", lambda c, w: own_address(c, w.rsvp, "rsvp_erase"), 200),
    "signin:code": ("staff", lambda c, w: reverse("signin:code"), 200),
    "staff:forums": ("staff", lambda c, w: reverse("staff:forums"), 200),
    "staff:prepared": ("staff", prepared_file, 200),
    # Django's language switcher: a GET changes nothing and goes back to the page.
    "set_language": ("anyone", lambda c, w: reverse("set_language") + "?next=/events/forum/", 302),
    **{
        f"staff:{name}": (
            "staff",
            lambda c, w, name=name: reverse(f"staff:{name}", args=[SLUG]),
            200,
        )
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
            "outreach",
            "flyer",
            "feedback_csv",
        ]
    },
    "staff:checkin_rsvp": (
        "staff",
        lambda c, w: reverse("staff:checkin_rsvp", args=[SLUG, w.rsvp.code]),
        200,
    ),
    "staff:edit": ("staff", lambda c, w: reverse("staff:edit", args=[w.question.pk]), 200),
}

# The pages that show residents' data: each GET, and each HEAD, writes one audit entry. (An
# Excel file's page writes nothing: the entry is written when its task builds the file.)
AUDITED = {
    "staff:attendees_csv": AuditAction.EXPORT_RSVPS,
    "staff:accommodations": AuditAction.VIEW_ATTENDEES,
    "staff:checkin_rsvp": AuditAction.VIEW_ATTENDEES,
    "staff:export_csv": AuditAction.EXPORT_QUESTIONS,
    "staff:feedback_csv": AuditAction.EXPORT_FEEDBACK,
}


def test_every_route_is_checked():
    assert route_names() - ROUTES.keys() - POST_ONLY.keys() == set()
    assert (ROUTES.keys() | POST_ONLY.keys()) - route_names() == set()
    assert ROUTES.keys() & POST_ONLY.keys() == set()


SAME_HEADERS = [
    "Location",
    "Content-Type",
    "Content-Disposition",
    "Cache-Control",
    "Referrer-Policy",
]


class World:
    def __init__(self, book):
        event = EventFactory(slug=SLUG, capacity=10, max_party_size=4)
        self.rsvp = book(event, party_size=2, email="amina@example.org")
        self.token = self.rsvp.manage_token
        self.question = QuestionFactory(event=event)


def body(response) -> bytes:
    """All of it; reading a download to the end also closes its temporary file."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def audit_written(since: int) -> list[tuple]:
    entries = AuditEntry.objects.filter(pk__gt=since).order_by("pk")
    return list(entries.values_list("username", "action", "event__slug", "record_count", "detail"))


def last_audit_pk() -> int:
    return AuditEntry.objects.order_by("pk").values_list("pk", flat=True).last() or 0


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_head_answers_like_get(client, book, name):
    who, address, status = ROUTES[name]
    world = World(book)
    if who == "staff":
        client.force_login(UserFactory(username="organizer", is_superuser=True, is_staff=True))
    url = address(client, world)

    before_get = last_audit_pk()
    got = client.get(url)
    got_body = body(got)
    by_get = audit_written(before_get)
    # Someone else's HEAD for a public page: a private link's first answer depends on cookies.
    before_head = last_audit_pk()
    head = (Client() if who == "anyone" else client).head(url)
    head_body = body(head)

    assert (got.status_code, got_body != b"") == (status, status == 200)
    assert [action for _user, action, *_rest in by_get] == (
        [AUDITED[name]] if name in AUDITED else []
    )
    # The headers of private pages (never cached, no referrer) too.
    assert [head.status_code, *(head.get(h) for h in SAME_HEADERS), head_body] == [
        got.status_code,
        *(got.get(h) for h in SAME_HEADERS),
        b"",
    ]
    # A look at residents' data is logged once per request, HEAD or GET, in the same words.
    assert audit_written(before_head) == by_get


@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_post_only_routes_refuse_get_and_head(client, name):
    _reason, args = POST_ONLY[name]
    url = reverse(name, args=args)

    answers = [client.get(url), client.head(url)]

    assert [(a.status_code, a["Allow"]) for a in answers] == [(405, "POST"), (405, "POST")]
