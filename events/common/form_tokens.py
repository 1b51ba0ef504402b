"""One-time form tokens: the one way a form sent twice (a double click, a reload, Back and
Send again) makes one thing, not two, and the quiet checks that stop scripts without a CAPTCHA.

Each form holds a random id and the moment it was opened, in a hidden field signed for its
purpose and its forum, so it can be neither forged nor moved to another forum. The rule that
saves the form stores the id with what it makes (an RSVP, a message) under a unique
constraint: the second submission finds the first result instead of making another. A form
whose result keeps no id (a question) spends its token in the cache instead.

Residents' forms also refuse a form sent sooner than a person could fill it in (`min_seconds`)
and carry a honeypot: a field people never see, which only scripts fill in.
"""

import time
import uuid
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

# A form left open overnight still works.
MAX_AGE = 60 * 60 * 24


@dataclass(frozen=True)
class Opened:
    id: uuid.UUID
    at: float  # when the form was shown (time.time())


def new_token(purpose: str, event, *, opened_at: float | None = None) -> str:
    opened = {"id": str(uuid.uuid4()), "at": time.time() if opened_at is None else opened_at}
    return signing.dumps(opened, salt=f"{purpose}:{event.pk}")


def read_token(value: str, purpose: str, event) -> Opened | None:
    """What a token holds; None when it is forged, made for another forum, or too old."""
    try:
        payload = signing.loads(value, salt=f"{purpose}:{event.pk}", max_age=MAX_AGE)
        return Opened(uuid.UUID(payload["id"]), float(payload["at"]))
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        return None


def spend(purpose: str, opened: Opened) -> bool:
    """Use up a token whose result does not keep its id; False if it was used already."""
    return cache.add(f"form-spent:{purpose}:{opened.id}", 1, timeout=MAX_AGE + 60)


class OneTimeForm(forms.Form):
    """Mixed into a form with `self.event`: call issue_token() when the form is first shown;
    after cleaning, `self.token` is the id (None if the token was refused)."""

    signed_for = ""  # what the token is for, e.g. "rsvp-form"
    token_expired = ""  # the message when it is refused, in the form's own words
    too_quick = ""  # the message when it comes back sooner than min_seconds
    min_seconds = 0.0  # set per form, from settings, by residents' forms
    reshowing = False  # shown again in another language: the token is neither checked nor used

    form_token = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)

    def issue_token(self) -> None:
        self.initial["form_token"] = new_token(self.signed_for, self.event)

    def clean(self):
        cleaned = super().clean()
        if self.reshowing:
            self.opened = self.token = None
            return cleaned
        opened = read_token(cleaned.get("form_token", ""), self.signed_for, self.event)
        self.opened = opened
        self.token = opened and opened.id
        if opened is None:
            self._refuse(self.token_expired)
        elif time.time() - opened.at < self.min_seconds:
            # Someone pasting ready text is fast too: ask again, never drop it silently.
            self._refuse(self.too_quick)
        return cleaned

    def _refuse(self, message: str) -> None:
        # What was typed stays; the page comes back with a fresh token.
        self.token = self.opened = None
        self.data = self.data.copy()
        self.data[self.add_prefix("form_token")] = new_token(self.signed_for, self.event)
        self.add_error(None, message)


class Honeypot(forms.Form):
    """A field hidden from people (`hp-field`); a script fills it. `is_bot` says so."""

    is_bot = False

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self):
        cleaned = super().clean()
        self.is_bot = bool(cleaned.get("website"))
        return cleaned
