"""The admin's side of a forum's texts in other languages: interpreter languages picked from
a list."""

from django import forms
from django.utils.text import capfirst

from ..common.languages import join_codes, split_codes
from ..enums import InterpreterLanguage
from ..models import Event


class InterpreterLanguagesField(forms.MultipleChoiceField):
    """Checkboxes for the languages of InterpreterLanguage; the value is stored as codes
    ("es,so"), in the list's order."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=InterpreterLanguage.choices, **kwargs)

    def prepare_value(self, value):
        return split_codes(value) if isinstance(value, str) else value

    def clean(self, value) -> str:
        return join_codes(super().clean(value))

    def has_changed(self, initial, data) -> bool:
        return join_codes(self.prepare_value(initial or "")) != join_codes(data or [])


_languages = Event._meta.get_field("interpretation_languages")


class EventForm(forms.ModelForm):
    # Declared here: the admin would give the model's CharField a text box.
    interpretation_languages = InterpreterLanguagesField(
        label=capfirst(_languages.verbose_name), help_text=_languages.help_text, required=False
    )

    class Meta:
        model = Event
        fields = ["interpretation_languages"]  # the admin's fieldsets add the others
