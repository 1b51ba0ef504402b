import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .common.net import parse_networks
from .enums import InterpreterLanguage

_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def validate_no_control_characters(value: str) -> None:
    """Refuse invisible control characters such as null bytes; keep every script and emoji."""
    if any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS for ch in value):
        raise ValidationError(
            _("Remove the invisible control characters from this text."), code="control_characters"
        )


def validate_single_line(value: str) -> None:
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Write this on one line."), code="multiple_lines")


def validate_not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError(_("This cannot be only spaces."), code="blank")


def validate_networks(value: str) -> None:
    try:
        parse_networks(value)
    except ValueError as error:
        raise ValidationError(
            _("“%(line)s” is not a network. Write one per line, like 203.0.113.0/24."),
            code="network",
            params={"line": str(error)[:60]},
        ) from None


def validate_interpreter_languages(value: str) -> None:
    """Codes of InterpreterLanguage, separated by commas ("es,so"), each once."""
    codes = value.split(",")
    unknown = [code for code in codes if code not in InterpreterLanguage.values]
    if unknown:
        raise ValidationError(
            _("“%(code)s” is not one of the interpreter languages."),
            code="interpreter_language",
            params={"code": unknown[0][:20]},
        )
    if len(set(codes)) < len(codes):
        raise ValidationError(_("Each language can be listed once."), code="repeated_language")


# The validators of every staff- or resident-written field: one line of text, or free text.
LINE = [validate_no_control_characters, validate_single_line, validate_not_blank]
TEXT = [validate_no_control_characters]
