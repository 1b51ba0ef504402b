"""The connection pool as production runs it, under gunicorn on PostgreSQL: each worker keeps
its connections between requests, never holds more than it has threads, and replaces a
connection that died while it waited in the pool before a request gets it.

It makes a database of its own on the server DATABASE_URL names, and drops it at the end.
FAULT_RECOVERY=off hands out pooled connections unchecked, to watch the last test fail."""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from .servers import Browser, manage, production_env, serving

pytestmark = pytest.mark.postgres  # a PostgreSQL test (deselected, not skipped, on SQLite)
WITHOUT_RECOVERY = (
    {"DATABASE_HEALTH_CHECKS": "false"} if os.environ.get("FAULT_RECOVERY") == "off" else {}
)
WORKERS, THREADS = 2, 3


class Database:
    def __init__(self, server_url: str, name: str):
        server = urlsplit(server_url)
        self.name = name
        self.url = server._replace(path=f"/{name}").geturl()
        self.admin = psycopg.connect(server._replace(path="/postgres").geturl(), autocommit=True)

    def run(self, statement: str) -> None:
        self.admin.execute(sql.SQL(statement).format(sql.Identifier(self.name)))

    def backends(self) -> set[int]:
        """The server processes of the site's connections, open at this moment."""
        rows = self.admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [self.name],
        )
        return {pid for (pid,) in rows}

    def terminate_all(self) -> None:
        self.admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [self.name],
        )
        for _ in range(100):
            if not self.backends():
                return
            time.sleep(0.05)
        raise AssertionError("the site's connections outlived pg_terminate_backend")


def shell(env: dict[str, str], code: str) -> str:
    return manage(env, "shell", "--verbosity", "0", "-c", code).strip()


@pytest.fixture(scope="module")
def database():
    database = Database(os.environ["DATABASE_URL"], f"civicforum_pool_{os.getpid()}")
    database.run("DROP DATABASE IF EXISTS {} WITH (FORCE)")
    database.run("CREATE DATABASE {}")
    env = production_env(database.url)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_demo")
    database.slug = shell(env, "from events.models import Event; print(Event.objects.get().slug)")
    yield database
    database.run("DROP DATABASE {} WITH (FORCE)")
    database.admin.close()


def site_env(database: Database) -> dict[str, str]:
    return production_env(database.url, GUNICORN_THREADS=str(THREADS), **WITHOUT_RECOVERY)


def statuses(port: int, paths: list[str], at_once: int = 1) -> list[int]:
    with ThreadPoolExecutor(at_once) as clients:
        return list(clients.map(lambda path: Browser(port).request("GET", path)[0], paths))


def test_a_management_command_queries_through_a_pool_of_its_own(database):
    said = shell(
        site_env(database),
        "from django.db import connection; from events.models import Event;"
        "print(connection.pool is not None, connection.pool.max_size, Event.objects.count())",
    )

    assert said.split() == ["True", str(THREADS), "1"]


def test_workers_keep_their_connections_and_never_hold_more_than_their_threads(database):
    pages = ["/", f"/events/{database.slug}/"] * 40
    seen: list[int] = []
    busy = threading.Event()

    def watch():
        while busy.is_set():
            seen.append(len(database.backends()))
            time.sleep(0.01)

    with serving(site_env(database), workers=WORKERS) as port:
        busy.set()
        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            # More clients at once than the workers have threads, for 80 requests.
            answered = statuses(port, pages, at_once=2 * WORKERS * THREADS)
        finally:
            busy.clear()
            watcher.join()
        kept = database.backends()
        answered_after = statuses(port, pages[:20])
        kept_after = database.backends()

    assert answered == [200] * 80
    assert answered_after == [200] * 20
    assert 0 < max(seen) <= WORKERS * THREADS
    # Requests one after another take the connections already open: no new ones, none closed.
    assert kept_after == kept != set()


def test_connections_that_died_in_the_pool_are_replaced_before_a_request_gets_one(database):
    with serving(site_env(database), workers=WORKERS) as port:
        assert statuses(port, ["/"] * 10, at_once=WORKERS * THREADS) == [200] * 10
        killed = database.backends()
        database.terminate_all()  # say, a database restart or a failover while nobody visits

        answered = statuses(port, [f"/events/{database.slug}/"] * 10)
        replaced = database.backends()

    assert killed != set()
    assert answered == [200] * 10
    assert replaced & killed == set()
    assert 0 < len(replaced) <= WORKERS * THREADS
