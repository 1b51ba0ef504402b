"""CI's run of the deployment kit (deploy/), for real on this machine: nginx with the kit's
site file over TLS (a certificate made now) in front of two gunicorn servers started from
civicforum-web.service, one PostgreSQL database and one Redis database for both, the task
worker from its unit and an SMTP sink. Then, through nginx and straight to each server, the
checks in deploy_checks.py. Everything it started is stopped at exit, however it exits.

usage: .venv/bin/python .ci/deploy_check.py
DEPLOY_CHECK_BREAK=second-redis points the second server at another Redis database: the check
must then fail."""

import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import deploy_checks as checks
from deploy_checks import DATABASE, NGINX_HTTP, NGINX_HTTPS, RESTORED, SMTP, WEB_PORTS, Kit
from deploy_kit import (
    ROOT,
    SYSTEMD_ENV,
    Command,
    Services,
    answers,
    psql,
    render_nginx_site,
    render_units,
    run,
    sh,
    unit_command,
    unit_commands,
    write_env_file,
)

REDIS_DB, OTHER_REDIS_DB = 12, 11  # used by nothing else (the bench 13, tests 14, smoke 15)
BREAKS = {"", "second-redis"}
# The demo forum has no question yet: one to vote for, asked and approved through the rules.
APPROVED_QUESTION = """
from events.models import Event
from events.questions import rules
event = Event.objects.get()
asked = rules.ask(event, text="Who can help at the hearing?", topic=None, language="en")
rules.moderate(asked.question, "approved")
"""


def step(text: str) -> None:
    print(f"\n--- {text}", flush=True)


def free_ports() -> None:
    for port in (*WEB_PORTS, NGINX_HTTP, NGINX_HTTPS, SMTP):
        if answers(port):
            sys.exit(f"port {port} is taken: something else runs there; the check needs it")


def install_nginx() -> None:
    if shutil.which("nginx") is None:
        env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True, env=env)
    print(subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip())


def verify_units(tmp: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        print("note: systemd-analyze is not on this machine; the unit files were not verified")
        return
    units = render_units(tmp / "systemd", tmp / "web1.env")
    done = subprocess.run(["systemd-analyze", "verify", *map(str, units)], capture_output=True)
    said = (done.stdout + done.stderr).decode().strip()
    if done.returncode or said:
        sys.exit(f"systemd-analyze verify refused the units:\n{said}")
    print(f"systemd-analyze verify: {len(units)} unit files, no complaint")


def certificate(tmp: Path) -> None:
    sh("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
       "-nodes", "-days", "1", "-subj", "/CN=forum.example.org",
       "-addext", "subjectAltName=DNS:forum.example.org",
       "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem"))  # fmt: skip
    print("a self-signed certificate for forum.example.org, made for this run")


def env_files(tmp: Path, breaking: str) -> list[dict[str, str]]:
    """One env file per server, from the template, as an operator fills it in: the same secret
    key, database and Redis on both (unless DEPLOY_CHECK_BREAK says otherwise)."""
    secret = secrets.token_urlsafe(50)
    made = []
    for number, port in enumerate(WEB_PORTS, start=1):
        redis_db = OTHER_REDIS_DB if breaking == "second-redis" and number == 2 else REDIS_DB
        made.append(
            write_env_file(
                tmp / f"web{number}.env",
                DJANGO_SECRET_KEY=secret,
                DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
                REDIS_URL=f"redis://127.0.0.1:6379/{redis_db}",
                EMAIL_URL=f"smtp://127.0.0.1:{SMTP}",
                GUNICORN_BIND=f"127.0.0.1:{port}",
                WEB_CONCURRENCY="2",
                RATE_LIMIT_QUESTION_BROWSER=f"{checks.QUESTION_LIMIT}/600",
            )
        )
    print(
        f"env files for both servers from deploy/civicforum.env.example; Redis db {REDIS_DB}"
        + (f", the second server's db {OTHER_REDIS_DB} (DEPLOY_CHECK_BREAK)" if breaking else "")
    )
    return made


def database(env: dict[str, str]) -> None:
    for db in (REDIS_DB, OTHER_REDIS_DB):
        sh("redis-cli", "-h", "127.0.0.1", "-p", "6379", "-n", str(db), "FLUSHDB")
    for name in (DATABASE, RESTORED):
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"CREATE DATABASE {DATABASE}")
    release = unit_commands("civicforum-release.service", env)
    for command in release:
        said = run(command)
        if "Applying" in said:
            said = f"{said.count('Applying')} migrations applied"
        print(f"{shlex.join(command.argv[1:])}: {said.splitlines()[-1] if said else 'done'}")
    for command, *args in (("load_demo",), ("shell", "--verbosity", "0", "-c", APPROVED_QUESTION)):
        said = run(unit_command("civicforum-command@.service", env, command), *args)
        print(f"manage.py {command}: {said.splitlines()[-1] if said else 'done'}")


