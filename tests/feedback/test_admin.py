"""Feedback in the admin: organizers read it, nobody edits or deletes a resident's words; the
table refuses a score outside 1 to 5."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from events.models import Feedback

from ..staff import organizer

pytestmark = pytest.mark.django_db


def test_organizers_read_feedback_in_the_admin_but_cannot_change_it(client, ended):
    answer = Feedback.objects.create(event=ended, usefulness=4, next_topic="Housing")
    organizer(client)

    listed = client.get(reverse("admin:events_feedback_changelist"))
    shown = client.get(reverse("admin:events_feedback_change", args=[answer.pk]))
    changed = client.post(
        reverse("admin:events_feedback_change", args=[answer.pk]),
        {"usefulness": "1", "next_topic": "Changed"},
    )

    assert [listed.status_code, shown.status_code] == [200, 200]
    assert "Housing" in shown.content.decode()
    assert changed.status_code == 403
    assert client.get(reverse("admin:events_feedback_add")).status_code == 403
    assert client.get(reverse("admin:events_feedback_delete", args=[answer.pk])).status_code == 403
    answer.refresh_from_db()
    assert (answer.usefulness, answer.next_topic) == (4, "Housing")


@pytest.mark.parametrize("score", [0, 6])
def test_the_table_refuses_a_score_outside_one_to_five(ended, score):
    with pytest.raises(IntegrityError):
        Feedback.objects.create(event=ended, usefulness=score)
