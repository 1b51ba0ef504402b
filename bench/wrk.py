"""Running wrk (Debian's package) with bench/wrk.lua, and reading the line its done() prints."""

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

LUA = Path(__file__).resolve().parent / "wrk.lua"
THREADS = 2
CONNECTIONS = 50
# wrk's default of 2 s would drop, uncounted, every answer slower than that: a forum page with
# 20,000 questions takes longer. A request still waiting after this counts as a timeout.
TIMEOUT = "60s"


@dataclass(frozen=True)
class Run:
    requests: int
    seconds: float
    bytes: int
    p50_ms: float
    p99_ms: float
    errors: dict[str, int]  # connect, read, write, timeout, status (answers not 2xx or 3xx)
    statuses: dict[int, int] = field(default_factory=dict)  # counted for POSTs only
    sent: int = 0  # POSTs built (each took the next token)
    pool: int = 0  # tokens there were
    expected: int = 0  # POSTs answered with Load.expect in the page

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def tokens_reused(self) -> int:
        return max(0, self.sent - self.pool) if self.pool else 0


_LINE = re.compile(r"^BENCH (.*)$", re.MULTILINE)


def parse(output: str) -> Run:
    """The run that bench/wrk.lua reported in wrk's output."""
    found = _LINE.search(output)
    if not found:
        raise ValueError(f"no BENCH line in wrk's output:\n{output}")
    values = dict(pair.split("=", 1) for pair in found[1].split())
    statuses = {}
    for pair in filter(None, values["statuses"].split(",")):
        status, count = pair.split(":")
        statuses[int(status)] = int(count)
    return Run(
        requests=int(values["requests"]),
        seconds=int(values["duration_us"]) / 1e6,
        bytes=int(values["bytes"]),
        p50_ms=int(values["p50_us"]) / 1000,
        p99_ms=int(values["p99_us"]) / 1000,
        errors={k: int(values[k]) for k in ("connect", "read", "write", "timeout", "status")},
        statuses=statuses,
        sent=int(values["sent"]),
        pool=int(values["pool"]),
        expected=int(values["expected"]),
    )


@dataclass(frozen=True)
class Load:
    """What one row of the table sends: a path, the visitor's cookies, and for a POST its form
    (FORM_TOKEN in it is replaced by the next token of the file `tokens`) and a text the
    answer should hold."""

    path: str
    cookie: str = ""
    body: str = ""
    tokens: Path | None = None
    expect: str = ""


def run(port: int, load: Load, seconds: float) -> Run:
    env = os.environ | {
        "BENCH_COOKIE": load.cookie,
        "BENCH_BODY": load.body,
        "BENCH_TOKENS": str(load.tokens or ""),
        "BENCH_THREADS": str(THREADS),
        "BENCH_EXPECT": load.expect,
    }
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        f"--timeout={TIMEOUT}",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}{load.path}",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return parse(done.stdout)
