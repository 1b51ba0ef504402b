"""The form for a message to attendees. It only parses input; events.messaging sends."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..common.form_tokens import OneTimeForm
from ..enums import Audience
from ..models import Event, Message


def _audience_label(label: str, count: int) -> str:
    return ngettext(
        "%(audience)s (%(count)d person with an email)",
        "%(audience)s (%(count)d people with an email)",
        count,
    ) % {"audience": label, "count": count}


class MessageForm(OneTimeForm, forms.ModelForm):
    signed_for = "message-form"
    token_expired = _("This form had expired. Check the message and send it again.")

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
        self.counts = counts
        self.fields["audience"].choices = [
            (value, _audience_label(label, counts[value])) for value, label in Audience.choices
        ]
        self.fields["subject"].widget.attrs.update({"maxlength": 150})
        if not self.is_bound:
            self.issue_token()

    def clean_audience(self):
        audience = self.cleaned_data["audience"]
        if not self.counts[audience]:
            raise forms.ValidationError(
                _(
                    "Nobody in this group has an email we may write to, so there is no one to "
                    "send this to."
                ),
                code="nobody",
            )
        return audience

    @property
    def recipient_count(self) -> int:
        """How many people the cleaned form's audience reaches (one per address)."""
        return self.counts[self.cleaned_data["audience"]]
