"""Real-browser tests: Debian's Chromium driven by Playwright, with the site's CSP in force.

Every page a test opens fails the test on a console error (a CSP violation is one), an
uncaught script error, or a request to any host but the test server.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright

from events.signin import codes

# Playwright's sync API keeps an event loop running in this thread; the ORM calls the
# tests make between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class PageProblems:
    def __init__(self, server_url: str):
        self.origin = urlsplit(server_url).netloc
        self.problems: list[str] = []

    def watch(self, page):
        page.on(
            "console",
            lambda message: (
                message.type == "error" and self.problems.append(f"console: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: self.problems.append(f"script: {error}"))
        page.on("request", self._check_host)
        return page

    def _check_host(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https"} and parts.netloc != self.origin:
            self.problems.append(f"request to another host: {request.url}")


@pytest.fixture
def open_page(browser, live_server):
    """open_page(viewport, javascript=True) -> a new page in a fresh context, watched for
    problems."""
    watcher = PageProblems(live_server.url)
    contexts = []

    def _open(viewport=PHONE, *, javascript=True):
        context = browser.new_context(
            viewport=viewport, locale="en-US", java_script_enabled=javascript
        )
        contexts.append(context)
        return watcher.watch(context.new_page())

    yield _open
    for context in contexts:
        context.close()
    assert watcher.problems == [], "\n".join(watcher.problems)


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def _shot(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return _shot


# The innermost elements whose right edge passes the screen's: what makes a page scroll sideways.
_STICKING_OUT = """width => Array.from(document.querySelectorAll("body *"))
    .filter(element => element.getBoundingClientRect().right > width)
    .filter(element => !Array.from(element.children).some(
        child => child.getBoundingClientRect().right > width))
    .map(element => element.outerHTML.slice(0, 120))"""


def assert_fits(page, width: int) -> None:
    """No sideways scrolling: the page is no wider than the screen (and if it is, say what
    sticks out)."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (
        f"{page.url}: {scroll_width}px wide on a {width}px screen",
        page.evaluate(_STICKING_OUT, width),
    )


PASSWORD = "a-long-test-password"


def sign_in(page, live_server, user, next_path: str) -> None:
    """Sign in as staff do: the password, then (when the account needs one) the code the
    authenticator app shows now (its app set up first, as the enrol command does)."""
    device = TOTPDevice.objects.filter(user=user).first() or codes.enrol(user)
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    if "/staff/sign-in/code/" in page.url:
        page.get_by_label("Six-digit code").fill(code_for(device))
        page.get_by_role("button", name="Sign in").click()


def code_for(device) -> str:
    """The code the authenticator app shows now for this device."""
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
