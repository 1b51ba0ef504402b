import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.enums import EventStatus

from .. import pages
from ..factories import EventFactory


@pytest.fixture
def ended(db):
    """A published forum that ended yesterday: its feedback form is open."""
    start = timezone.now() - datetime.timedelta(days=1, hours=2)
    return EventFactory(
        slug="ended",
        capacity=10,
        status=EventStatus.PUBLISHED,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )


def page_url(event) -> str:
    return reverse("events:feedback", args=[event.slug])


def send_url(event) -> str:
    return reverse("events:send_feedback", args=[event.slug])


def answers(client, event, **fields) -> dict:
    """The form as a browser sends it, with the token of a freshly opened page."""
    token = pages.form_token(client.get(page_url(event)), "feedback-form_token")
    data = {"feedback-form_token": token, "feedback-usefulness": "4"}
    data.update({f"feedback-{name}": value for name, value in fields.items()})
    return data


def send(client, event, **fields):
    return client.post(send_url(event), answers(client, event, **fields))
