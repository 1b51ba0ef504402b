"""Forms for the organizers' question pages: filters, moderation steps, merging, wording."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import QuestionStatus
from .models import Event
from .validators import validate_no_control_characters, validate_not_blank

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
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

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
            "numbers, email addresses and case numbers. The original wording stays on record."
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
