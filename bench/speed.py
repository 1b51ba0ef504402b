"""How fast the site answers, next to a bare Django app on the same machine: `make bench`.

Run from the project root with PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and
wrk installed (`make bench` installs Debian's package):
    .venv/bin/python bench/speed.py [--duration 10] [--quick]

It makes its own database, serves the site with production settings under gunicorn and, from
the same gunicorn with the same settings on another port, a bare Django app answering "ok"
behind the middleware `startproject` writes (bench/bare/). wrk drives both at 50 connections,
app and bare in turn (A B A B), for the forum page (a first-time visitor; a returning voter),
the RSVP form sent, and the organizers' question queue; then again with 20,000 questions and
10,000 RSVPs added; then it times the question exports (CSV, XLSX) of 100,000 questions. It
prints figures and targets and fails on none (two shared cores are noisy); it drops its
database at the end, on failure and on Ctrl-C too.
"""

import argparse
import dataclasses
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import report
import serving
import visitors
import wrk
from proxied import Browser, production_env

APP_PORT, BARE_PORT = 8793, 8794
DATABASE = "civicforum_bench_speed"
WORKERS = 2 * (os.cpu_count() or 2)
DEMO_QUESTIONS = 12  # the demo forum has none: these give the returning voter something to vote for
GROWN_QUESTIONS, GROWN_RSVPS = 20_000, 10_000
EXPORTED_QUESTIONS = 100_000
TOKENS_PER_SECOND = 400  # more RSVP form tokens than POSTs a run gets through
# This measures speed, not abuse: the POSTs come from a script. Each POST already comes from a
# network and a browser of its own; the limits are raised so no refusal can be measured.
RAISED_LIMITS = {
    "RATE_LIMIT_RSVP_BROWSER": "1000000/3600",
    "NETWORK_LIMIT_RSVP_SEATS": "1000000,0",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="2 s per run and 10,000 questions exported: a smoke run",
    )
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/13",
        help="REDIS_URL for the site ('' for each process's own memory)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="another setting for the site, e.g. DATABASE_CONN_MAX_AGE=60",
    )
    args = parser.parse_args()
    if args.quick:
        args.duration = 2
    args.exported = 10_000 if args.quick else EXPORTED_QUESTIONS
    return args


def environment(args: argparse.Namespace) -> dict[str, str]:
    extra = dict(setting.split("=", 1) for setting in args.set)
    redis = {"REDIS_URL": args.redis} if args.redis else {}
    return production_env(
        serving.database_url(DATABASE),
        EMAIL_URL="smtp://127.0.0.1:2525",  # never reached: mail waits for a worker that never runs
        **RAISED_LIMITS | redis | extra,
    )


STARTED = time.monotonic()


def progress(message: str) -> None:
    print(f"{time.monotonic() - STARTED:6.0f} s  {message}", file=sys.stderr, flush=True)


# Once wrk stops, the site still answers the requests it had sent (up to one a connection):
# at 20,000 questions that is minutes of work. Past this, the site is restarted instead.
SETTLE_SECONDS = 10


