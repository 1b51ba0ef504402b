"""The RSVP form on the forum page, and the form on the private page to change an RSVP.
They only parse input: events.rsvps.rules decides about seats."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ..common import bootstrap_fields
from ..common.form_tokens import Honeypot, OneTimeForm
from ..common.languages import language_code, language_name
from ..enums import NEED_FIELDS, NEEDS
from ..models import Event, Rsvp
from . import rules

NEEDS_FIELDS = [*NEED_FIELDS, "note"]


class RsvpNeedsForm(forms.ModelForm):
    """Party size and needs: shared by the RSVP form and the manage page."""

    default_renderer = bootstrap_fields.renderer

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
        limit_party_size(party_size, event.max_party_size)
        party_size.help_text = ngettext_lazy(
            "Count yourself too. Up to %(limit)d person.",
            "Count yourself too. Up to %(limit)d people.",
            "limit",
        ) % {"limit": event.max_party_size}
        if "party_size" not in self.initial and not self.instance.pk:
            self.initial["party_size"] = 1
        for need in NEEDS:
            field = self.fields[need.field]
            field.label = need.question
            field.required = False
            field.widget.attrs.update({"min": 0, "max": event.max_party_size})
        if event.interpretation_languages:
            self._offer_interpreter_languages(event)

    def _offer_interpreter_languages(self, event: Event) -> None:
        """The forum's interpreter languages to pick from, named in the reader's language. An
        RSVP made with another one (typed by staff on the phone) keeps it as a choice."""
        codes = event.interpretation_language_codes
        choices = [("", _("No interpreter needed"))]
        choices += zip(codes, event.interpretation_language_names, strict=True)
        current = self.instance.interpreter_language
        if current and language_code(current) in codes:
            self.initial["interpreter_language"] = language_code(current)
        elif current:
            choices.append((current, language_name(current)))
        self.fields["interpreter_language"] = forms.ChoiceField(
            label=_("Interpreter language"), choices=choices, required=False
        )

    def clean(self):
        cleaned = super().clean()
        # An empty count means nobody needs it (before the model checks counts against the party).
        for need in NEEDS:
            if need.field in cleaned and cleaned[need.field] is None:
                cleaned[need.field] = 0
        return cleaned

    def need_fields(self):
        """The fields of the "help you need" part, in order, for the template."""
        return [self[name] for name in NEEDS_FIELDS]


class RsvpForm(Honeypot, OneTimeForm, RsvpNeedsForm):
    """The RSVP form: a form sent twice makes one RSVP (its token is kept with it), and the
    honeypot and the "opened at" time stop scripts that would take the room."""

    signed_for = "rsvp-form"
    token_expired = _("This form had expired. Check your details and send it again.")
    too_quick = _("That was quick! Check your details, then send it again.")

    class Meta(RsvpNeedsForm.Meta):
        fields = ["name", "party_size", "email", "language", *NEEDS_FIELDS]

    def __init__(self, *args, event: Event, language: str = "en", **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.instance.event = event
        self.min_seconds = settings.RSVP_MIN_SECONDS
        self.fields["language"] = forms.ChoiceField(
            label=_("Language for emails"), choices=settings.LANGUAGES, initial=language
        )
        self.fields["name"].widget.attrs.update({"autocomplete": "name", "maxlength": 100})
        _label_email(self.fields["email"])
        if not self.is_bound:
            self.issue_token()

    def clean(self):
        cleaned = super().clean()
        # The rules find the first RSVP of a form sent twice by this id.
        self.instance.form_token = self.token
        if self.is_bot:
            # Not a silent drop: a person whose browser filled it in sees the field and why.
            self.add_error("website", _("Leave this field empty, then send the form again."))
        return cleaned


class ManageRsvpForm(RsvpNeedsForm):
    class Meta(RsvpNeedsForm.Meta):
        fields = ["party_size", "email", "language", *NEEDS_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            label=_("Language for emails"), choices=settings.LANGUAGES
        )
        _label_email(self.fields["email"])


class LostLinkForm(forms.Form):
    default_renderer = bootstrap_fields.renderer
    email = forms.EmailField(label=_("Email"), max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})


def limit_party_size(field: forms.IntegerField, limit: int) -> None:
    """Take party sizes of 1..limit (the model allows 1..20; an event may allow fewer). Any
    other size, or one that is not a number, is told the event's limit."""
    field.min_value, field.max_value = 1, limit
    field.validators = [
        v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)
    ] + [MinValueValidator(1), MaxValueValidator(limit)]
    message = rules.party_limit_message(limit)
    field.error_messages.update({"invalid": message, "min_value": message, "max_value": message})
    field.widget.attrs.update({"min": 1, "max": limit})


def _label_email(field) -> None:
    # Optional fields say so; required ones are the rule (and carry `required`).
    field.label = _("Email (optional)")
    field.widget.attrs.update({"autocomplete": "email"})
