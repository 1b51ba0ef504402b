"""gunicorn.conf.py: threaded workers, each opening its own database connections."""

import os
import re
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

CONF = str(Path(__file__).parents[1] / "gunicorn.conf.py")


@pytest.fixture
def conf(monkeypatch):
    def _conf(**env):
        for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS"):
            monkeypatch.setenv(name, env.get(name, ""))
        return runpy.run_path(CONF)

    return _conf


def test_workers_run_threads_and_the_site_is_never_loaded_before_forking(conf):
    settings = conf()

    assert settings["worker_class"] == "gthread"
    assert settings["threads"] == 4
    assert settings["workers"] == 2 * os.cpu_count()
    assert "preload_app" not in settings
    assert settings["control_socket_disable"] is True  # servers side by side never clash


def test_workers_and_threads_are_read_from_the_environment(conf):
    settings = conf(WEB_CONCURRENCY="3", GUNICORN_THREADS="6")

    assert (settings["workers"], settings["threads"]) == (3, 6)


@pytest.mark.parametrize("raw", ["0", "four", "-2"])
def test_a_thread_count_that_cannot_be_read_stops_start_up(conf, raw):
    message = f"GUNICORN_THREADS must be a whole number of at least 1; got {raw!r}."

    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        conf(GUNICORN_THREADS=raw)


def test_each_worker_sizes_its_pool_to_the_threads_gunicorn_really_runs(conf):
    settings = conf(GUNICORN_THREADS="4")
    worker = SimpleNamespace(cfg=SimpleNamespace(threads=12))  # say, from --threads 12

    settings["post_fork"](None, worker)

    assert os.environ["GUNICORN_THREADS"] == "12"
