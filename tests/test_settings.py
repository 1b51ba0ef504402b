"""The settings read the environment strictly: a value they cannot understand stops start-up."""

import os
import runpy
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from psycopg_pool import ConnectionPool

import civicforum.settings

SETTINGS_FILE = str(Path(civicforum.settings.__file__))


@pytest.fixture
def load(monkeypatch):
    """Run the settings file afresh with only the given variables (plus those production
    requires) in the environment, and return its globals."""

    def _load(**env):
        for name in list(os.environ):
            prefixes = ("DJANGO_", "DATABASE_", "EMAIL_", "GUNICORN_")
            read_by_settings = name.startswith(prefixes) or name in {
                "REDIS_URL",
                "DEFAULT_FROM_EMAIL",
                "SITE_NAME",
                "SITE_URL",
                "ACCESSIBILITY_EMAIL",
                "ACCESSIBILITY_PHONE",
                "TASKS_BACKEND",
            }
            if read_by_settings and name != "DJANGO_SETTINGS_MODULE":
                monkeypatch.delenv(name)
        env.setdefault("DJANGO_SECRET_KEY", "a-secret-key-for-these-tests")
        env.setdefault("EMAIL_URL", "console://")
        env.setdefault("SITE_URL", "https://forum.example.org")
        env.setdefault("ACCESSIBILITY_EMAIL", "access@forum.example.org")
        for name, value in env.items():
            if value is not None:
                monkeypatch.setenv(name, value)
        # run_path, not run_module: the module is already imported, and running it again
        # under its own name would warn (and warnings are errors here).
        return runpy.run_path(SETTINGS_FILE)

    return _load


def refused(load, **env) -> str:
    with pytest.raises(ImproperlyConfigured) as error:
        load(**env)
    return str(error.value)


def test_debug_is_off_and_production_protections_are_on_by_default(load):
    settings = load()

    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == []
    assert (
        settings["SECURE_SSL_REDIRECT"],
        settings["SESSION_COOKIE_SECURE"],
        settings["CSRF_COOKIE_SECURE"],
        settings["SECURE_HSTS_SECONDS"],
    ) == (True, True, True, 31_536_000)


def test_missing_secret_key_with_debug_off_stops_start_up(load):
    message = refused(load, DJANGO_SECRET_KEY=None)

    assert message.startswith("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")


def test_missing_secret_key_with_debug_on_uses_the_local_only_key(load):
    settings = load(DJANGO_SECRET_KEY=None, DJANGO_DEBUG="1")

    assert settings["SECRET_KEY"] == "django-insecure-local-development-only"


def test_debug_value_that_is_not_a_yes_or_no_stops_start_up(load):
    message = refused(load, DJANGO_DEBUG="maybe")

    assert message == "DJANGO_DEBUG must be 1/0, true/false, yes/no or on/off; got 'maybe'."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yes", True),
        ("on", True),
        ("1", True),
        (" True ", True),
        ("no", False),
        ("0", False),
        ("off", False),
        ("FALSE", False),
    ],
)
def test_debug_reads_yes_and_no_words(load, raw, expected):
    assert load(DJANGO_DEBUG=raw)["DEBUG"] is expected


def test_without_database_url_sqlite_takes_the_write_lock_at_the_start_of_a_transaction(load):
    database = load()["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_database_url_becomes_a_postgresql_entry_with_unquoted_password(load):
    settings = load(DATABASE_URL="postgres://u:p%40ss@db.example:6543/forum")

    assert settings["DATABASES"] == {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "forum",
            "USER": "u",
            "PASSWORD": "p@ss",
            "HOST": "db.example",
            "PORT": "6543",
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "pool": {
                    "min_size": 2,
                    "max_size": 4,
                    "timeout": 5,
                    "check": ConnectionPool.check_connection,
                }
            },
        }
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "mysql://u:p@db.example/forum",
            "DATABASE_URL must start with postgres:// or postgresql://; got 'mysql'.",
        ),
        (
            "postgres://u:p@db.example/",
            "DATABASE_URL must name a database: postgres://host/civicforum.",
        ),
        (
            "postgres://u:p@db.example:port/forum",
            "DATABASE_URL has a port that is not a number.",
        ),
        (
            "postgres://u:p@db.example:99999/forum",
            "DATABASE_URL has a port that is not a number.",
        ),
    ],
)
def test_database_url_that_cannot_be_used_stops_start_up(load, url, message):
    assert refused(load, DATABASE_URL=url) == message


