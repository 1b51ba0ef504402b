"""Settings for the test suite: the real settings, with a test key and fast password hashing.

The environment decides the database, exactly as in production (DATABASE_URL set means
PostgreSQL), so the same tests run on SQLite and on PostgreSQL.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-never-used-outside-the-test-suite")
os.environ.setdefault("EMAIL_URL", "console://")
os.environ.setdefault("SITE_URL", "https://forum.example.org")

from civicforum.settings import *  # noqa: F403

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
