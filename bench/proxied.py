"""A visitor's browser as the app sees it behind nginx: plain HTTP to gunicorn, with the
headers the proxy adds (X-Forwarded-Proto: https and X-Forwarded-For), cookies kept by hand
(the site's are Secure, which http.cookiejar will not send over plain HTTP), and the Origin a
browser sends with a form, for Django's CSRF check. Used by the bench and by CI's smoke run."""

import http.client
import os
import re
import secrets
import time
from urllib.parse import urlencode

HOST = "forum.example.org"


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """The site as production runs it (debug off, behind one proxy, mail through the worker's
    queue) on this database; `extra` adds or overrides settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="civicforum.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        DJANGO_TRUSTED_PROXY_COUNT="1",
        SITE_URL=f"https://{HOST}",
        ACCESSIBILITY_EMAIL=f"access@{HOST}",
        TASKS_BACKEND="database",
        DATABASE_URL=database_url,
    )
    env.update(extra)
    return env


class Browser:
    def __init__(self, port: int, *, host: str = "forum.example.org", network: str = "192.0.2.1"):
        self.port, self.host, self.network = port, host, network
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        """(status, body, seconds it took)."""
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.network,
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{self.host}",
                "Referer": f"https://{self.host}{path}",
            }
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        elapsed = time.perf_counter() - started
        connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content, elapsed

    def form_tokens(self, path: str) -> dict[str, str]:
        """The hidden tokens of the page's forms: what a browser would send back."""
        _status, page, _elapsed = self.request("GET", path)
        return dict(re.findall(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]*)"', page))

    def wait_until_up(self, tries: int = 50) -> None:
        for _ in range(tries):
            try:
                self.request("GET", "/")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"nothing answers on port {self.port}")
