"""The bench reads wrk's figures from the one line bench/wrk.lua prints; a misread line would
print wrong figures without failing, so the reading is tested here (no wrk, no server)."""

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
_spec = importlib.util.spec_from_file_location("bench_wrk", BENCH / "wrk.py")
wrk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wrk)

OUTPUT = """Running 10s test @ http://127.0.0.1:8793/events/x/rsvp/
  2 threads and 50 connections
  1179 requests in 10.00s, 1.92MB read
  Non-2xx or 3xx responses: 4
BENCH requests=1179 duration_us=10004351 bytes=2015200 p50_us=16377 p99_us=25849 connect=0 \
read=2 write=0 status=4 timeout=1 statuses=200:1175,429:4 sent=1229 pool=1200 expected=1170
"""


def test_a_run_is_read_from_the_bench_line():
    run = wrk.parse(OUTPUT)

    assert run == wrk.Run(
        requests=1179,
        seconds=10.004351,
        bytes=2015200,
        p50_ms=16.377,
        p99_ms=25.849,
        errors={"connect": 0, "read": 2, "write": 0, "timeout": 1, "status": 4},
        statuses={200: 1175, 429: 4},
        sent=1229,
        pool=1200,
        expected=1170,
    )
    assert round(run.per_second, 1) == 117.8
    assert run.tokens_reused == 29


def test_a_get_run_has_no_statuses_and_no_tokens():
    line = (
        "BENCH requests=10 duration_us=2000000 bytes=100 p50_us=1000 p99_us=2000 connect=0 "
        "read=0 write=0 status=0 timeout=0 statuses= sent=0 pool=0 expected=0"
    )

    run = wrk.parse(line)

    assert (run.statuses, run.tokens_reused, run.per_second) == ({}, 0, 5.0)


def test_output_without_the_bench_line_is_refused():
    with pytest.raises(ValueError, match="no BENCH line"):
        wrk.parse("unable to connect to 127.0.0.1:8793 Connection refused\n")
