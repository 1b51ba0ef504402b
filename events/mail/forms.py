"""The form for a message to attendees. It only parses input; events.messaging sends."""

import uuid

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..enums import Audience
from ..models import Event, Message
from ..rsvps.forms import FORM_TOKEN_MAX_AGE


def new_message_token(event: Event) -> str:
    """A one-time token for the form, signed so it cannot be forged or moved to another
    event: sending the same form twice brings back the first message instead of a second."""
    return signing.dumps(str(uuid.uuid4()), salt=f"message-form:{event.pk}")


def _audience_label(label: str, count: int) -> str:
    return ngettext(
        "%(audience)s (%(count)d person with an email)",
        "%(audience)s (%(count)d people with an email)",
        count,
    ) % {"audience": label, "count": count}


class MessageForm(forms.ModelForm):
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)

    class Meta:
        model = Message
        fields = ["audience", "subject", "body"]
        widgets = {"audience": forms.RadioSelect, "body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "subject": _("One line, up to 150 characters."),
            "body": _(
                "Up to 5,000 characters. Each person gets it with a short greeting in their own "
                "language, their private RSVP link and a link to stop these emails."
            ),
        }

    def __init__(self, *args, event: Event, counts: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.token = None
        self.fields["audience"].choices = [
            (value, _audience_label(label, counts[value])) for value, label in Audience.choices
        ]
        self.fields["subject"].widget.attrs.update({"maxlength": 150})
        if not self.is_bound:
            self.initial["form_token"] = new_message_token(event)

    def clean(self):
        cleaned = super().clean()
        try:
            value = signing.loads(
                cleaned.get("form_token", ""),
                salt=f"message-form:{self.event.pk}",
                max_age=FORM_TOKEN_MAX_AGE,
            )
            self.token = uuid.UUID(value)
        except (signing.BadSignature, ValueError, TypeError):
            # What was typed stays; the page gets a fresh token.
            self.data = self.data.copy()
            self.data["form_token"] = new_message_token(self.event)
            self.add_error(None, _("This form had expired. Check the message and send it again."))
        return cleaned
