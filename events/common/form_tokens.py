"""One-time form tokens: the one way a form sent twice (a double click, a reload, Back and
Send again) makes one thing, not two.

Each form holds a random id in a hidden field, signed for its purpose and its forum, so it
can be neither forged nor moved to another forum. The rule that saves the form stores the id
with what it makes (an RSVP, a message) under a unique constraint: the second submission
finds the first result instead of making another.
"""

import uuid

from django import forms
from django.core import signing

# A form left open overnight still works.
MAX_AGE = 60 * 60 * 24


def new_token(purpose: str, event) -> str:
    return signing.dumps(str(uuid.uuid4()), salt=f"{purpose}:{event.pk}")


def read_token(value: str, purpose: str, event) -> uuid.UUID | None:
    """The id in a token; None when it is forged, made for another forum, or too old."""
    try:
        return uuid.UUID(signing.loads(value, salt=f"{purpose}:{event.pk}", max_age=MAX_AGE))
    except (signing.BadSignature, ValueError, TypeError):
        return None


class OneTimeForm(forms.Form):
    """Mixed into a form with `self.event`: call issue_token() when the form is first shown;
    after cleaning, `self.token` is the id (None if the token was refused)."""

    signed_for = ""  # what the token is for, e.g. "rsvp-form"
    token_expired = ""  # the message when it is refused, in the form's own words

    form_token = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)

    def issue_token(self) -> None:
        self.initial["form_token"] = new_token(self.signed_for, self.event)

    def clean(self):
        cleaned = super().clean()
        self.token = read_token(cleaned.get("form_token", ""), self.signed_for, self.event)
        if self.token is None:
            # What was typed stays; the page comes back with a fresh token.
            self.data = self.data.copy()
            self.data[self.add_prefix("form_token")] = new_token(self.signed_for, self.event)
            self.add_error(None, self.token_expired)
        return cleaned