def nginx_main_conf(tmp: Path, site: Path) -> str:
    """What Debian's nginx.conf gives every site (gzip on, a full access log by default), around
    the kit's site file. Workers run as root here: CI's tree need not be readable by www-data."""
    user = "user root;" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {tmp}/nginx-{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}
worker_processes 1;
pid {tmp}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {tmp}/nginx-default-access.log;
    gzip on;
{temp}
    include {site};
}}
"""


def nginx(tmp: Path, services: Services) -> None:
    site = tmp / "civicforum.conf"
    site.write_text(render_nginx_site({
        "server 10.0.0.11:8000;": f"server 127.0.0.1:{WEB_PORTS[0]};",
        "server 10.0.0.12:8000;": f"server 127.0.0.1:{WEB_PORTS[1]};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{NGINX_HTTPS} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "listen 80;": f"listen 127.0.0.1:{NGINX_HTTP};",
        "listen [::]:80;": "",
        "/etc/letsencrypt/live/forum.example.org/fullchain.pem": str(tmp / "cert.pem"),
        "/etc/letsencrypt/live/forum.example.org/privkey.pem": str(tmp / "key.pem"),
        "/srv/civicforum/staticfiles/": f"{ROOT}/staticfiles/",
        "/var/log/nginx/civicforum.access.log": str(tmp / "access.log"),
        "/var/log/nginx/civicforum.error.log": str(tmp / "error.log"),
    }))  # fmt: skip
    (tmp / "nginx.conf").write_text(nginx_main_conf(tmp, site))
    argv = [
        "nginx",
        "-p",
        str(tmp),
        "-e",
        str(tmp / "nginx-start.log"),
        "-c",
        str(tmp / "nginx.conf"),
    ]
    test = subprocess.run([*argv, "-t"], capture_output=True, text=True)
    if test.returncode:
        sys.exit(f"nginx -t refused the site file:\n{test.stderr}")
    services.start("nginx", Command([*argv, "-g", "daemon off;"], tmp, dict(SYSTEMD_ENV)))


def start(tmp: Path, services: Services, envs: list[dict[str, str]]) -> None:
    # The SMTP sink, as CI's smoke run has it: aiosmtpd printing each message it gets.
    sink = [sys.executable, "-u", "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{SMTP}"]
    services.start("smtp", Command(sink, tmp, dict(SYSTEMD_ENV)))
    for number, env in enumerate(envs, start=1):
        services.start(f"web{number}", unit_command("civicforum-web.service", env))
    services.start("worker", unit_command("civicforum-worker.service", envs[0]))
    nginx(tmp, services)
    deadline = time.monotonic() + 60
    for port in (*WEB_PORTS, NGINX_HTTPS, SMTP):
        while not answers(port):
            services.alive()
            if time.monotonic() > deadline:
                sys.exit(f"nothing answers on port {port} after 60 s")
            time.sleep(0.2)
    print("all up: nginx, two gunicorn servers, the worker, the SMTP sink")


def set_up(tmp: Path, services: Services, breaking: str) -> Kit:
    install_nginx()
    certificate(tmp)
    envs = env_files(tmp, breaking)
    verify_units(tmp)
    step(f"A database of its own ({DATABASE}), civicforum-release.service's steps, demo data")
    database(envs[0])
    step("Starting each service with its unit's ExecStart and env file")
    start(tmp, services, envs)
    forum = f"/events/{psql('SELECT slug FROM events_event', DATABASE)}/"
    return Kit(tmp=tmp, env=envs[0], services=services, cafile=str(tmp / "cert.pem"), forum=forum)


def finish(tmp: Path, services: Services, failed: bool) -> None:
    if failed:
        for name in ("web1", "web2", "worker", "nginx", "error", "access"):
            print(f"\n[last lines of {name}'s log]\n{services.tail(name)}")
    services.stop_all()
    for name in (DATABASE, RESTORED):
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    breaking = os.environ.get("DEPLOY_CHECK_BREAK", "")
    if breaking not in BREAKS:
        sys.exit(f"DEPLOY_CHECK_BREAK must be one of {sorted(BREAKS - {''})}; got {breaking!r}")
    began = time.monotonic()
    # SIGTERM (a CI timeout, kill) ends the check like an error: the finally below still runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("deploy check stopped by SIGTERM"))
    step("The kit on this machine")
    free_ports()  # before anything is made: a second run must not stop or drop the first's
    tmp = Path(tempfile.mkdtemp(prefix="deploy-check-"))
    services = Services(tmp)
    failures = 1
    try:
        kit = set_up(tmp, services, breaking)
        step("Checks, through nginx over HTTPS and straight to each server")
        failures = checks.run_all(kit)
    finally:
        finish(tmp, services, failures > 0)
    seconds = time.monotonic() - began
    verdict = "FAILED" if failures else "passed"
    count = len(checks.CHECKS)
    print(f"\ndeploy check {verdict}: {failures} of {count} checks failed, {seconds:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
