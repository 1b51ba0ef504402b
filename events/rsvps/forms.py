import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from ..models import Event, Rsvp

FORM_TOKEN_MAX_AGE = 60 * 60 * 24  # a form left open overnight still works

NEEDS_FIELDS = [
    "interpreter_count",
    "interpreter_language",
    "asl_count",
    "captioning_count",
    "childcare_count",
    "mobility_count",
    "note",
]


def new_form_token(event: Event) -> str:
    """A one-time token for an RSVP form, signed so it cannot be forged or moved to another
    event. Submitting the same form twice brings back the first RSVP instead of a second."""
    return signing.dumps(str(uuid.uuid4()), salt=f"rsvp-form:{event.pk}")


class RsvpNeedsForm(forms.ModelForm):
    """Party size and needs: shared by the RSVP form and the manage page."""

    class Meta:
        model = Rsvp
        fields = ["party_size", *NEEDS_FIELDS]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        party_size = self.fields["party_size"]
        # The model allows 1..20; this event may allow fewer. PartyTooLarge says it kindly.
        party_size.min_value = 1
        party_size.validators = [
            v for v in party_size.validators if not isinstance(v, MinValueValidator)
        ] + [MinValueValidator(1)]
        party_size.widget.attrs.update({"min": 1, "max": event.max_party_size})
        party_size.help_text = _("Count yourself too. Up to %(limit)d people.") % {
            "limit": event.max_party_size
        }
        if "party_size" not in self.initial and not self.instance.pk:
            self.initial["party_size"] = 1
        for name in NEEDS_FIELDS:
            if name.endswith("_count"):
                field = self.fields[name]
                field.required = False
                field.widget.attrs.update({"min": 0, "max": event.max_party_size})
        languages = event.interpretation_language_list
        if languages:
            choices = [("", _("No interpreter needed")), *((lang, lang) for lang in languages)]
            current = self.instance.interpreter_language
            if current and current not in languages:
                choices.append((current, current))
            self.fields["interpreter_language"] = forms.ChoiceField(
                label=_("Interpreter language"), choices=choices, required=False
            )
        self.fields["interpreter_count"].label = _("How many people need an interpreter?")
        self.fields["asl_count"].label = _("How many people need an ASL interpreter?")
        self.fields["captioning_count"].label = _("How many people need live captions?")
        self.fields["childcare_count"].label = _("How many children need childcare?")
        self.fields["mobility_count"].label = _(
            "How many people need wheelchair or mobility access?"
        )

    def clean(self):
        cleaned = super().clean()
        # An empty count means nobody needs it (before the model checks counts against the party).
        for name in NEEDS_FIELDS:
            if name.endswith("_count") and name in cleaned and cleaned[name] is None:
                cleaned[name] = 0
        return cleaned


class RsvpForm(RsvpNeedsForm):
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)

    class Meta(RsvpNeedsForm.Meta):
        fields = ["name", "party_size", "email", "language", *NEEDS_FIELDS]

    def __init__(self, *args, event: Event, language: str = "en", **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.instance.event = event
        self.fields["language"] = forms.ChoiceField(
            label=_("Language for emails"), choices=settings.LANGUAGES, initial=language
        )
        self.fields["name"].widget.attrs.update({"autocomplete": "name", "maxlength": 100})
        # Optional fields say so; required ones are the rule (and carry `required`).
        self.fields["email"].label = _("Email (optional)")
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        if not self.is_bound:
            self.initial["form_token"] = new_form_token(event)

    def clean(self):
        cleaned = super().clean()
        try:
            value = signing.loads(
                cleaned.get("form_token", ""),
                salt=f"rsvp-form:{self.event.pk}",
                max_age=FORM_TOKEN_MAX_AGE,
            )
            self.instance.form_token = uuid.UUID(value)
        except (signing.BadSignature, ValueError, TypeError):
            # The resident keeps what they typed; the page gives them a fresh token.
            self.data = self.data.copy()
            self.data["form_token"] = new_form_token(self.event)
            self.add_error(None, _("This form had expired. Check your details and send it again."))
        return cleaned


class ManageRsvpForm(RsvpNeedsForm):
    class Meta(RsvpNeedsForm.Meta):
        fields = ["party_size", "language", *NEEDS_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            label=_("Language for emails"), choices=settings.LANGUAGES
        )