def test_redis_url_selects_the_redis_cache(load):
    settings = load(REDIS_URL="redis://cache.example:6379/1")

    assert settings["CACHES"] == {
        "default": {
            "BACKEND": "events.common.resilient_cache.RedisWithFallback",
            "LOCATION": "redis://cache.example:6379/1",
            "KEY_PREFIX": "civicforum",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_without_redis_url_the_cache_is_in_memory(load):
    assert load()["CACHES"] == {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }


def test_redis_url_with_another_scheme_stops_start_up(load):
    message = refused(load, REDIS_URL="http://cache.example:6379")

    assert message == "REDIS_URL must start with redis://, rediss:// or unix://."


def test_smtp_tls_email_url_becomes_the_default_mailer(load):
    settings = load(EMAIL_URL="smtp+tls://user:pw@mail.example.org")

    assert settings["MAILERS"] == {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "mail.example.org",
                "port": 587,
                "username": "user",
                "password": "pw",
                "use_tls": True,
                "use_ssl": False,
                "timeout": 5,  # EMAIL_TIMEOUT unset: the default
            },
        }
    }


def test_email_timeout_is_passed_to_the_mailer(load):
    settings = load(EMAIL_URL="smtps://mail.example.org", EMAIL_TIMEOUT="3")

    options = settings["MAILERS"]["default"]["OPTIONS"]
    assert (options["port"], options["use_ssl"], options["timeout"]) == (465, True, 3)


def test_missing_email_url_with_debug_off_stops_start_up(load):
    assert refused(load, EMAIL_URL=None) == "EMAIL_URL is required when DJANGO_DEBUG is off."


def test_missing_email_url_with_debug_on_prints_emails_to_the_console(load):
    settings = load(EMAIL_URL=None, DJANGO_DEBUG="on")

    assert settings["MAILERS"] == {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "sendmail://localhost",
            "EMAIL_URL must start with smtp://, smtp+tls://, smtps:// or console://; "
            "got 'sendmail'.",
        ),
        ("smtp://", "EMAIL_URL must name a mail server: smtp://mail.example.org."),
        ("smtp://mail.example.org:twenty-five", "EMAIL_URL has a port that is not a number."),
    ],
)
def test_email_url_that_cannot_be_used_stops_start_up(load, url, message):
    assert refused(load, EMAIL_URL=url) == message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "EMAIL_TIMEOUT must be a whole number; got 'abc'."),
        ("0", "EMAIL_TIMEOUT must be at least 1; got 0."),
    ],
)
def test_email_timeout_that_is_not_a_positive_number_stops_start_up(load, raw, message):
    assert refused(load, EMAIL_TIMEOUT=raw) == message


def test_missing_site_url_with_debug_off_stops_start_up(load):
    message = refused(load, SITE_URL=None)

    assert message == "SITE_URL must be the site's address, e.g. https://forum.example.org."


def test_missing_accessibility_email_with_debug_off_stops_start_up(load):
    message = refused(load, ACCESSIBILITY_EMAIL=None)

    assert message == (
        "ACCESSIBILITY_EMAIL must be the address where residents report accessibility problems."
    )


def test_unknown_tasks_backend_stops_start_up(load):
    message = refused(load, TASKS_BACKEND="celery")

    assert message == "TASKS_BACKEND must be 'immediate' or 'database'."


def test_trusted_proxy_count_makes_the_forwarded_scheme_believed(load):
    settings = load(DJANGO_TRUSTED_PROXY_COUNT="1")

    assert settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_without_trusted_proxies_the_forwarded_scheme_is_ignored(load):
    assert "SECURE_PROXY_SSL_HEADER" not in load()


def test_trusted_proxy_count_that_is_not_a_number_stops_start_up(load):
    message = refused(load, DJANGO_TRUSTED_PROXY_COUNT="one")

    assert message == "DJANGO_TRUSTED_PROXY_COUNT must be a whole number; got 'one'."


def test_allowed_hosts_are_split_on_commas_and_trimmed(load):
    assert load(DJANGO_ALLOWED_HOSTS="a.org, b.org")["ALLOWED_HOSTS"] == ["a.org", "b.org"]


def test_content_security_policy_allows_scripts_only_from_our_own_files(load):
    csp = load()["SECURE_CSP"]

    assert csp["script-src"] == ["'self'"]
    assert [directive for directive, values in csp.items() if "'unsafe-inline'" in values] == []


def test_unknown_log_level_stops_start_up(load):
    message = refused(load, DJANGO_LOG_LEVEL="LOUD")

    assert message == "DJANGO_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL."


def test_log_level_is_read_in_any_case(load):
    assert load(DJANGO_LOG_LEVEL="warning")["LOGGING"]["root"]["level"] == "WARNING"


def pool_of(settings) -> dict:
    return settings["DATABASES"]["default"]["OPTIONS"]["pool"]


