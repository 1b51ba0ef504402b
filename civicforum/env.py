"""Reading the environment strictly: each helper returns a value or stops start-up with
ImproperlyConfigured. Nothing here guesses: "yes" is True, "maybe" is an error."""

import os
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from psycopg_pool import ConnectionPool

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    if not os.environ.get(name, "").strip():
        return default
    value = os.environ[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off; got {value!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def env_list(name: str, default: tuple[str, ...] = ()) -> list[str]:
    raw = env_str(name)
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_rate(name: str, default: str) -> tuple[int, int]:
    """ "5/600" -> 5 attempts per 600 seconds."""
    raw = env_str(name, default)
    count, _slash, seconds = raw.partition("/")
    try:
        parsed = int(count), int(seconds)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must look like 5/600 (5 per 600 seconds).") from None
    if parsed[0] < 1 or parsed[1] < 1:
        raise ImproperlyConfigured(f"{name} needs at least 1 attempt per at least 1 second.")
    return parsed


def env_room_share(name: str, default: str) -> tuple[int, float]:
    """ "20,0.1" -> at least 20, or a tenth of the room's capacity where that is more."""
    raw = env_str(name, default)
    floor, _comma, share = raw.partition(",")
    try:
        parsed = int(floor), float(share)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must look like 20,0.1 (at least 20, or a tenth of the room)."
        ) from None
    if parsed[0] < 1 or not 0 <= parsed[1] <= 100:
        raise ImproperlyConfigured(f"{name} needs a floor of at least 1 and a share of 0 to 100.")
    return parsed


def _url_port(parts, name: str) -> int | None:
    try:
        return parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number.") from None


def database_from_url(url: str) -> dict:
    """postgres://user:password@host:port/name -> a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or postgresql://; got {parts.scheme!r}."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database: postgres://host/civicforum.")
    port = _url_port(parts, "DATABASE_URL")
    # A deployment that chose DATABASE_CONN_MAX_AGE keeps exactly what it had; the others get
    # the pool, instead of a new connection for every request.
    conn_max_age_chosen = bool(env_str("DATABASE_CONN_MAX_AGE"))
    pool = env_bool("DATABASE_POOL", not conn_max_age_chosen)
    conn_max_age = env_int("DATABASE_CONN_MAX_AGE", 0)
    if pool and conn_max_age:
        raise ImproperlyConfigured("DATABASE_POOL replaces DATABASE_CONN_MAX_AGE; set only one.")
    # A connection kept open (or pooled) is checked before each request uses it, so the site
    # carries on by itself after the database restarts. Off only to show what that prevents.
    health_checks = env_bool("DATABASE_HEALTH_CHECKS", True)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "CONN_MAX_AGE": conn_max_age,
        "CONN_HEALTH_CHECKS": health_checks,
        "OPTIONS": {"pool": _pool(health_checks)} if pool else {},
    }


# Seconds a request waits for a connection when all of its process's are busy or the
# database does not answer: long enough for a reconnect, far below gunicorn's 30 s timeout.
POOL_TIMEOUT = 5


def _pool(health_checks: bool) -> dict:
    """One pool per process, sized to its threads: a gunicorn thread holds one connection
    while it answers (gunicorn.conf.py tells each worker its GUNICORN_THREADS)."""
    threads = env_int("GUNICORN_THREADS", 4, minimum=1)
    max_size = env_int("DATABASE_POOL_MAX_SIZE", threads, minimum=1)
    if max_size < threads:
        raise ImproperlyConfigured(
            f"DATABASE_POOL_MAX_SIZE ({max_size}) must be at least GUNICORN_THREADS ({threads}): "
            "each thread holds a connection while it answers."
        )
    min_size = env_int("DATABASE_POOL_MIN_SIZE", min(2, max_size))
    if min_size > max_size:
        raise ImproperlyConfigured(
            f"DATABASE_POOL_MIN_SIZE ({min_size}) is more than DATABASE_POOL_MAX_SIZE ({max_size})."
        )
    return {
        "min_size": min_size,
        "max_size": max_size,
        "timeout": POOL_TIMEOUT,
        "check": ConnectionPool.check_connection if health_checks else None,
    }


def mailer_from_url(url: str, *, timeout: int) -> dict:
    """smtp://user:password@host:port (or smtp+tls://, smtps://, console://) -> MAILERS entry."""
    if not url:
        raise ImproperlyConfigured("EMAIL_URL is required when DJANGO_DEBUG is off.")
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    default_ports = {"smtp": 25, "smtp+tls": 587, "smtps": 465}
    if parts.scheme not in default_ports:
        raise ImproperlyConfigured(
            "EMAIL_URL must start with smtp://, smtp+tls://, smtps:// or console://; "
            f"got {parts.scheme!r}."
        )
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL must name a mail server: smtp://mail.example.org.")
    port = _url_port(parts, "EMAIL_URL")
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname,
            "port": port or default_ports[parts.scheme],
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": parts.scheme == "smtp+tls",
            "use_ssl": parts.scheme == "smtps",
            "timeout": timeout,
        },
    }
