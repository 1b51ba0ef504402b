"""The bare app the benchmark holds the site against: Django answering "ok" behind the
middleware `django-admin startproject` writes, with debug off. Nothing else: no database, no
templates. It trusts the proxy's X-Forwarded-Proto as the site does, so the same requests
(cookies, a CSRF token, an Origin) pass Django's CSRF check here too."""

import secrets

DEBUG = False
SECRET_KEY = secrets.token_urlsafe(50)
ALLOWED_HOSTS = ["forum.example.org"]
CSRF_TRUSTED_ORIGINS = ["https://forum.example.org"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]

# As `startproject` writes it.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "bare.urls"
WSGI_APPLICATION = "bare.wsgi.application"
DATABASES = {}
USE_TZ = True
