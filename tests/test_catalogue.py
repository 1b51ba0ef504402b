"""Every language the site offers is complete, and every text in the templates is translatable.

A string left out of the catalogue, left empty or marked fuzzy by a translator shows up in
English on a page meant to be in another language; these tests fail first.
"""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType

ROOT = Path(settings.BASE_DIR)
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue(language: str, kind: str = "po") -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / f"django.{kind}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_has_no_empty_or_fuzzy_entries(language):
    po = polib.pofile(catalogue(language))

    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert po.percent_translated() == 100


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogue_matches_its_source(language):
    """The .mo Django reads is the .po translators edit, compiled after the last edit."""

    def entries(file):
        return {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in file}

    po = polib.pofile(catalogue(language))
    mo = polib.mofile(catalogue(language, "mo"))

    assert entries(mo) == {key: value for key, value in entries(po).items() if key[1]}


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_holds_every_string_the_code_marks(language, tmp_path, settings):
    """makemessages over the code finds nothing the catalogue lacks, and nothing obsolete."""
    fresh = tmp_path / language / "LC_MESSAGES" / "django.po"
    fresh.parent.mkdir(parents=True)
    shutil.copy(catalogue(language), fresh)
    settings.LOCALE_PATHS = [tmp_path]

    call_command(
        "makemessages",
        locale=[language],
        no_location=True,
        no_obsolete=True,
        ignore_patterns=[".venv", "tests", "test-artifacts", "staticfiles", "build"],
        verbosity=0,
    )

    def ids(path):
        return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(path)}

    assert ids(fresh) == ids(catalogue(language))


# --- Template text that is not marked for translation ----------------------------------------

# Attributes people read or hear: screen readers speak aria-label, title and alt.
SPOKEN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description"}
SKIPPED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
SKIPPED_BLOCKS |= {"comment": "endcomment", "verbatim": "endverbatim"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_data(self, data):
        self.found.append(data)

    def handle_starttag(self, tag, attrs):
        self.found += [value or "" for name, value in attrs if name in SPOKEN_ATTRIBUTES]


def unmarked_text(source: str) -> list[str]:
    """Words in a template outside {% translate %} and {% blocktranslate %}: what a reader
    would see in English whatever their language. Template tags and variables count as
    empty (their values come translated or from the database)."""
    literal, closing = [], None
    for token in Lexer(source).tokenize():
        if closing:
            closing = None if token.contents.split()[:1] == [closing] else closing
        elif token.token_type == TokenType.BLOCK and token.split_contents()[0] in SKIPPED_BLOCKS:
            closing = SKIPPED_BLOCKS[token.split_contents()[0]]
        elif token.token_type == TokenType.TEXT:
            literal.append(token.contents)
        elif token.token_type == TokenType.VAR and literal and literal[-1].endswith(("<", "</")):
            literal.append("x")  # a tag name chosen by a variable: <{{ heading }}>
    parser = _Text()
    parser.feed("".join(literal))
    parser.close()
    return [text.strip() for text in parser.found if re.search(r"[^\W\d_]", text)]


def templates():
    return sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "templates").rglob("*")
        if path.suffix in {".html", ".txt"}
    )


def test_the_scanner_finds_unmarked_text():
    source = (
        '{% load i18n %}<p title="Hello">Seats</p><p>{% translate "Fine" %}</p>'
        "{% blocktranslate %}Also {{ fine }}{% endblocktranslate %}{# a comment #}"
        '<img alt="{{ event.title }}" src="x.png"> · 12 {{ value }}<{{ level }} class="h4">'
    )

    assert unmarked_text(source) == ["Hello", "Seats"]


@pytest.mark.parametrize("template", templates())
def test_template_has_no_text_outside_translation_tags(template):
    assert unmarked_text((ROOT / template).read_text()) == []
