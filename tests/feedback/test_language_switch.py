"""Switching language on the feedback form keeps what was typed, saves nothing, counts nothing."""

import pytest

from events.models import Feedback

from .. import pages
from .conftest import answers, send_url

pytestmark = pytest.mark.django_db


def test_half_typed_feedback_comes_back_in_spanish_and_counts_against_no_limit(
    client, ended, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": {"browser": (1, 600)}}
    data = answers(client, ended, next_topic="Vivienda", usefulness="2")

    for _ in range(3):
        switched = client.post(
            send_url(ended), data | {"switch_language": "typed", "switch_to": "es"}
        )
        assert switched.status_code == 200
        assert switched.context["form"]["next_topic"].value() == "Vivienda"
        assert switched.context["form"]["usefulness"].value() == "2"
        assert "¿El foro le fue útil?" in pages.text(switched)
    assert Feedback.objects.count() == 0

    sent = client.post(send_url(ended), data)

    assert sent.status_code == 303
    assert list(Feedback.objects.values_list("usefulness", "next_topic", "language")) == [
        (2, "Vivienda", "es")
    ]
