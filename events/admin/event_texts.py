"""The admin's side of a forum's texts in other languages: interpreter languages picked from
a list, and what is still to translate, per language."""

from django import forms
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..common.languages import join_codes, split_codes
from ..common.translations import missing_translations
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


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))  # settings name them lazily


def missing_summary(event: Event) -> str:
    """One line for the list of events: "Spanish: venue, hosts", or a dash when complete."""
    missing = missing_translations(event)
    if not missing:
        return "-"
    return "; ".join(
        f"{_language_name(language)}: {', '.join(parts)}" for language, parts in missing.items()
    )


def missing_list(event: Event) -> str:
    """For the event's page: per language, each text that has no translation yet."""
    if event.pk is None:
        return "-"
    missing = missing_translations(event)
    if not missing:
        return gettext("Every text is translated.")
    return format_html(
        '<ul class="missing-translations">{}</ul>',
        format_html_join(
            "",
            "<li>{}: {}</li>",
            ((_language_name(language), ", ".join(parts)) for language, parts in missing.items()),
        ),
    )


MISSING_LABEL = _("missing translations")
