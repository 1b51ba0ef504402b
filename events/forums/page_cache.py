"""The forum page, rendered once for everyone who brings nothing of their own, and still
giving each visitor their own tokens.

When a forum is on the radio, its audience arrives in the same hour, and almost all of them
see the same page: no session, no flash message, no votes of their own. That page is kept
for KEPT_SECONDS per forum, language and address, with placeholders ("slots") where each
response needs its own values, filled in per response:
- the CSRF token, from `get_token(request)`, masked anew for each response (so the page never
  carries a fixed secret that compression could leak: BREACH);
- each form's one-time token, which also says when the form was opened.

Django's cache middleware could never hit here: every visitor has a `csrftoken` cookie after
a first view and the page varies on cookies. So the view decides, by the cookies that change
what the page shows: the session (staff, flash messages kept there), the flash-message cookie
and the voter cookie (a voter's own "voted" marks). Those visitors get the page rendered for
them.

A forum's pages are forgotten whenever the forum, its translations or topics, an RSVP or a
question changes (connected in events.apps). Vote counts are not watched: a visitor who has
not voted may see them up to KEPT_SECONDS old.
"""

import re
import secrets
from functools import cache as once

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac

from ..common import form_tokens, headers
from ..models import Event, Topic
from ..questions.voters import COOKIE as VOTER_COOKIE

KEPT_SECONDS = 5
VERSION_KEPT_SECONDS = 60 * 60 * 24
QUERIES = ("", "order=top", "order=new")  # the only addresses a kept page may have


@once
def slot(name: str) -> str:
    """A placeholder no visitor can guess, so no question's text can contain one."""
    return "slot-" + salted_hmac("forum page slot", name, algorithm="sha256").hexdigest()[:32]


def token_slot(purpose: str) -> str:
    return slot(f"form-token:{purpose}")


CSRF_SLOT = "csrf"


def may_serve(request, queries=QUERIES, *, personal=True) -> bool:
    """Whether this visitor sees the page everyone sees. A page that is not `personal` shows
    nothing of a visitor's own (the live block): it is the same whatever the cookies."""
    cookies = request.COOKIES
    own = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, VOTER_COOKIE)
    if personal and any(name in cookies for name in own):
        return False
    # The query string exactly as sent: `?order=top&&` or `?%6Frder=new` would be the same page
    # under another key, and a script could fill the cache with them.
    return request.META.get("QUERY_STRING", "") in queries


def _version_key(slug: str) -> str:
    return f"forum-page:{slug}:version"


def _page_key(request, slug: str) -> str:
    address = salted_hmac(
        "forum page address", request.get_full_path(), algorithm="sha256"
    ).hexdigest()[:32]
    return f"forum-page:{slug}:{request.LANGUAGE_CODE}:{address}"


class Lookup:
    """One trip to the cache: the forum's version and the page kept for this address."""

    def __init__(self, request, slug: str):
        self.request, self.slug = request, slug
        found = cache.get_many([_version_key(slug), _page_key(request, slug)])
        self.version = found.get(_version_key(slug))
        kept = found.get(_page_key(request, slug))
        self.kept = kept if kept and self.version and kept["version"] == self.version else None

    def keep(self, event: Event, body: str, *, fetches: bool = False) -> dict:
        """Keep a page rendered with slots. The version is the one read before rendering, so
        a change made meanwhile leaves this page unreachable instead of kept. A page that
        `fetches` (its live block asks for itself again) is served with a CSP that lets it."""
        page = {"version": self.version, "event": event.pk, "body": body, "fetches": fetches}
        # A CSRF token asked for while rendering (not through its slot) would be one visitor's
        # secret in everyone's page: such a page is served once, never kept.
        real_token = self.request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        if self.version is not None and not real_token:
            cache.set(_page_key(self.request, self.slug), page, KEPT_SECONDS)
        return page

    def start(self) -> None:
        """Give the forum a version to keep pages under, if it has none yet."""
        if self.version is None:
            cache.add(_version_key(self.slug), secrets.token_hex(8), VERSION_KEPT_SECONDS)
            self.version = cache.get(_version_key(self.slug))


def respond(request, page: dict) -> HttpResponse:
    """The kept page with this visitor's own CSRF token and form tokens."""
    event = Event(pk=page["event"])
    fresh = {slot(CSRF_SLOT): lambda: get_token(request)}
    for purpose in _purposes():
        fresh[token_slot(purpose)] = lambda p=purpose: form_tokens.new_token(p, event)
    pattern = re.compile("|".join(re.escape(placeholder) for placeholder in fresh))
    response = HttpResponse(pattern.sub(lambda match: fresh[match.group()](), page["body"]))
    if page.get("fetches"):
        headers.may_fetch(response)
    return response


@once
def _purposes() -> tuple[str, ...]:
    from ..questions.forms import QuestionForm
    from ..rsvps.forms import RsvpForm

    return (RsvpForm.signed_for, QuestionForm.signed_for)


def forget(slug: str) -> None:
    """Every kept page of this forum is out of date: now, and again once the change commits
    (a page rendered between the two would otherwise show the state before it)."""

    def new_version():
        cache.set(_version_key(slug), secrets.token_hex(8), VERSION_KEPT_SECONDS)

    new_version()
    transaction.on_commit(new_version)


def forget_changed(sender, instance, **kwargs) -> None:
    """post_save and post_delete of a forum or of anything its page shows."""
    if isinstance(instance, Event):
        forget(instance.slug)
    elif slug := _slug_of_owner(instance):
        forget(slug)


def _slug_of_owner(instance) -> str | None:
    """The slug of the forum an RSVP, question, topic or translation belongs to; no query when
    the forum came with it (an RSVP just made)."""
    if hasattr(instance, "topic_id") and not hasattr(instance, "event_id"):  # a topic's text
        event_id = Topic.objects.filter(pk=instance.topic_id).values_list("event_id").first()
        event_id = event_id and event_id[0]
    elif type(instance).event.is_cached(instance):
        return instance.event.slug
    else:
        event_id = instance.event_id
    return Event.objects.filter(pk=event_id).values_list("slug", flat=True).first()
