"""Background work, run by Django's Tasks framework (immediately, or by a db_worker)."""

from django.tasks import task


@task
def send_rsvp_email(delivery_id: int) -> None:
    from .emails import send_delivery

    send_delivery(delivery_id)


@task
def send_message_batch(message_id: int) -> None:
    """Send one batch of a staff message, then queue the next batch while any is left: a
    worker is never held for a whole mailing, and a second worker can share the work."""
    from .messaging import send_batch

    if send_batch(message_id):
        send_message_batch.enqueue(message_id)
