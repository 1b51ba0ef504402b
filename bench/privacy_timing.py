"""How long the site takes to answer a stranger, for an address that holds an RSVP and for a
fresh one, side by side: the RSVP form, the manage page's email change and "Lost your link?".

If the times differ, a stranger timing the answers learns whether a neighbour RSVPed. This is
a measurement, not a test (two shared cores are noisy): it prints, and judging is for people.

Run from the project root with PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth):
    .venv/bin/python bench/privacy_timing.py [--rounds 200]
It makes its own database, serves the site with production settings under gunicorn (DEBUG
off, behind a proxy header, the database task queue with no worker: mail never goes out in
the request), and drops the database at the end.
"""

import argparse
import re
import shutil
import signal
import statistics
import subprocess
import sys
from pathlib import Path

from proxied import Browser, production_env

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8791
DATABASE = "civicforum_bench_privacy"
HELD = "held@example.org"


def environment() -> dict[str, str]:
    return production_env(
        f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        EMAIL_URL="smtp://127.0.0.1:2525",
        # This measures timing, not abuse: one script fills many forms at once from one address.
        RSVP_MIN_SECONDS="0",
        RATE_LIMIT_RSVP_BROWSER="100000/3600",
        NETWORK_LIMIT_RSVP_SEATS="100000,0",
    )


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql, "postgres"],
                   check=True)  # fmt: skip


def manage(env, *args: str) -> str:
    command = [PYTHON, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


def rsvp(browser, slug, email) -> tuple[int, float, str]:
    form = browser.form_tokens(f"/events/{slug}/") | {
        "name": "Stranger", "party_size": "1", "email": email, "language": "en",
    }  # fmt: skip
    status, page, elapsed = browser.request("POST", f"/events/{slug}/rsvp/", form)
    # The RSVP stays open in this browser under a handle (its private link is not needed).
    handle = re.search(r'href="/my-rsvp/([^/"]+)/"', page)
    return status, elapsed, handle[1] if handle else ""


def change_email(browser, handle, email) -> tuple[int, float]:
    form = browser.form_tokens(f"/my-rsvp/{handle}/") | {
        "party_size": "1", "email": email, "language": "en",
    }  # fmt: skip
    status, _page, elapsed = browser.request("POST", f"/my-rsvp/{handle}/change/", form)
    return status, elapsed


def lost_link(browser, slug, email) -> tuple[int, float]:
    form = browser.form_tokens(f"/events/{slug}/rsvp/lost/") | {"email": email}
    status, _page, elapsed = browser.request("POST", f"/events/{slug}/rsvp/lost/", form)
    return status, elapsed


def measure(rounds: int, slug: str) -> dict[str, dict[str, list[float]]]:
    times = {case: {"held": [], "fresh": []} for case in ("RSVP form", "email change", "lost link")}
    owner = Browser(PORT, network="203.0.113.9")
    _status, _elapsed, own_handle = rsvp(owner, slug, "")
    for number in range(rounds):
        # Alternate which goes first, so neither side always meets a warm cache.
        order = [("held", HELD), ("fresh", f"fresh{number}@example.org")]
        for side, email in order if number % 2 else reversed(order):
            visitor = Browser(PORT, network=f"198.51.100.{number % 250 + 1}")
            status, elapsed, _handle = rsvp(visitor, slug, email)
            assert status == 200, status
            times["RSVP form"][side].append(elapsed)
            status, elapsed = change_email(owner, own_handle, email)
            assert status == 303, status
            times["email change"][side].append(elapsed)
            status, elapsed = lost_link(visitor, slug, email)
            assert status == 200, status
            times["lost link"][side].append(elapsed)
    return times


def report(times) -> None:
    print(f"{'case':<14}{'held p50':>10}{'fresh p50':>11}{'held p90':>10}{'fresh p90':>11}"
          f"{'p50 diff':>10}  (milliseconds)")  # fmt: skip
    for case, sides in times.items():
        p50 = {side: statistics.median(values) * 1000 for side, values in sides.items()}
        p90 = {
            side: statistics.quantiles(values, n=10)[-1] * 1000 for side, values in sides.items()
        }
        print(f"{case:<14}{p50['held']:>10.1f}{p50['fresh']:>11.1f}{p90['held']:>10.1f}"
              f"{p90['fresh']:>11.1f}{p50['held'] - p50['fresh']:>+10.1f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    env = environment()
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    server = None
    try:
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        manage(env, "load_demo")
        slug = manage(env, "shell", "--verbosity", "0", "-c", (
            "from events.models import Event, Rsvp; from events.rsvps import rules;"
            "e = Event.objects.get(); e.capacity = None; e.save();"
            f"rules.place_rsvp(Rsvp(event=e, name='Neighbour', party_size=2, email='{HELD}'));"
            "print(e.slug)"
        )).strip()  # fmt: skip
        gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent))
        server = subprocess.Popen(
            [gunicorn, "civicforum.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "2"],
            cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        Browser(PORT).wait_until_up()
        print(f"{rounds} rounds of each case, each side, gunicorn (2 gthread workers), PostgreSQL, "
              "DEBUG off, behind a proxy header\n")  # fmt: skip
        report(measure(rounds, slug))
    finally:
        if server:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
