"""The deployment kit (deploy/) made to run on this machine, for .ci/deploy_check.py: the
environment template filled in, each unit's ExecStart as the command it starts (with the
environment systemd would give it), the nginx site file with a test's ports and paths, and the
processes started from them, stopped again at exit. Nothing is copied from the kit by hand: a
string the check swaps that the kit no longer holds stops the check."""

import contextlib
import os
import re
import shlex
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
RELEASE = "/srv/civicforum"  # where the units expect the release
ENV_FILE = "/etc/civicforum/civicforum.env"
# What systemd starts a service with: none of the variables of the shell that ran the check.
SYSTEMD_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
SYSTEMD_ENV["LANG"] = "C.UTF-8"


class KitChanged(Exception):
    """The kit no longer holds what the check relies on."""


def template_variables() -> tuple[dict[str, str], set[str]]:
    """The template's lines that are set (name: value), and every name it lists."""
    values, names = {}, set()
    for line in (DEPLOY / "civicforum.env.example").read_text().splitlines():
        found = re.match(r"^(#?)([A-Z][A-Z0-9_]+)=(.*)$", line)
        if found:
            names.add(found[2])
            if not found[1]:
                values[found[2]] = found[3]
    return values, names


def write_env_file(path: Path, **overrides: str) -> dict[str, str]:
    """The template as an operator fills it in: its set lines, `overrides` changed or
    uncommented. Written where the units' EnvironmentFile= will point; returns the values."""
    values, names = template_variables()
    unknown = overrides.keys() - names
    if unknown:
        raise KitChanged(f"the env template has no {sorted(unknown)}")
    values |= overrides
    path.write_text("".join(f"{name}={value}\n" for name, value in values.items()))
    return values


@dataclass
class Command:
    argv: list[str]
    cwd: Path
    env: dict[str, str]


def _service_lines(unit: str) -> list[tuple[str, str]]:
    text = (DEPLOY / "systemd" / unit).read_text()
    lines = [line.split("=", 1) for line in text.splitlines() if re.match(r"^[A-Z]\w*=", line)]
    return [(key, value) for key, value in lines]


def unit_commands(unit: str, env_file: dict[str, str], instance: str = "") -> list[Command]:
    """What systemd runs for `unit`, each ExecStart in turn (instance: %i of a template unit),
    with the work tree in the release's place and the environment systemd gives: Environment=,
    then the env file (which wins, as in systemd)."""
    lines = _service_lines(unit)
    if ("EnvironmentFile", ENV_FILE) not in lines:
        raise KitChanged(f"{unit} no longer reads {ENV_FILE}")
    env = dict(SYSTEMD_ENV)
    for key, value in lines:
        if key == "Environment":
            env.update(item.split("=", 1) for item in shlex.split(value))
    env |= env_file
    cwd = Path(dict(lines)["WorkingDirectory"].replace(RELEASE, str(ROOT)))
    return [
        Command(_argv(unit, value.replace("%i", instance), env), cwd, env)
        for key, value in lines
        if key == "ExecStart"
    ]


def _argv(unit: str, exec_start: str, env: dict[str, str]) -> list[str]:
    expanded = re.sub(r"\$\{(\w+)\}", lambda name: env[name[1]], exec_start)
    if "$" in expanded or "%" in expanded:
        raise KitChanged(f"{unit}: the check expands only ${{NAME}} and %i: {exec_start}")
    return [word.replace(RELEASE, str(ROOT)) for word in shlex.split(expanded)]


def unit_command(unit: str, env_file: dict[str, str], instance: str = "") -> Command:
    """The one command a service runs."""
    (command,) = unit_commands(unit, env_file, instance)
    return command


def timer_commands() -> dict[str, str]:
    """Each timer and the management command its oneshot service runs."""
    found = {}
    for timer in sorted((DEPLOY / "systemd").glob("*.timer")):
        unit = re.search(r"^Unit=civicforum-command@(\w+)\.service$", timer.read_text(), re.M)
        if unit is None:
            raise KitChanged(f"{timer.name} no longer starts civicforum-command@<command>")
        found[timer.name] = unit[1]
    return found


def render_units(into: Path, env_path: Path) -> list[Path]:
    """The unit files with this work tree as the release, for systemd-analyze verify (which
    checks that each ExecStart's program exists)."""
    into.mkdir()
    rendered = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text().replace(RELEASE, str(ROOT)).replace(ENV_FILE, str(env_path))
        (into / unit.name).write_text(text)
        rendered.append(into / unit.name)
    return rendered


def render_nginx_site(swaps: dict[str, str]) -> str:
    text = (DEPLOY / "nginx" / "civicforum.conf").read_text()
    for old, new in swaps.items():
        if old not in text:
            raise KitChanged(f"deploy/nginx/civicforum.conf no longer holds {old!r}")
        text = text.replace(old, new)
    return text


class Services:
    """The processes this check started, each in a process group of its own (gunicorn's and
    nginx's workers with it), all stopped when the check ends, however it ends."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.running: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: Command) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 (the process holds it)
        process = subprocess.Popen(
            command.argv, cwd=command.cwd, env=command.env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        log.close()
        self.running.append((name, process))
        print(f"started {name} (pid {process.pid}): {shlex.join(command.argv)}")
        return process

    def alive(self) -> None:
        for name, process in self.running:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}:\n{self.tail(name)}")

    def tail(self, name: str, lines: int = 15) -> str:
        path = self.logs / f"{name}.log"
        return "\n".join(path.read_text().splitlines()[-lines:]) if path.exists() else ""

    def stop_all(self) -> None:
        for _name, process in reversed(self.running):
            # The whole group: a gunicorn or nginx master that died may have left workers.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for _name, process in self.running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # what stayed after its leader left
        self.running.clear()


def sh(*argv: str) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout.strip()


def psql(sql: str, database: str = "postgres") -> str:
    return sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-qAtX", "-c", sql, database)


def answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def run(command: Command, *extra: str) -> str:
    """A oneshot command, as its unit runs it; its output, or the check stops with it."""
    done = subprocess.run(
        [*command.argv, *extra], cwd=command.cwd, env=command.env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"{shlex.join(command.argv)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip()
