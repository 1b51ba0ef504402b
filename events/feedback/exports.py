"""The feedback list for spreadsheets. Every export is in the audit log."""

from collections.abc import Iterable

from ..common import audit, times
from ..enums import AuditAction

FEEDBACK_COLUMNS = [
    "id",
    "usefulness",
    "next_topic",
    "hard_to_reach",
    "language",
    "submitted",
    "personal_details_flag",
]
_FIELDS = (
    "pk",
    "usefulness",
    "next_topic",
    "hard_to_reach",
    "language",
    "created_at",
    "personal_details",
)


def feedback_table(event, user, *, detail: str = "") -> tuple[list[str], Iterable[list]]:
    """The header and the rows of a forum's feedback, oldest first, read in chunks. The audit
    entry is written here, so no export can leave it out."""
    answers = event.feedback.order_by("created_at", "pk")
    count = answers.count()
    audit.record(user, AuditAction.EXPORT_FEEDBACK, event=event, count=count, detail=detail)

    def row(pk, usefulness, next_topic, hard_to_reach, language, created_at, details):
        # To the hour, as it is kept: an exact time could be matched with an RSVP's.
        submitted = times.hour_of(created_at)
        flag = "yes" if details else "no"
        return [pk, usefulness, next_topic, hard_to_reach, language, submitted, flag]

    values = answers.values_list(*_FIELDS).iterator(chunk_size=2000)
    return FEEDBACK_COLUMNS, (row(*value) for value in values)
