"""Settings for the test suite: the real settings, with a test key and fast password hashing.

The environment decides the database, exactly as in production (DATABASE_URL set means
PostgreSQL), so the same tests run on SQLite and on PostgreSQL.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-never-used-outside-the-test-suite")
os.environ.setdefault("EMAIL_URL", "console://")
os.environ.setdefault("SITE_URL", "https://forum.example.org")
os.environ.setdefault("ACCESSIBILITY_EMAIL", "access@forum.example.org")

from civicforum.settings import *  # noqa: F403

# Tests send their emails in the test itself, as `make run` does; the database queue and its
# worker have tests of their own.
TASKS = {"default": {"BACKEND": TASKS_BACKENDS["immediate"]}}  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without running collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
# Serve static files from the source folders, as in development: a fresh clone has no
# collected STATIC_ROOT, and whitenoise would warn (an error under filterwarnings).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the browser tests' live server answers each request in a thread of
    # its own, and Django never closes a connection to an in-memory database, so each such
    # thread would leave one open (a ResourceWarning, an error here). One file per test run,
    # so two runs at once never drop each other's tables.
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / f"test-db-{os.getpid()}.sqlite3"}  # noqa: F405
else:
    # The suite's own threads (32 racing for seats, the browser tests' live server) each take
    # a connection of their own, more than a pool sized for gunicorn's threads would lend.
    # The pool is tested where it runs, under gunicorn: tests/faults/test_database_pool.py.
    DATABASES["default"]["OPTIONS"].pop("pool", None)  # noqa: F405
