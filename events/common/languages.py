"""The languages interpreters speak in the room. A forum stores them as codes of
events.enums.InterpreterLanguage ("es,so"); readers see their names in their own language.
An RSVP's interpreter language is such a code when the resident picked one from the forum's
list, or words the resident (or staff, by phone) typed when the forum lists none."""

import unicodedata

from django.conf import settings
from django.utils import translation

from ..enums import InterpreterLanguage

# What people type for a language, besides its name in one of the site's languages.
OTHER_SPELLINGS = {
    "castellano": "es",
    "soomaali": "so",
    "af-soomaali": "so",
    "hmoob": "hmn",
    "tieng viet": "vi",
    "mandarin": "zh",
    "cantonese": "zh",
    "kreyol": "ht",
    "haitian": "ht",
    "afaan oromoo": "om",
    "filipino": "tl",
}


def split_codes(stored: str) -> list[str]:
    return [code for code in stored.split(",") if code]


def join_codes(codes) -> str:
    """Codes as a forum stores them: known ones only, once each, in the list's order."""
    chosen = set(codes)
    return ",".join(code for code in InterpreterLanguage.values if code in chosen)


def _folded(text: str) -> str:
    """Alike for " Español " and "espanol": no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def language_code(text: str) -> str:
    """The code of the language `text` names: a code, or a name in any of the site's
    languages ("Somali", "somalí") or as its speakers write it. "" when it names none."""
    folded = _folded(text)
    if folded in InterpreterLanguage.values:
        return folded
    if folded in OTHER_SPELLINGS:
        return OTHER_SPELLINGS[folded]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in InterpreterLanguage.choices:
                if _folded(str(label)) == folded:
                    return code
    return ""


def language_name(value: str) -> str:
    """What readers see for an RSVP's interpreter language: the name in the active language
    when it names a known one, the words as typed (tidied) otherwise."""
    code = language_code(value)
    if code:
        return str(InterpreterLanguage(code).label)
    return " ".join(value.split()).title()