def test_postgresql_pools_one_connection_per_gunicorn_thread_by_default(load):
    settings = load(DATABASE_URL="postgres://db/civicforum", GUNICORN_THREADS="8")

    assert settings["DATABASES"]["default"]["CONN_MAX_AGE"] == 0
    assert pool_of(settings) == {
        "min_size": 2,
        "max_size": 8,
        "timeout": 5,
        "check": ConnectionPool.check_connection,
    }


def test_pool_sizes_are_read_from_the_environment(load):
    settings = load(
        DATABASE_URL="postgres://db/civicforum",
        DATABASE_POOL_MIN_SIZE="0",
        DATABASE_POOL_MAX_SIZE="10",
    )

    assert (pool_of(settings)["min_size"], pool_of(settings)["max_size"]) == (0, 10)


def test_one_thread_gets_a_pool_of_one(load):
    settings = load(DATABASE_URL="postgres://db/civicforum", GUNICORN_THREADS="1")

    assert (pool_of(settings)["min_size"], pool_of(settings)["max_size"]) == (1, 1)


@pytest.mark.parametrize("seconds", ["0", "60"])
def test_a_chosen_conn_max_age_keeps_connections_as_before_without_a_pool(load, seconds):
    database = load(DATABASE_URL="postgres://db/civicforum", DATABASE_CONN_MAX_AGE=seconds)[
        "DATABASES"
    ]["default"]

    assert database["CONN_MAX_AGE"] == int(seconds)
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["OPTIONS"] == {}


def test_the_pool_can_be_turned_off(load):
    database = load(DATABASE_URL="postgres://db/civicforum", DATABASE_POOL="off")["DATABASES"][
        "default"
    ]

    assert (database["CONN_MAX_AGE"], database["OPTIONS"]) == (0, {})


def test_pooled_connections_are_unchecked_only_when_health_checks_are_off(load):
    settings = load(DATABASE_URL="postgres://db/civicforum", DATABASE_HEALTH_CHECKS="no")

    assert pool_of(settings)["check"] is None


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"DATABASE_POOL": "true", "DATABASE_CONN_MAX_AGE": "60"},
            "DATABASE_POOL replaces DATABASE_CONN_MAX_AGE; set only one.",
        ),
        (
            {"DATABASE_POOL_MAX_SIZE": "2"},
            "DATABASE_POOL_MAX_SIZE (2) must be at least GUNICORN_THREADS (4): each thread holds "
            "a connection while it answers.",
        ),
        (
            {"DATABASE_POOL_MIN_SIZE": "5"},
            "DATABASE_POOL_MIN_SIZE (5) is more than DATABASE_POOL_MAX_SIZE (4).",
        ),
        ({"DATABASE_POOL_MAX_SIZE": "0"}, "DATABASE_POOL_MAX_SIZE must be at least 1; got 0."),
        ({"GUNICORN_THREADS": "many"}, "GUNICORN_THREADS must be a whole number; got 'many'."),
    ],
)
def test_a_pool_that_cannot_serve_every_thread_stops_start_up(load, env, message):
    assert refused(load, DATABASE_URL="postgres://db/civicforum", **env) == message


def test_sqlite_has_no_pool_and_ignores_the_postgresql_connection_settings(load):
    database = load(DATABASE_CONN_MAX_AGE="60", DATABASE_POOL="on")["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert "CONN_MAX_AGE" not in database
    assert sorted(database["OPTIONS"]) == ["init_command", "timeout", "transaction_mode"]


def test_network_limits_read_a_floor_and_a_share_of_the_room(load):
    settings = load(NETWORK_LIMIT_RSVP_SEATS="30,0.2")

    assert settings["NETWORK_LIMITS"] == {
        "rsvp_seats": (30, 0.2),
        "new_voters": (300, 2.0),
        "votes_per_question": (200, 1.5),
        "questions": (60, 0.5),
        "feedback": (60, 0.5),
    }


@pytest.mark.parametrize("raw", ["30", "thirty,0.1", "0,0.1", "20,-1"])
def test_a_network_limit_that_cannot_be_read_stops_start_up(load, raw):
    assert "NETWORK_LIMIT_QUESTIONS" in refused(load, NETWORK_LIMIT_QUESTIONS=raw)


OUTER_MAKE = {"SITE_URL", "PORT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}


def test_make_run_on_another_port_serves_there_and_links_there():
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8101"],  # noqa: S607  (make from PATH, as a newcomer runs it)
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
        # Not the caller's SITE_URL or PORT, nor an outer make's (`make test SITE_URL=...`).
        env={name: value for name, value in os.environ.items() if name not in OUTER_MAKE},
    ).stdout
    assert (
        "SITE_URL=http://127.0.0.1:8101 .venv/bin/python manage.py runserver 127.0.0.1:8101" in plan
    )
    assert "SITE_URL=http://127.0.0.1:8101 .venv/bin/python manage.py load_demo" in plan
