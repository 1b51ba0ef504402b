"""The outbox with the mail server down, through the task worker production runs
(`manage.py db_worker`): the RSVP is taken at once, the worker's try fails and is kept, and
the email goes out once the server is back. Nothing is lost, nothing is sent twice."""

import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from events.enums import DeliveryStatus
from events.models import EmailDelivery, Rsvp
from events.rsvps import rules

from ..factories import EventFactory
from .conftest import minutes_pass

# Committed for real: the worker closes and reopens its database connection, as it does in
# production, which a test transaction would not survive.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command(
        "db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO()
    )


def test_an_rsvp_made_while_mail_is_down_is_emailed_once_it_is_back(settings, mail_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    forum = EventFactory(capacity=10)

    held = Rsvp(event=forum, name="Amina", party_size=1, email="amina@example.org")
    placed = rules.place_rsvp(held)
    queued = DBTaskResult.objects.count()
    run_worker()  # the mail server is down

    delivery = EmailDelivery.objects.get(rsvp=placed.rsvp)
    assert (queued, placed.outcome) == (1, rules.Outcome.CREATED)
    assert (delivery.status, delivery.attempts, delivery.error) == (
        DeliveryStatus.PENDING,
        1,
        "ConnectionRefusedError: Connection refused",
    )
    assert mail_server.received == []

    mail_server.up()
    minutes_pass(1)
    out = io.StringIO()
    call_command("send_pending_emails", stdout=out)
    run_worker()

    delivery.refresh_from_db()
    assert out.getvalue() == "Sent 1, failed 0.\n"
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert mail_server.recipients() == ["amina@example.org"]
