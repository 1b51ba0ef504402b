import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from events.common.locking import lock_event

from ..factories import EventFactory


@pytest.mark.django_db(transaction=True)
def test_the_forum_lock_refuses_to_run_outside_a_transaction():
    """Outside a transaction the lock would be let go at once, and on SQLite
    select_for_update() raises nothing: the helper itself must say no."""
    forum = EventFactory()

    with pytest.raises(TransactionManagementError) as refused:
        lock_event(forum.pk)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = lock_event(forum.pk)

    assert str(refused.value) == "lock_event() must run inside transaction.atomic()."
    assert locked == forum
    # SQLite has no row locks (its IMMEDIATE transaction holds the whole database instead).
    expected = "FOR UPDATE" if connection.vendor == "postgresql" else "SELECT"
    assert expected in queries.captured_queries[-1]["sql"]
