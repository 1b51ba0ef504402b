"""The residents' "Hearing back" form: anonymous, no account, a score and two short texts."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..common import bootstrap_fields, form_tokens
from ..enums import Usefulness
from ..models import Event
from ..questions.personal_details import find_personal_details
from ..validators import validate_no_control_characters

FREE_TEXTS = ("next_topic", "hard_to_reach")


class FeedbackForm(form_tokens.Honeypot, form_tokens.OneTimeForm):
    """The same quiet checks as the question form: a honeypot, and a signed, single-use
    "opened at" token. Its free texts get the same personal-details warning."""

    default_renderer = bootstrap_fields.renderer
    prefix = "feedback"
    signed_for = "feedback-form"
    token_expired = _("This form had expired. Check your answers and send them again.")
    too_quick = _("That was quick! Check your answers, then send them again.")

    # Rendered by hand in the template (a fieldset of radio buttons).
    usefulness = forms.TypedChoiceField(
        label=_("Was the forum useful to you?"),
        choices=Usefulness.choices,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=_("Pick a number. 1 means not useful. 5 means very useful."),
        error_messages={"required": _("Pick a number from 1 to 5.")},
    )
    next_topic = forms.CharField(
        label=_("What should the next forum be about? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        validators=[validate_no_control_characters],
        help_text=_("Up to 500 characters. Any language is welcome."),
    )
    hard_to_reach = forms.CharField(
        label=_("Was anything hard to reach or understand? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        validators=[validate_no_control_characters],
        help_text=_("For example the room, the sound, the words used, or this site."),
    )
    confirm_personal_details = forms.BooleanField(
        label=_("Send it anyway. I understand city staff will read it."),
        required=False,
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.min_seconds = settings.QUESTION_MIN_SECONDS
        self.findings = []
        if not self.is_bound:
            self.issue_token()

    def clean(self):
        cleaned = super().clean()
        if (self.token is None and not self.reshowing) or self.is_bot:
            return cleaned
        if cleaned.get("confirm_personal_details"):
            return cleaned
        for name in FREE_TEXTS:
            found = find_personal_details(cleaned.get(name) or "")
            if found:
                self.findings += found
                listed = ", ".join(f"{item.kind.label} ({item.text})" for item in found)
                message = _(
                    "This seems to include %(found)s. "
                    "Please remove it, or tick the box to send it anyway."
                )
                self.add_error(name, message % {"found": listed})
        return cleaned

    def spend_token(self) -> bool:
        """Use the form's token up; False (and a fresh token, the texts kept) if it was used."""
        if form_tokens.spend(self.signed_for, self.opened):
            return True
        self._refuse(
            _(
                "This form was already sent, and we have those answers. "
                "You do not need to send it again."
            )
        )
        return False