class Servers:
    """The site and the bare app, each under gunicorn with the same settings and workers."""

    def __init__(self, env: dict[str, str], logs: Path):
        bare_env = {k: v for k, v in env.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
        bare_env["DJANGO_SETTINGS_MODULE"] = "bare.settings"
        self.apps = {
            APP_PORT: ("civicforum.wsgi", env),
            BARE_PORT: ("bare.wsgi", bare_env),
        }
        self.servers: dict[int, subprocess.Popen] = {}
        self.logs = logs

    def start_all(self) -> None:
        for port in self.apps:
            self.start(port)

    def start(self, port: int) -> None:
        app, env = self.apps[port]
        log = self.logs / f"gunicorn-{port}.log"
        self.servers[port] = serving.gunicorn(app, port, env, WORKERS, log)
        Browser(port).wait_until_up(tries=300)
        for _request in range(2 * WORKERS):  # each worker loads its code and templates
            Browser(port).request("GET", "/")

    def settle(self) -> str:
        """Wait until neither has requests left to answer, restarting one that takes longer
        than SETTLE_SECONDS; what happened."""
        said = []
        for port, server in self.servers.items():
            waited, idle = serving.wait_until_idle(server, SETTLE_SECONDS)
            if not idle:
                serving.stop(server, at_once=True)
                self.start(port)
                said.append(
                    f"{'app' if port == APP_PORT else 'bare'} restarted after {waited:.0f} s"
                )
        return ", ".join(said) or "both idle"

    def stop(self) -> None:
        for server in self.servers.values():
            serving.stop(server)


def measure(servers: Servers, visitor: visitors.Visitor, seconds: int, tokens=None) -> report.Row:
    """A B A B: the site, the bare app, the site, the bare app, each run after the last has
    finished answering what it had queued; for POSTs, each run with tokens of its own."""
    row = report.Row(visitor, notes=[visitor.problem] if visitor.problem else [])
    servers.settle()
    for _round in range(2):
        for port, runs in ((APP_PORT, row.app), (BARE_PORT, row.bare)):
            load = visitor.load
            if tokens:
                load = dataclasses.replace(load, tokens=tokens.take(TOKENS_PER_SECOND * seconds))
            run = wrk.run(port, load, seconds)
            runs.append(run)
            settled = servers.settle()
            side = "app" if port == APP_PORT else "bare"
            progress(
                f"  {visitor.name}, {side}: {run.per_second:.1f} req/s, p50 {run.p50_ms:.1f}"
                f" ms, p99 {run.p99_ms:.1f} ms ({settled})"
            )
            if "restarted" in settled:
                row.notes.append(f"after {side} run {len(runs)}: {settled} (see SETTLE_SECONDS)")
    row.notes += report.error_notes(row.app, "app") + report.error_notes(row.bare, "bare")
    return row


def post_notes(env, slug: str, row: report.Row, before: dict[str, int]) -> None:
    """What the POSTs did, so nobody takes a refusal or a replay for an RSVP."""
    after = serving.in_site(env, "fill", "count", slug)
    made = {status: after.get(status, 0) - before.get(status, 0) for status in after}
    answered = sum(sum(run.statuses.values()) for run in row.app)
    sent = sum(run.sent for run in row.app)
    results = sum(run.expected for run in row.app)
    reused = sum(run.tokens_reused for run in row.app)
    gained = ", ".join(f"{n} {status}" for status, n in sorted(made.items()) if n) or "none"
    row.notes += [
        f"app answered {report.statuses(row.app)}, {results} of them the page of an RSVP just "
        f"made; bare answered {report.statuses(row.bare)}",
        f"wrk sent the app {sent} POSTs, {sent - answered} of them handled only after wrk "
        f"stopped reading at the runs' ends; RSVPs the forum gained: {gained}",
        f"each POST had a form token of its own ({reused} sent a second time: replays)",
    ]


def measure_size(env, servers, slug: str, people: dict, seconds: int) -> list[report.Row]:
    tokens = servers.logs / "rsvp-form-tokens.txt"  # each run's share is written beside it
    try:
        count = TOKENS_PER_SECOND * seconds * 4 + 1
        serving.in_site(env, "fill", "tokens", slug, str(count), str(tokens))
        rows = [
            measure(servers, visitors.first_time(APP_PORT, slug), seconds),
            measure(servers, visitors.returning(people["returning voter"], slug), seconds),
        ]
        sender, pool = visitors.rsvp_post(APP_PORT, slug, tokens)
        before = serving.in_site(env, "fill", "count", slug)
        posting = measure(servers, sender, seconds, pool)
        post_notes(env, slug, posting, before)
        rows.append(posting)
        rows.append(measure(servers, visitors.queue(people["organizer"], slug), seconds))
        return rows
    finally:
        for used in servers.logs.glob("rsvp-form-tokens*.txt"):
            used.unlink()


def exports(env, account: dict, questions: int) -> list[dict]:
    progress(f"adding a forum with {questions:,} questions to export")
    slug = serving.in_site(env, "fill", "export-forum", str(questions))["slug"]
    measured = []
    for extension in ("csv", "xlsx"):
        measured.append(serving.in_site(env, "exports", extension, slug, account["username"]))
        progress(f"  {extension.upper()}: {measured[-1]['seconds']:.1f} s")
    return measured


def prepare(env) -> tuple[str, dict]:
    progress("migrating a fresh database and loading the demo forum")
    serving.manage(env, "migrate", "--verbosity", "0")
    serving.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    slug = re.search(r"\(/events/([^/]+)/\)", serving.manage(env, "load_demo"))[1]
    serving.in_site(env, "fill", "questions", slug, str(DEMO_QUESTIONS))
    return slug, serving.in_site(env, "fill", "organizer")


def grow(env, slug: str) -> str:
    progress(f"adding {GROWN_QUESTIONS:,} questions and {GROWN_RSVPS:,} RSVPs")
    serving.in_site(env, "fill", "forget-posts", slug)
    serving.in_site(env, "fill", "questions", slug, str(GROWN_QUESTIONS))
    room = serving.in_site(env, "fill", "rsvps", slug, str(GROWN_RSVPS))
    serving.psql("ANALYZE", DATABASE)  # as autovacuum would have by the time a forum is this big
    return (
        f"the RSVPs: 9 in 10 hold seats, 1 in 10 cancelled; the room grown to "
        f"{room['capacity']:,} seats, so a few are left; the POST runs' own RSVPs deleted first"
    )


def machine() -> str:
    cpu = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    memory = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.MULTILINE)
    postgres = serving.psql("SHOW server_version").split()[0]
    return (
        f"{os.cpu_count()} cores ({cpu[1] if cpu else 'unknown CPU'}), "
        f"{int(memory[1]) / 1024**2:.1f} GB RAM, PostgreSQL {postgres}, {sys.platform}"
    )


