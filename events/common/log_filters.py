import logging
import re

# The private part of a manage link: /rsvp/<token>/...
_PRIVATE_LINK = re.compile(r"(/rsvp/)[^/\s\"']+")


def redact(text: str) -> str:
    return _PRIVATE_LINK.sub(r"\1[private]", text)


class RedactPrivateLinks(logging.Filter):
    """Keep residents' private manage links out of every log line (errors quote the path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(str(record.msg))
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in args)
        return True
