"""A stranger who knows a neighbour's email address must learn nothing about whether the
neighbour RSVPed.

Two worlds that differ only in whose address one RSVP was made with (the neighbour's, or
another's), whether that RSVP is held or was cancelled, must give the stranger identical
answers: the RSVP
form with the neighbour's address, the manage page changing the stranger's own RSVP to it,
"Lost your link?" with it, and the public forum page and calendar file before and after.
Identical means: same status, same headers but for Date and cookie values, and the same body
once the stranger's own RSVP code, private link and each response's fresh tokens are masked.

The admin's RSVP form is not among them: it is for signed-in staff; no stranger reaches it.
How long each answer takes is measured in bench/privacy_timing.py (time is not a test).
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from events.enums import RsvpStatus
from events.models import EmailDelivery, Event, Rsvp

from .. import pages
from ..factories import EventFactory, RsvpFactory

pytestmark = pytest.mark.django_db

NEIGHBOUR = "amina@example.org"
STARTS = datetime.datetime(2027, 2, 19, 18, 30, tzinfo=datetime.UTC)
SOMEONE_ELSE = "carlos@example.org"
FRESH_VALUES = [
    rb'(name="csrfmiddlewaretoken" value=")[^"]*',
    rb'(name="form_token" value=")[^"]*',
    rb'(name="question-form_token" value=")[^"]*',
    rb"(DTSTAMP:)\S*",
]


def build(holder: str, status: str) -> Event:
    """The same forum in every world: 20 seats, one RSVP of 2 held by `holder`."""
    EmailDelivery.objects.all().delete()
    Rsvp.objects.all().delete()
    Event.objects.all().delete()
    forum = EventFactory(
        pk=7, slug="forum", title="Forum", capacity=20, max_party_size=6, starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(hours=2),
    )  # fmt: skip
    RsvpFactory(event=forum, email=holder, party_size=2, status=status, code="HOLDER")
    return forum


def masked(response, secrets: list[str]) -> tuple:
    """What the stranger can compare: status, headers (but for the time and cookie values), and
    the body with the stranger's own secrets and each response's fresh tokens masked."""
    body = response.content
    for pattern in FRESH_VALUES:
        body = re.sub(pattern, rb"\1<fresh>", body)
    # Date and Expires say when; Content-Length follows the fresh tokens (a signed time is
    # not always as long), and the masked body is compared instead.
    varying = {"Date", "Expires", "Content-Length"}
    headers = {name: value for name, value in response.headers.items() if name not in varying}
    for secret in secrets:
        body = body.replace(secret.encode(), b"<own>")
        headers = {name: value.replace(secret, "<own>") for name, value in headers.items()}
    return response.status_code, headers, sorted(response.cookies), body


def handle_on(result_page) -> str:
    """The address of the RSVP open in this browser, as the result page links to it."""
    return re.search(rb'href="/my-rsvp/([^/"]+)/"', result_page.content)[1].decode()


def what_the_stranger_sees(holder: str, status: str) -> list[tuple]:
    forum = build(holder, status)
    stranger = Client()
    page = stranger.get(forum.get_absolute_url())
    token = pages.form_token(page)
    seen = [page]
    own_rsvp = {"name": "Me", "party_size": "1", "email": "", "language": "en", "form_token": token}
    seen.append(stranger.post(reverse("events:rsvp", args=["forum"]), own_rsvp))
    mine, my_handle = Rsvp.objects.get(name="Me"), handle_on(seen[-1])
    with_neighbour = own_rsvp | {"name": "Neighbour", "party_size": "6", "email": NEIGHBOUR}
    with_neighbour["form_token"] = pages.form_token(stranger.get(forum.get_absolute_url()))
    seen.append(stranger.post(reverse("events:rsvp", args=["forum"]), with_neighbour))
    theirs, their_handle = Rsvp.objects.get(name="Neighbour"), handle_on(seen[-1])
    change = {"party_size": "1", "email": NEIGHBOUR, "language": "en"}
    seen.append(stranger.post(reverse("events:rsvp_change", args=[my_handle]), change))
    seen.append(stranger.get(reverse("events:manage", args=[my_handle])))
    lost = reverse("events:lost_link", args=["forum"])
    seen.append(stranger.post(lost, {"email": f" {NEIGHBOUR.upper()} "}))
    seen.append(stranger.get(forum.get_absolute_url()))
    seen.append(stranger.get(reverse("events:calendar", args=["forum"])))
    secrets = [mine.code, mine.manage_token, my_handle]
    secrets += [theirs.code, theirs.manage_token, their_handle]
    return [masked(response, secrets) for response in seen]


@pytest.mark.parametrize(
    "status", [RsvpStatus.CONFIRMED, RsvpStatus.CANCELLED], ids=["holds", "held and cancelled"]
)
def test_a_stranger_learns_nothing_about_whether_an_address_holds_an_rsvp(
    django_capture_on_commit_callbacks, status
):
    with django_capture_on_commit_callbacks(execute=True):
        neighbour_world = what_the_stranger_sees(NEIGHBOUR, status)
        other_world = what_the_stranger_sees(SOMEONE_ELSE, status)

    assert [status for status, *_ in neighbour_world] == [200, 200, 200, 303, 200, 200, 200, 200]
    assert neighbour_world == other_world
    # The stranger's RSVP with the neighbour's address is an RSVP of its own: the seats went.
    assert Event.objects.get().rsvps.active().filter(email=NEIGHBOUR).count() == 2
