"""The one lock behind every rule that counts and then writes: the forum's row.

Seats, check-ins, questions and moderation all take it first, then count again, then write,
all in one transaction. On PostgreSQL SELECT ... FOR UPDATE holds the row until the
transaction ends; on SQLite the IMMEDIATE transaction (see settings) holds the whole
database, and select_for_update() does nothing at all. Outside a transaction the lock would
be let go at once, on both, without an error: lock_event() refuses to run there.

Lock order: the forum first, then any of its questions. Every rule takes them in that order,
so two of them never wait on each other forever.
"""

from django.db import transaction
from django.db.transaction import TransactionManagementError

from ..models import Event


def lock_event(event_id: int) -> Event:
    """Lock the forum's row until the transaction ends, and return it as it is now."""
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("lock_event() must run inside transaction.atomic().")
    return Event.objects.select_for_update().get(pk=event_id)
