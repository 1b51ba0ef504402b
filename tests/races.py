"""Races on a real PostgreSQL server: many threads released at the same moment."""

import threading
from collections.abc import Callable

from django.db import connection


def run_together(actions: list[Callable[[], object]], timeout: float = 120) -> list:
    """Run every action in its own thread, all released at once, each on its own database
    connection. Returns what each action returned, in the order of `actions`; an action that
    raised gives its exception instead (every outcome is for the test to check)."""
    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index: int, action) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = action()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes


def recording(sql_seen: list[str]):
    """A database execute wrapper that adds each statement's SQL to `sql_seen`."""

    def record(execute, sql, params, many, context):
        sql_seen.append(sql)
        return execute(sql, params, many, context)

    return record
