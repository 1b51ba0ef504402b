"""The visitors whose requests wrk repeats, each made through the site as a browser would
(proxied.Browser): a first-time visitor, a returning voter, a resident sending the RSVP form,
and an organizer signed in with password and code. Each gives a wrk.Load, and the answer the
site gave to the same request, to check and to weigh."""

import hmac
import http.client
import re
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from proxied import Browser
from wrk import Load

POSTED_NAME = "Bench POST"  # the name on every RSVP the POST runs make


@dataclass(frozen=True)
class Visitor:
    name: str
    load: Load
    html_bytes: int  # what the site answered this visitor's request, once, alone
    alone_ms: float  # how long that took
    problem: str = ""  # what went wrong with it, if anything did


def cookie_header(browser: Browser) -> str:
    # A deleted cookie (Set-Cookie with an empty value) is not sent again.
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items() if value)


def _get(browser: Browser, path: str) -> str:
    status, page, _elapsed = browser.request("GET", path)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    return page


def _visit(name: str, browser: Browser, path: str) -> Visitor:
    """The visitor's request sent once, alone; what wrk will repeat."""
    load = Load(path, cookie_header(browser))
    started = time.perf_counter()
    try:
        status, page, elapsed = browser.request("GET", path)
    except (OSError, http.client.HTTPException) as error:
        waited = time.perf_counter() - started
        problem = (
            f"no answer when alone: {type(error).__name__} after {waited:.0f} s (gunicorn "
            "stops a worker after 30 s, and proxied.Browser waits 30 s)"
        )
        return Visitor(name, load, 0, waited * 1000, problem)
    problem = "" if status == 200 else f"answered {status}"
    return Visitor(name, load, len(page.encode()), elapsed * 1000, problem)


def first_time(port: int, slug: str) -> Visitor:
    return _visit("forum, first visit", Browser(port), f"/events/{slug}/")


def returning_voter(port: int, slug: str, votes: int = 3) -> Browser:
    """A resident who RSVPed (a session that holds the RSVP) and voted for `votes` questions
    (the voter cookie): the browser, with its cookies."""
    browser = Browser(port, network="203.0.113.7")
    path = f"/events/{slug}/"
    form = browser.form_tokens(path) | {
        "name": "Returning voter",
        "party_size": "1",
        "email": "",
        "language": "en",
    }
    time.sleep(3.1)  # sooner, the form is asked again (RSVP_MIN_SECONDS), as for a person
    status, _page, _elapsed = browser.request("POST", f"/events/{slug}/rsvp/", form)
    assert status == 200, status
    page = _get(browser, path)
    ids = re.findall(rf'action="/events/{slug}/questions/(\d+)/vote/"', page)[:votes]
    assert len(ids) == votes, f"only {len(ids)} questions to vote for"
    for question in ids:
        token = browser.form_tokens(path)["csrfmiddlewaretoken"]
        form = {"csrfmiddlewaretoken": token, "order": "top"}
        vote = f"/events/{slug}/questions/{question}/vote/"
        status, _page, _elapsed = browser.request("POST", vote, form)
        assert status == 303, status
    _get(browser, path)  # reads the "thank you" message, as the browser would after voting
    return browser


def returning(browser: Browser, slug: str) -> Visitor:
    return _visit("forum, returning voter", browser, f"/events/{slug}/")


class TokenPool:
    """RSVP form tokens, each to be sent once: every wrk run takes a file of fresh ones."""

    def __init__(self, path: Path):
        self.path = path
        self.left = path.read_text().split()
        self.taken = 0

    def take(self, count: int) -> Path:
        chunk, self.left = self.left[:count], self.left[count:]
        self.taken += 1
        run = self.path.with_name(f"{self.path.stem}-{self.taken}.txt")
        run.write_text("\n".join(chunk) + "\n")
        return run


RESULT_PAGE = 'id="manage-link"'  # on the page that answers an RSVP just made


def rsvp_post(port: int, slug: str, tokens: Path) -> tuple[Visitor, TokenPool]:
    """A first-time visitor sending the RSVP form: the CSRF cookie and token from the page, a
    one-time form token from the pool (tokens, a file), no address. One POST is sent here to
    check that the form is taken; wrk sends the others."""
    browser = Browser(port)
    csrf = browser.form_tokens(f"/events/{slug}/")["csrfmiddlewaretoken"]
    form = {
        "csrfmiddlewaretoken": csrf,
        "form_token": "FORM_TOKEN",
        "name": POSTED_NAME,
        "party_size": "1",
        "email": "",
        "language": "en",
        "website": "",
    }
    pool = TokenPool(tokens)
    path = f"/events/{slug}/rsvp/"
    status, page, elapsed = browser.request("POST", path, form | {"form_token": pool.left.pop()})
    if status != 200 or RESULT_PAGE not in page:
        raise RuntimeError(
            f"the RSVP form was not taken ({status}): is bench/visitors.py's form old?"
        )
    cookie = f"csrftoken={browser.cookies['csrftoken']}"
    load = Load(path, cookie, urlencode(form), expect=RESULT_PAGE)
    return Visitor("RSVP POST", load, len(page.encode()), elapsed * 1000), pool


def totp(key_hex: str, step: int = 30) -> str:
    """The code an authenticator app shows now (RFC 6238: TOTPDevice's SHA-1, 6 digits)."""
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", int(time.time()) // step), "sha1")
    mac = digest.digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def organizer(port: int, slug: str, account: dict) -> Browser:
    """The organizer, signed in at /admin/login/ and then with the code, as a person would."""
    browser = Browser(port, network="203.0.113.8")
    form = browser.form_tokens("/admin/login/") | {
        "username": account["username"],
        "password": account["password"],
        "next": "/staff/",
    }
    status, _page, _elapsed = browser.request("POST", "/admin/login/?next=/staff/", form)
    assert status == 302, status
    code_page = "/staff/sign-in/code/?next=/staff/"
    form = browser.form_tokens(code_page) | {"code": totp(account["totp_key"]), "next": "/staff/"}
    status, _page, _elapsed = browser.request("POST", code_page, form)
    assert status == 303, f"the code step answered {status}"
    return browser


def queue(browser: Browser, slug: str) -> Visitor:
    return _visit("queue, organizer", browser, f"/staff/events/{slug}/questions/")
