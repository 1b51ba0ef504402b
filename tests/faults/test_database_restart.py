"""PostgreSQL restarted while residents RSVP: the site carries on by itself, and every RSVP it
answered "You have a seat" is stored, none twice.

The test makes a throwaway PostgreSQL cluster of its own on a free port (initdb and pg_ctl,
as the postgres user when run as root, as CI is), so the shared server is never touched."""

import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from .servers import free_port, manage, production_env, rsvp, serving

BIN = Path("/usr/lib/postgresql/15/bin")
pytestmark = pytest.mark.postgres  # a PostgreSQL test (deselected, not skipped, on SQLite)
# FAULT_RECOVERY=off: connections are not checked before use, to watch this test fail.
WITHOUT_RECOVERY = (
    {"DATABASE_HEALTH_CHECKS": "false"} if os.environ.get("FAULT_RECOVERY") == "off" else {}
)


def as_postgres(*command: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class Cluster:
    def __init__(self, directory: Path, port: int):
        self.directory, self.port = directory, port
        self.data, self.sockets = directory / "data", directory / "sockets"

    def run(self, *args: str) -> None:
        subprocess.run(as_postgres(*args), check=True, capture_output=True)

    def init(self) -> None:
        self.sockets.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
            shutil.chown(self.sockets, "postgres")
        self.run(str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust")

    def pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1"
        self.run(str(BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", *extra, action)

    def psql(self, sql: str, database: str = "postgres") -> str:
        done = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-At", "-c", sql,
             database],
            check=True,
            capture_output=True,
        )  # fmt: skip
        return done.stdout.decode()


@pytest.fixture(scope="module")
def cluster():
    # Not under pytest's own temporary folder: the postgres user cannot enter root's.
    directory = Path(tempfile.mkdtemp(prefix="civicforum-postgres-"))
    cluster = Cluster(directory, free_port())
    cluster.init()
    cluster.pg_ctl("start", "-l", str(cluster.directory / "log"))
    cluster.psql("CREATE DATABASE civicforum")
    database_url = f"postgres://postgres@127.0.0.1:{cluster.port}/civicforum"
    env = production_env(database_url)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_demo")
    cluster.psql("UPDATE events_event SET capacity = NULL", "civicforum")
    cluster.database_url = database_url
    cluster.slug = cluster.psql("SELECT slug FROM events_event", "civicforum").strip()
    yield cluster
    cluster.pg_ctl("stop", "-m", "immediate")
    shutil.rmtree(directory)


def stored(cluster) -> list[tuple[str, str]]:
    rows = cluster.psql("SELECT code, name FROM events_rsvp ORDER BY id", "civicforum")
    return [tuple(line.split("|")) for line in rows.splitlines()]


@pytest.mark.parametrize(
    "connections",
    [
        pytest.param({"DATABASE_CONN_MAX_AGE": "600"}, id="kept open"),
        pytest.param({}, id="pooled, the default"),
    ],
)
def test_residents_rsvping_through_a_database_restart_lose_nothing(cluster, connections):
    cluster.psql("TRUNCATE events_rsvp CASCADE", "civicforum")
    env = production_env(cluster.database_url, **connections, **WITHOUT_RECOVERY)
    back_up = threading.Event()

    def restart():
        cluster.pg_ctl("restart", "-m", "fast", "-l", str(cluster.directory / "log"))
        back_up.set()

    answers = []
    with serving(env) as port:
        for n in range(25):
            if n == 8:
                threading.Thread(target=restart).start()
            answers.append(
                (
                    back_up.is_set(),
                    *rsvp(port, cluster.slug, f"Resident {n}", f"198.51.100.{n + 1}"),
                )
            )
            if n >= 8 and not back_up.is_set():
                time.sleep(0.05)  # residents keep coming while it restarts
        back_up.wait(timeout=30)
        after = [rsvp(port, cluster.slug, f"Late {n}", f"203.0.113.{n + 1}") for n in range(10)]
        # And a restart while nobody is RSVPing (say, overnight): the connections the site
        # kept are dead by morning.
        restart()
        after += [rsvp(port, cluster.slug, f"Morning {n}", f"192.0.2.{n + 1}") for n in range(10)]

    seated = [code for _up, _status, code in answers if code] + [code for _s, code in after if code]
    codes = [code for code, _name in stored(cluster)]
    assert sorted(seated) == sorted(set(seated))  # no code answered twice
    assert set(seated) <= set(codes)  # every "You have a seat" is stored
    assert len(codes) == len(set(codes)) == len({name for _code, name in stored(cluster)})
    # Once the database is back, the site answers every resident without being restarted.
    assert [status for status, code in after] == [200] * 20
    assert all(code for _status, code in after)
    assert [status for up, status, _code in answers if up] == [200] * sum(up for up, *_ in answers)
