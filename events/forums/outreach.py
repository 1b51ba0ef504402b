"""The outreach kit of a forum: a flyer page and two plain-text announcements per language.

Most residents this forum is for hear of it from a flyer at the library or a notice on the
radio, so each one carries a short address a person can type or read out: /f/<number>/<lang>/,
the forum's number and the language of the flyer. It leads to the forum's page in that
language, whatever language the phone that scanned it prefers."""

import re
from dataclasses import dataclass
from functools import cached_property

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..common.translations import LocalizedEvent, localize_event
from ..models import Event

# What a resident who is afraid of giving data needs to read first, in this order.
PROMISES = [
    _("Free and open to everyone."),
    _("No ID or papers needed."),
    _("Any name or nickname is fine."),
    _("Questions are anonymous: no one sees who asks."),
    _("We never ask about immigration status."),
]
# The longest access note a flyer prints (the forum's page has the whole of it).
FLYER_ACCESS = 200
# The ones fifty words have room for.
SHORT_PROMISES = [PROMISES[0], PROMISES[1], PROMISES[3]]


def languages(event: Event) -> list[str]:
    """The site's languages this forum is written in: its own, then each it is translated into."""
    translated = set(event.translations.values_list("language", flat=True))
    return [
        code
        for code, _name in settings.LANGUAGES
        if code == settings.LANGUAGE_CODE or code in translated
    ]


def short_url(event: Event, language: str) -> str:
    return settings.SITE_URL + reverse("events:short_link", args=[event.pk, language])


def printed(url: str) -> str:
    """An address as people type it: no https://, no last slash."""
    return url.removeprefix("https://").rstrip("/")


@dataclass(frozen=True)
class Announcement:
    language: str
    event: LocalizedEvent
    url: str  # what the QR code holds
    address: str  # what is printed and read out

    promises = PROMISES
    short_promises = SHORT_PROMISES

    @property
    def title_sentence(self) -> str:
        """The title as the first sentence: a period unless it ends in a mark of its own."""
        title = self.event.title.strip()
        return title if title.endswith((".", "?", "!", "…")) else title + "."

    @property
    def compact(self) -> bool:
        """A forum with long texts gets smaller type, so its flyer still fits one page."""
        event = self.event
        texts = [event.title, event.hosts, event.speakers, event.venue_name, event.venue_address]
        return sum(len(text) for text in texts) + len(event.accessibility[:FLYER_ACCESS]) > 420

    @property
    def qr_svg(self) -> str:
        # viewBox only: the flyer's stylesheet sizes it. Error level "m" survives a photocopy.
        return segno.make(self.url, error="m").svg_inline(scale=1, border=2, omitsize=True)

    @cached_property
    def interpreters(self) -> str:
        """The languages interpreters speak in the room, named in this announcement's language."""
        with translation.override(self.language):
            return ", ".join(str(name) for name in self.event.interpretation_language_names)

    @cached_property
    def short(self) -> str:
        return self.text("short")

    @cached_property
    def long(self) -> str:
        return self.text("long")

    @property
    def short_words(self) -> int:
        return len(self.short.split())

    @property
    def long_words(self) -> int:
        return len(self.long.split())

    def text(self, length: str) -> str:
        """The announcement as plain text, "short" (about 50 words) or "long" (about 150)."""
        with translation.override(self.language):
            text = render_to_string(f"forums/announcement_{length}.txt", {"kit": self})
        # The template's lines join into paragraphs; blank lines part them, however many an
        # absent text leaves. Plain text, unescaped (autoescape is off in these templates):
        # `str.join` gives a plain str, never a SafeString, so the kit page escapes it.
        paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", text))
        return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def kit(event: Event) -> list[Announcement]:
    """One announcement per language of the forum, in the site's order of languages."""
    kits = []
    for language in languages(event):
        url = short_url(event, language)
        kits.append(Announcement(language, localize_event(event, language), url, printed(url)))
    return kits
