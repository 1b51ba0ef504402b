"""The site as production runs it, for the fault tests: gunicorn with debug off, behind a
proxy header (bench/proxied.py plays the browser), on the database and cache a test chooses."""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import proxied
from proxied import Browser

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    return proxied.production_env(
        database_url,
        EMAIL_URL="smtp://127.0.0.1:9",  # nothing listens: mail waits in the outbox
        RSVP_MIN_SECONDS="0",  # the test's browser fills the form at once
        **extra,
    )


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return done.stdout.decode()


@contextlib.contextmanager
def serving(env: dict[str, str], workers: int = 2):
    """gunicorn on a free port, until the block ends; yields the port. Static files are
    collected first, as a deploy does: pages link to their hashed names."""
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent))
    # FAULT_SERVER_LOG=/tmp/server.log keeps what gunicorn said, to see why a test failed.
    log = open(os.environ.get("FAULT_SERVER_LOG", os.devnull), "w")  # noqa: SIM115
    server = subprocess.Popen(
        [gunicorn, "civicforum.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        Browser(port).wait_until_up()
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def rsvp(port: int, slug: str, name: str, network: str) -> tuple[int | None, str]:
    """One resident RSVPs, from a browser of their own: (status, code) where the answer said
    "You have a seat", else (status or None if nothing answered, "")."""
    browser = Browser(port, network=network)
    try:
        form = browser.form_tokens(f"/events/{slug}/")
        form |= {"name": name, "party_size": "1", "email": "", "language": "en", "website": ""}
        status, page, _elapsed = browser.request("POST", f"/events/{slug}/rsvp/", form)
    except OSError:
        return None, ""
    seated = re.search(r'class="rsvp-code">([A-Z0-9]+)<', page)
    if status == 200 and "You have a seat" in page and seated:
        return status, seated[1]
    return status, ""
