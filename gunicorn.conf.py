"""gunicorn's settings (gunicorn reads ./gunicorn.conf.py when started from this directory).

Its error log goes through the same filter as Django's logs: a private link is redacted and an
exception is logged by its type and places in the code, never by its message.

Workers run threads (gthread): while one request waits on the database, the process's other
threads go on answering. Each worker opens its own pool of database connections. Never set
preload_app: it loads the site in the master before forking, and a connection opened there
would be shared by every worker (two processes talking over one socket corrupt it)."""

import logging
import os


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{name} must be a whole number of at least 1; got {raw!r}.")
    return int(raw)


worker_class = "gthread"
workers = _positive_int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1))
threads = _positive_int("GUNICORN_THREADS", 4)

# gunicorn's control socket (one fixed path per user) is not used here, and two servers on one
# machine (a second site, the benchmark, the tests) would fight over it.
control_socket_disable = True

# No access log: its lines would hold every URL requested, private links among them. The proxy
# in front decides what it logs (see the README).
accesslog = None


def on_starting(server):
    # Imported once gunicorn has put the project on the import path, after reading this file.
    from events.common.log_filters import RedactPrivateLinks

    logging.getLogger("gunicorn.error").addFilter(RedactPrivateLinks())


def post_fork(server, worker):
    # In the worker, before it loads the site: its settings size the database pool to the
    # threads it really runs, also when --threads or GUNICORN_CMD_ARGS changed the count.
    os.environ["GUNICORN_THREADS"] = str(worker.cfg.threads)
