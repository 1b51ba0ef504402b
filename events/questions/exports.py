"""The question list for spreadsheets, most wanted first. Every export is in the audit log."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import BadRequest
from django.utils.translation import gettext_lazy as _

from ..common import audit, times
from ..enums import AuditAction, QuestionStatus
from .forms import QuestionFilterForm

# What an export leaves out unless asked: merged questions live on in the one they joined.
LEAVES_OUT = [QuestionStatus.REJECTED, QuestionStatus.MERGED]
# The query string an export reads: a status, a topic, and rejected=1 to keep rejected ones.
FILTERS = ("status", "topic", "rejected")

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


def chosen(event, query: Mapping[str, str]):
    """The questions an export's query asks for, and the status named in its audit entry: by
    default every question but the rejected and the merged ones (rejected ones too with
    rejected=1). Unlike the queue, a filter that is not valid is refused: an export must hold
    exactly what was asked for."""
    form = QuestionFilterForm(query, event=event)
    rejected = query.get("rejected", "")
    if not form.is_valid() or rejected not in {"", "0", "1"}:
        raise BadRequest("Unknown status or topic.")
    status, topic_id = form.filters()
    if status:
        questions = event.questions.filter(status=status)
    else:
        left_out = [QuestionStatus.MERGED] if rejected == "1" else LEAVES_OUT
        questions = event.questions.exclude(status__in=left_out)
        status = "all" if rejected == "1" else "all-but-rejected"
    if topic_id:
        questions = questions.filter(topic_id=topic_id)
    return questions, f"status={status} topic={topic_id or 'all'}"


def filters_of(query: Mapping[str, str]) -> dict[str, str]:
    """The part of a query string that says what an export holds (the rest is ignored)."""
    return {name: query[name] for name in FILTERS if query.get(name)}


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
