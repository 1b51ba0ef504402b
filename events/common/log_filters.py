"""What reaches the logs: never a resident's data.

Every log line goes through RedactPrivateLinks (settings.LOGGING puts it on the only handler;
gunicorn.conf.py puts it on gunicorn's error log). Private links are redacted wherever they are
quoted, and an exception is logged by its type and where it happened, never by its message or
values: a database error quotes the row it refused (a name, an email, a note, a token)."""

import logging
import re
import traceback
from collections.abc import Mapping

# The private part of a link from an email: /rsvp/<token>/...
_PRIVATE_LINK = re.compile(r"(/rsvp/)[^/\s\"']+")


def redact(text: str) -> str:
    return _PRIVATE_LINK.sub(r"\1[private]", text)


def locations_only(exc_info) -> str:
    """A traceback with the frames' places and the exceptions' types, and nothing else."""
    lines = ["Traceback (places and types only; messages and values are not logged):"]
    error = exc_info[1]
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        for frame in traceback.extract_tb(error.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        lines.append(f"{type(error).__module__}.{type(error).__qualname__}")
        error = error.__cause__ or error.__context__
        if error is not None:
            lines.append("which happened while handling:")
    return "\n".join(lines)


def _redacted(value):
    if isinstance(value, BaseException):  # logger.error("%s", error): the type, not the words
        return f"{type(value).__module__}.{type(value).__qualname__}"
    return redact(value) if isinstance(value, str) else value


class RedactPrivateLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "redacted", False):  # a record can pass more than one filter
            return True
        record.redacted = True
        record.msg = redact(str(_redacted(record.msg)))
        if isinstance(record.args, Mapping):
            record.args = {key: _redacted(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_redacted(arg) for arg in record.args)
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = locations_only(record.exc_info)
            record.exc_info = None  # or the formatter prints the whole traceback again
        elif record.exc_text:
            record.exc_text = "Traceback not logged: it may quote residents' data."
        match = getattr(getattr(record, "request", None), "resolver_match", None)
        if match is not None:
            record.msg = f"{record.msg} (view {match.view_name})"
        return True
