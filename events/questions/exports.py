"""The question list for spreadsheets, most wanted first. Every export is in the audit log."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from ..common import audit, times
from ..enums import AuditAction

QUESTION_COLUMNS = [
    "id",
    "topic",
    "language",
    "text",
    "votes",
    "status",
    "submitted",
    "merged_count",
    "personal_details_flag",
]
# A workbook's header, for people: the same columns, in the reader's language.
QUESTION_LABELS = {
    "id": _("Number"),
    "topic": _("Topic"),
    "language": _("Language"),
    "text": _("Question"),
    "votes": _("Votes"),
    "status": _("Status"),
    "submitted": _("Hour sent"),
    "merged_count": _("Similar questions merged in"),
    "personal_details_flag": _("May contain personal details"),
}
_QUESTION_FIELDS = (
    "pk",
    "topic__name",
    "language",
    "text",
    "vote_count",
    "status",
    "created_at",
    "merged_count",
    "personal_details",
)


def question_table(questions, user, *, event, detail: str = "") -> tuple[list[str], Iterable[list]]:
    """The header and the rows of a question export, most wanted first. Rows are plain values
    read in chunks, never all at once: an event's whole question list can be exported. The
    audit entry is written here, so no export can leave it out."""
    audit.record(
        user, AuditAction.EXPORT_QUESTIONS, event=event, count=questions.count(), detail=detail
    )

    def row(pk, topic, language, text, votes, status, created_at, merged, details):
        # To the hour, as it is kept: an exact time could be matched with an RSVP's.
        submitted = times.hour_of(created_at)
        flag = "yes" if details else "no"
        return [pk, topic or "", language, text, votes, status, submitted, merged, flag]

    values = questions.most_wanted().values_list(*_QUESTION_FIELDS).iterator(chunk_size=2000)
    return QUESTION_COLUMNS, (row(*value) for value in values)
