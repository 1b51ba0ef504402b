"""Background work, run by Django's Tasks framework (immediately, or by a db_worker)."""

from django.tasks import task


@task
def send_rsvp_email(delivery_id: int) -> None:
    from .emails import send_delivery

    send_delivery(delivery_id)
