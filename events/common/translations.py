"""Event texts in the reader's language, when staff have written them; the original otherwise."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..models import Event, EventTranslation, TopicTranslation

# Every text staff write for residents, in the admin's order. Interpreter languages need no
# translation: they are codes, named in each reader's language.
TRANSLATED_FIELDS = (
    "title",
    "summary",
    "description",
    "hosts",
    "speakers",
    "venue_name",
    "venue_address",
    "accessibility",
    "data_practices",
    "contact_name",
)
# How the "not translated yet" note names a part of the page, for residents (a context of
# their own: these are not the admin's field names).
PARTS = {
    "title": pgettext_lazy("untranslated part", "title"),
    "summary": pgettext_lazy("untranslated part", "summary"),
    "description": pgettext_lazy("untranslated part", "description"),
    "hosts": pgettext_lazy("untranslated part", "hosts"),
    "speakers": pgettext_lazy("untranslated part", "speaker"),
    "venue_name": pgettext_lazy("untranslated part", "place"),
    "venue_address": pgettext_lazy("untranslated part", "address"),
    "accessibility": pgettext_lazy("untranslated part", "access"),
    "data_practices": pgettext_lazy("untranslated part", "how we use your information"),
    "contact_name": pgettext_lazy("untranslated part", "contact"),
}


def untranslated_fields(event: Event, translation: EventTranslation | None) -> list[str]:
    """The texts of the event that a translation leaves out (the ones the event has)."""
    return [
        name
        for name in TRANSLATED_FIELDS
        if getattr(event, name) and not (translation and getattr(translation, name))
    ]


class LocalizedEvent:
    """An event as a reader of one language sees it. Everything not translated (dates, seats,
    and any text staff have not translated yet) comes from the event itself. For templates,
    calendar files and emails only: never save through it."""

    def __init__(self, event: Event, language: str, translation: EventTranslation | None):
        self._event = event
        self.language = language
        self.translation = translation
        for name in TRANSLATED_FIELDS:
            translated = getattr(translation, name, "") if translation else ""
            setattr(self, name, translated or getattr(event, name))

    def __getattr__(self, name):
        return getattr(self._event, name)

    @property
    def in_original_language(self) -> bool:
        return self.language == settings.LANGUAGE_CODE

    @property
    def shown_in_original(self) -> bool:
        """True when the reader's language differs from the original and nobody translated it."""
        return self.translation is None and not self.in_original_language

    @property
    def untranslated_parts(self) -> list[str]:
        """What is shown in the original although a translation exists, named for residents."""
        if self.translation is None or self.in_original_language:
            return []
        return [PARTS[name] for name in untranslated_fields(self._event, self.translation)]

    def __str__(self):
        return self.title


def localize_event(event: Event, language: str) -> LocalizedEvent:
    translation = None
    if language != settings.LANGUAGE_CODE:
        translation = event.translations.filter(language=language).first()
    return LocalizedEvent(event, language, translation)


def localize_events(events, language: str) -> list[LocalizedEvent]:
    """The same for a list, in one query."""
    events = list(events)
    translations = {}
    if language != settings.LANGUAGE_CODE and events:
        translations = {
            t.event_id: t
            for t in EventTranslation.objects.filter(event__in=events, language=language)
        }
    return [LocalizedEvent(e, language, translations.get(e.pk)) for e in events]


def topic_names(event: Event, language: str) -> dict[int, str]:
    """Topic id -> name in the reader's language (the original where there is none)."""
    names = dict(event.topics.values_list("pk", "name"))
    if language != settings.LANGUAGE_CODE:
        names.update(
            TopicTranslation.objects.filter(topic__event=event, language=language).values_list(
                "topic_id", "name"
            )
        )
    return names


def missing_translations(event: Event) -> dict[str, list[str]]:
    """For staff: language code -> what of this event has no translation in it yet (the
    admin's field names, and topics by name). Reads event.translations and event.topics with
    their translations, so a list of events can prefetch them."""
    by_language = {t.language: t for t in event.translations.all()}
    topics = [
        (topic, {t.language for t in topic.translations.all()}) for topic in event.topics.all()
    ]
    missing = {}
    for language, _name in settings.LANGUAGES:
        if language == settings.LANGUAGE_CODE:
            continue
        fields = untranslated_fields(event, by_language.get(language))
        lacking = [str(Event._meta.get_field(name).verbose_name) for name in fields]
        lacking += [
            _("topic “%(name)s”") % {"name": topic.name}
            for topic, languages in topics
            if language not in languages
        ]
        if lacking:
            missing[language] = lacking
    return missing
