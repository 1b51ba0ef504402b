"""Civic Forum settings.

Everything that differs between a laptop and production comes from environment variables,
read by the small helpers in civicforum/env.py. A value that cannot be understood stops the
start-up with ImproperlyConfigured instead of being silently replaced. The README lists every
variable.
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

# Absolute, not relative: the tests run this file on its own (runpy) to try environments.
from civicforum.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_rate,
    env_room_share,
    env_str,
    mailer_from_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core ----------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (only ever with DEBUG on)

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ("localhost", "127.0.0.1", "[::1]") if DEBUG else ()
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "events.apps.CivicAdminConfig",  # django.contrib.admin, with our front page
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for events/common/bootstrap_fields.py
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "events.common.headers.SecurityHeaders",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is chosen (its refusal speaks the reader's language, not the one the
    # thread's last request left active), before anything reads the database.
    "events.common.bad_requests.RefuseNul",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "events.signin.middleware.CodeRequired",
    "events.signin.middleware.StaffSessions",
    "events.signin.middleware.LoginThrottle",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "civicforum.urls"
# Staff pages outside the admin send people to the admin's login.
LOGIN_URL = "admin:login"
WSGI_APPLICATION = "civicforum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "events.common.context_processors.site",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {
                # Take the write lock when a transaction starts, so two requests that both
                # want the last seats queue up instead of one failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits and other shared counters live here) -------------------------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    if urlsplit(REDIS_URL).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")
    CACHES = {
        "default": {
            # Falls back to a cache in each process while Redis does not answer.
            "BACKEND": "events.common.resilient_cache.RedisWithFallback",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "civicforum",
            # redis-py waits for ever by default: a dead Redis would hang every request.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Email ---------------------------------------------------------------------------------

# A slow or dead mail server must never hold up a resident's request for long.
EMAIL_TIMEOUT_SECONDS = env_int("EMAIL_TIMEOUT", 5, minimum=1)
MAILERS = {
    "default": mailer_from_url(
        env_str("EMAIL_URL", "console://" if DEBUG else ""), timeout=EMAIL_TIMEOUT_SECONDS
    )
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Civic Forum <forum@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Tasks (emails are sent through Django's Tasks framework) ------------------------------

# "database" queues the work for `manage.py db_worker` (django-tasks-db): the default in
# production, because mail sent inside a request makes the request slower for some addresses
# than others, and the time would tell a stranger which. "immediate" sends in the request,
# after it commits: the default for a laptop (`make run` needs no worker).
TASKS_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate" if DEBUG else "database")
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND]}}

# --- Auth ----------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ---------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own date formats for some languages (a weekday in every date); Django's for the rest.
FORMAT_MODULE_PATH = ["civicforum.formats"]
# The language a resident picks is remembered for a year, not just until the browser closes.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "America/Chicago"
USE_TZ = True

# --- Static files (served by whitenoise; nothing is ever loaded from another host) ---------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ------------------------------------------------------------------------------

# How many reverse proxies (load balancer, nginx...) stand in front of the app. Only when
# this is set are X-Forwarded-Proto and X-Forwarded-For believed; otherwise anyone could
# claim any address or scheme.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# A session ends after this long without use, and every session also ends when the browser
# closes: staff sessions are refreshed while in use (events.signin.middleware), and a
# resident's open RSVPs close sooner still (events.rsvps.opened).
SESSION_COOKIE_AGE = 8 * 60 * 60

# --- Staff sign-in -------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before any hashing
    "django.contrib.auth.backends.ModelBackend",
]
# A password, then a code from an authenticator app, for superusers and everyone who can read
# attendee lists (events.signin.codes).
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = env_str("SITE_NAME") or "Civic Forum"
# Before any password is hashed: tries per address (count/seconds), and passwords one process
# hashes at once. Beyond either, 429.
LOGIN_ATTEMPTS = env_rate("LOGIN_ATTEMPTS", "10/600")
LOGIN_CONCURRENCY = env_int("LOGIN_CONCURRENCY", 1, minimum=1)
# django-axes: the 6th wrong password in a row for a username at an address is refused, and so
# is every sign-in there for 30 minutes. Never the username alone: anyone could lock an
# organizer out at the door.
AXES_FAILURE_LIMIT = 6
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)  # expired attempts are deleted then
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "events.common.net.client_ip"  # the one that knows our proxies
AXES_DISABLE_ACCESS_LOG = True  # no table of who signed in from where
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "events.signin.views.locked_out"
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Nothing is allowed unless listed: scripts, styles, images and forms from our own files and
# pages, no other host, no inline code. Bootstrap's CSS draws some icons from data: URLs, hence
# img-src data:. The presenter screen alone fetches (events.questions.staff_views). Browsers
# report what was blocked to /csp-report/ (events.common.csp_reports).
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "report-uri": ["/csp-report/"],
}

# --- Logging: errors to stderr; never residents' data -------------------------------------

LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured("DJANGO_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private_links": {"()": "events.common.log_filters.RedactPrivateLinks"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["private_links"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # runserver's request lines, through the same filter as everything else.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # 4xx lines would list every mistyped or forged link; errors are still logged.
        "django.request": {"level": "ERROR"},
        "django.security.csrf": {"level": "ERROR"},
        "django.security.DisallowedHost": {"level": "ERROR"},
        # Its warnings name the username and address of each lockout.
        "axes": {"level": "ERROR"},
    },
}

# --- Civic Forum ---------------------------------------------------------------------------

# The default is translated; a name set here is shown as it is, in every language.
SITE_NAME = env_str("SITE_NAME") or _("Brooklyn Park Civic Forum")
# Where residents report an accessibility problem (the accessibility page and footer show it).
ACCESSIBILITY_EMAIL = env_str("ACCESSIBILITY_EMAIL", "accessibility@localhost" if DEBUG else "")
if not ACCESSIBILITY_EMAIL:
    raise ImproperlyConfigured(
        "ACCESSIBILITY_EMAIL must be the address where residents report accessibility problems."
    )
ACCESSIBILITY_PHONE = env_str("ACCESSIBILITY_PHONE")
# Residents' names, emails and notes are erased this many days after their forum ends.
PERSONAL_DATA_RETENTION_DAYS = env_int("PERSONAL_DATA_RETENTION_DAYS", 30, minimum=1)
# `manage.py send_reminders` emails people with a seat this long before their forum starts.
REMINDER_BEFORE = datetime.timedelta(hours=env_int("REMINDER_HOURS", 24, minimum=1))
# Per browser: questions and votes (the anonymous voter cookie) and RSVPs (the session).
# A script that drops its cookies escapes these; NETWORK_LIMITS below hold it.
RATE_LIMITS = {
    "question": {"browser": env_rate("RATE_LIMIT_QUESTION_BROWSER", "5/600")},
    "vote": {"browser": env_rate("RATE_LIMIT_VOTE_BROWSER", "120/600")},
    "rsvp": {"browser": env_rate("RATE_LIMIT_RSVP_BROWSER", "5/3600")},
    "feedback": {"browser": env_rate("RATE_LIMIT_FEEDBACK_BROWSER", "3/3600")},
}
# Per network (an IPv4 address or an IPv6 /64), per forum, per hour: the floor or the share
# of the room's capacity, whichever is more. A forum's venue networks are exempt, so a whole
# room on the venue's Wi-Fi is never limited. See the README ("Limits").
NETWORK_LIMITS = {
    # Seats asked for (confirmed or waitlisted) in RSVPs.
    "rsvp_seats": env_room_share("NETWORK_LIMIT_RSVP_SEATS", "20,0.1"),
    # Browsers given a voter id (on their first vote or question).
    "new_voters": env_room_share("NETWORK_LIMIT_NEW_VOTERS", "300,2"),
    # Votes added to any one question.
    "votes_per_question": env_room_share("NETWORK_LIMIT_VOTES_PER_QUESTION", "200,1.5"),
    "questions": env_room_share("NETWORK_LIMIT_QUESTIONS", "60,0.5"),
    # Feedback forms sent after the forum.
    "feedback": env_room_share("NETWORK_LIMIT_FEEDBACK", "60,0.5"),
}
# Emails one address may get because of RSVPs made with it, per hour and per day.
RESIDENT_EMAIL_CAPS = [
    env_rate("RESIDENT_EMAILS_PER_HOUR", "3/3600"),
    env_rate("RESIDENT_EMAILS_PER_DAY", "6/86400"),
]
# Seconds a person needs at least to write a question; faster is a script.
QUESTION_MIN_SECONDS = env_int("QUESTION_MIN_SECONDS", 3)
# The same for the RSVP form: a name and a party size take a person more than this.
RSVP_MIN_SECONDS = env_int("RSVP_MIN_SECONDS", 3)
# Where residents reach the site; used for links in emails and calendar files.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if urlsplit(SITE_URL).scheme not in {"http", "https"} or not urlsplit(SITE_URL).hostname:
    raise ImproperlyConfigured(
        "SITE_URL must be the site's address, e.g. https://forum.example.org."
    )