def header(args, env, people: dict) -> list[str]:
    threads = env.get("GUNICORN_THREADS") or "4"  # gunicorn.conf.py's default
    conn = (
        f"DATABASE_CONN_MAX_AGE={env['DATABASE_CONN_MAX_AGE']} (no pool)"
        if env.get("DATABASE_CONN_MAX_AGE")
        else f"DATABASE_POOL={env.get('DATABASE_POOL') or 'on (the default)'}"
    )
    cache = f"Redis ({env['REDIS_URL']})" if env.get("REDIS_URL") else "each process's memory"
    extra = f"; also set: {', '.join(args.set)}" if args.set else ""
    return [
        f"Civic Forum speed, {time.strftime('%Y-%m-%d %H:%M %Z')}, on {machine()}",
        f"site: gunicorn civicforum.wsgi, {WORKERS} gthread workers of {threads} threads, "
        f"gunicorn.conf.py, production settings (DEBUG off, behind one proxy), {conn}, "
        f"cache in {cache}{extra}",
        "bare: gunicorn bare.wsgi (bench/bare/: HttpResponse('ok') behind startproject's "
        "middleware), same binary, workers and gunicorn.conf.py",
        f"wrk: {wrk.THREADS} threads, {wrk.CONNECTIONS} connections, {args.duration} s a run, "
        "app and bare in turn A B A B; req/s over both runs, p50 their mean, p99 the higher; "
        f"KB = {report.KB} bytes of HTML the site answered",
        "RSVP POST: one-time form tokens made beforehand with the site's own new_token(), "
        "opened a minute before (RSVP_MIN_SECONDS untouched), one per POST; a new browser and "
        "network per POST; limits raised: "
        + ", ".join(f"{name}={value}" for name, value in RAISED_LIMITS.items()),
        "cookies sent: "
        + "; ".join(
            f"{who}: {', '.join(sorted(n for n, v in browser.cookies.items() if v))}"
            for who, browser in people.items()
        )
        + "; a first-time visitor sends none",
    ]


def exit_cleanly_on_signals() -> None:
    """`timeout` or a closed terminal: still stop the servers and drop the database, as on
    Ctrl-C."""
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))
    signal.signal(signal.SIGHUP, lambda _signal, _frame: sys.exit(129))


def main() -> None:
    args = parse_args()
    env = environment(args)
    exit_cleanly_on_signals()
    sizes = (
        f"the demo forum with {DEMO_QUESTIONS} questions",
        f"{GROWN_QUESTIONS:,} questions and {GROWN_RSVPS:,} RSVPs added",
    )
    work = Path(tempfile.mkdtemp(prefix="civicforum-bench-"))
    serving.create_database(DATABASE)
    servers = Servers(env, work)
    try:
        slug, account = prepare(env)
        servers.start_all()
        people = {
            "returning voter": visitors.returning_voter(APP_PORT, slug),
            "organizer": visitors.organizer(APP_PORT, slug, account),
        }
        progress(f"measuring {sizes[0]}")
        small = measure_size(env, servers, slug, people, args.duration)
        grown = grow(env, slug)
        progress(f"measuring {sizes[1]}")
        big = measure_size(env, servers, slug, people, args.duration)
        servers.stop()
        exported = exports(env, account, args.exported)
        lines = [*header(args, env, people), ""]
        lines += [*report.table(f"At {sizes[0]}", small), ""]
        lines += [*report.table(f"At {sizes[1]} ({grown})", big), ""]
        lines += [*report.export_table(exported), ""]
        lines += report.targets(small, big, exported, ("demo size", "20,000 questions"))
        print("\n".join(lines))
        print(f"\n(the whole run took {(time.monotonic() - STARTED) / 60:.1f} minutes)")
        shutil.rmtree(work)
    finally:
        servers.stop()
        serving.drop_database(DATABASE)
        if work.exists():
            progress(f"stopped early; gunicorn's logs are in {work}")


if __name__ == "__main__":
    main()
