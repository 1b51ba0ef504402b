"""Question forms: the residents' "ask" form, and the organizers' filters, moderation
steps, merging and wording."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..common import bootstrap_fields, form_tokens
from ..common.translations import topic_names
from ..enums import QuestionLanguage, QuestionStatus
from ..models import Event, Topic
from ..validators import validate_no_control_characters, validate_not_blank
from .personal_details import find_personal_details

# The steps a moderator can take from the queue. "Merged" has a form of its own.
ACTIONS = [
    QuestionStatus.APPROVED,
    QuestionStatus.REJECTED,
    QuestionStatus.ANSWERING,
    QuestionStatus.ANSWERED,
]


class QuestionFilterForm(forms.Form):
    """Which of an event's questions to list or export. Read from the query string (or from
    a moderation form's hidden fields, to come back to the same list). No status given means
    "pending" for the queue and "all but merged" for an export."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    topic = forms.TypedChoiceField(label=_("Topic"), required=False, coerce=int, empty_value=None)
    # The queue's search (a word of the text, or a question's number): how a moderator finds
    # the question to merge into, however long the list.
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        validators=[validate_no_control_characters],
    )

    def __init__(self, *args, event: Event, topics=None, status_counts=None, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = list(QuestionStatus.choices)
        if status_counts is not None:
            statuses = [
                (value, f"{label} ({status_counts.get(value, 0)})") for value, label in statuses
            ]
        self.fields["status"].choices = statuses
        self.topics = list(event.topics.values_list("pk", "name")) if topics is None else topics
        self.fields["topic"].choices = [("", _("All topics")), *self.topics]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def search(self) -> str:
        """What to search for; a search that is not valid (too long, a NUL) counts as none."""
        self.is_valid()
        return self.cleaned_data.get("q") or ""

    def filters(self, default_status: str = "") -> tuple[str, int | None]:
        """The status and topic id asked for. A value that is not valid counts as not given:
        a stale link still shows a list."""
        self.is_valid()
        return self.cleaned_data.get("status") or default_status, self.cleaned_data.get("topic")


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[(status.value, status.label) for status in ACTIONS])


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Merge into"), min_value=1)


class WordingForm(forms.Form):
    text = forms.CharField(
        label=_("Public wording"),
        max_length=1000,
        validators=[validate_no_control_characters, validate_not_blank],
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
        help_text=_(
            "What residents, the speaker and the presenter screen see. Take out names, phone "
            "numbers, email addresses and case numbers. What you take out is not kept."
        ),
    )
    answer_summary = forms.CharField(
        label=_("Answer summary"),
        max_length=3000,
        required=False,
        validators=[validate_no_control_characters],
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
        help_text=_("A short public summary of the answer, for the “What we heard” page."),
    )


class QuestionForm(form_tokens.Honeypot, form_tokens.OneTimeForm):
    """Ask the speaker, anonymously. Quiet checks stop scripts without a CAPTCHA: the honeypot,
    and a signed, single-use "opened at" token (nobody writes a question in 2 seconds)."""

    default_renderer = bootstrap_fields.renderer
    prefix = "question"  # it shares the event page with the RSVP form
    signed_for = "question-form"
    token_expired = _("This form had expired. Check your question and send it again.")
    too_quick = _("That was quick! Check your question, then send it again.")

    text = forms.CharField(
        label=_("Your question"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        validators=[validate_no_control_characters],
        help_text=_("Up to 1,000 characters. Any language is welcome."),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic (optional)"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=_("No topic"),
    )
    language = forms.ChoiceField(
        label=_("Language of your question"), choices=QuestionLanguage.choices
    )
    confirm_personal_details = forms.BooleanField(
        label=_("Send it anyway. I understand it may be read aloud and published."),
        required=False,
    )

    def __init__(self, *args, event: Event, language: str = "en", topics=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.min_seconds = settings.QUESTION_MIN_SECONDS
        self.findings = []
        names = topic_names(event, language) if topics is None else topics
        if names:
            self.fields["topic"].queryset = event.topics.all()
            self.fields["topic"].label_from_instance = lambda topic: names[topic.pk]
        else:
            del self.fields["topic"]
        languages = QuestionLanguage.values
        self.fields["language"].initial = language if language in languages else "other"
        if not self.is_bound:
            self.issue_token()

    def clean(self):
        cleaned = super().clean()
        if (self.token is None and not self.reshowing) or self.is_bot:
            return cleaned
        text = cleaned.get("text", "")
        self.findings = find_personal_details(text) if text else []
        if self.findings and not cleaned.get("confirm_personal_details"):
            found = ", ".join(f"{finding.kind.label} ({finding.text})" for finding in self.findings)
            message = _(
                "Your question seems to include %(found)s. "
                "Please remove it, or tick the box to send it anyway."
            )
            self.add_error("text", message % {"found": found})
        return cleaned

    def spend_token(self) -> bool:
        """Use the form's token up; False (and a fresh token, the text kept) if it was used."""
        if form_tokens.spend(self.signed_for, self.opened):
            return True
        self._refuse(_("This form was already sent. Check your question and send it again."))
        return False
