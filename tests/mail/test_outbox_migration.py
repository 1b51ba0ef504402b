"""The migration to one outbox keeps every email that was owed, sent or refused, and makes
the messages that were never retried before due again."""

import datetime
import uuid

import pytest
from django.utils import timezone

from ..migrations import back_to_the_latest, migrate  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("events", "0007_question_labels")]
AFTER = [("events", "0010_outbox_cleanup")]


@pytest.mark.usefixtures("back_to_the_latest")
def test_old_deliveries_of_both_kinds_land_in_the_one_outbox():
    old = migrate(BEFORE)
    now = timezone.now()
    event = old.get_model("events", "Event").objects.create(
        title="Forum", slug="forum", summary="S", description="D", hosts="H", venue_name="V",
        venue_address="A", starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=3, hours=2),
    )  # fmt: skip
    rsvp_model = old.get_model("events", "Rsvp")
    amina, bao = (
        rsvp_model.objects.create(event=event, name=name, party_size=1, code=code,
                                  email=f"{name.lower()}@example.org", status="confirmed")
        for name, code in [("Amina", "AAAAAA"), ("Bao", "BBBBBB")]
    )  # fmt: skip
    rsvp_email = old.get_model("events", "EmailDelivery").objects
    rsvp_email.create(rsvp=amina, kind="confirmed", sent_at=now, attempts=1)
    rsvp_email.create(rsvp=bao, kind="confirmed", failed_at=now, attempts=1, error="OSError: x")
    rsvp_email.create(rsvp=bao, kind="reminder", failed_at=now, error="emails stopped")
    message = old.get_model("events", "Message").objects.create(
        event=event, audience="confirmed", subject="Room", body="Room 2.", form_token=uuid.uuid4()
    )
    delivery = old.get_model("events", "MessageDelivery").objects
    delivery.create(message=message, rsvp=amina, sent_at=now, claimed_at=now)
    # Claimed, failed, and then never tried again: the old defect.
    delivery.create(message=message, rsvp=bao, failed_at=now, claimed_at=now, error="OSError: x")

    new = migrate(AFTER)

    rows = new.get_model("events", "EmailDelivery").objects.order_by("pk")
    assert [
        (row.rsvp.name, row.kind, row.message_id, row.status, row.attempts, row.claimed_at)
        for row in rows
    ] == [
        ("Amina", "confirmed", None, "sent", 1, None),
        ("Bao", "confirmed", None, "pending", 1, None),
        ("Bao", "reminder", None, "skipped", 0, None),
        ("Amina", "message", message.pk, "sent", 1, now),
        ("Bao", "message", message.pk, "pending", 1, None),
    ]
