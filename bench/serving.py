"""What a bench needs around the site: its own PostgreSQL database, manage.py, and gunicorn
started from the project's directory (so it reads gunicorn.conf.py) and stopped again."""

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
POSTGRES = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]


def psql(sql: str, database: str = "postgres") -> str:
    command = [*POSTGRES, "-At", "-c", sql, database]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def database_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def create_database(name: str) -> None:
    drop_database(name)
    psql(f"CREATE DATABASE {name}")


def drop_database(name: str) -> None:
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def manage(env: dict[str, str], *args: str) -> str:
    command = [PYTHON, "manage.py", *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def gunicorn(app: str, port: int, env: dict[str, str], workers: int, log: Path) -> subprocess.Popen:
    """gunicorn serving `app` with the project's gunicorn.conf.py, its error log appended to
    `log`; bench/ is on the path too, for the bare app. Its control socket is off: two of them
    must not share one."""
    binary = shutil.which("gunicorn", path=str(Path(PYTHON).parent))
    command = [
        binary,
        app,
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--pythonpath",
        str(BENCH),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--no-control-socket",
    ]
    with log.open("a") as errors:
        return subprocess.Popen(command, cwd=ROOT, env=env, stderr=errors)


def stop(server: subprocess.Popen | None, *, at_once: bool = False) -> None:
    """Stop gunicorn: its workers finish the request in hand, or (at_once) drop it."""
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGQUIT if at_once else signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _cpu_ticks(parent: int) -> int:
    """CPU time so far of a process's children (gunicorn's workers), in clock ticks."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == parent:
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def wait_until_idle(server: subprocess.Popen, most_seconds: float) -> tuple[float, bool]:
    """Wait until the workers stop using the CPU: when wrk stops, the requests it had sent
    are still answered, and they must not eat into the next run. How long it took, and
    whether they did stop within most_seconds."""
    started = time.monotonic()
    before = _cpu_ticks(server.pid)
    while time.monotonic() - started < most_seconds:
        time.sleep(0.5)
        now = _cpu_ticks(server.pid)
        if now - before <= 2:  # at most 20 ms of CPU in half a second
            return time.monotonic() - started, True
        before = now
    return time.monotonic() - started, False


def in_site(env: dict[str, str], module: str, *args: str) -> dict:
    """What `module`.main(*args) returns, run inside the site by bench/in_site.py."""
    command = [PYTHON, str(BENCH / "in_site.py"), module, *args]
    done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)
