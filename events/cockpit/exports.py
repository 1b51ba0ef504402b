"""The attendee list for spreadsheets: one table for the organizers' downloads and the admin's
export alike, with the same columns, order and times. Every export is in the audit log."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..common import audit
from ..enums import NEED_FIELDS, NEEDS, AuditAction
from ..models import Event

RSVP_COLUMNS = [
    "code",
    "event",
    "name",
    "email",
    "party_size",
    "status",
    "checked_in",
    "language",
    *NEED_FIELDS,
    "note",
    "created_at",
]
# A workbook's header, for people: the same columns, in the reader's language.
RSVP_LABELS = {
    "code": capfirst(_("RSVP code")),
    "event": _("Forum"),
    "name": _("Name"),
    "email": _("Email"),
    "party_size": _("People"),
    "status": _("Status"),
    "checked_in": _("Arrived"),
    "language": _("Language for emails"),
    **{need.field: capfirst(need.counted) for need in NEEDS},
    "interpreter_language": _("Interpreter language"),
    "note": _("Note"),
    "created_at": _("Day of the RSVP"),
}
_VALUES = {
    "event": lambda rsvp: rsvp.event.title,
    "checked_in": lambda rsvp: rsvp.checked_in_count,
    "interpreter_language": lambda rsvp: rsvp.interpreter_language_name,
    # The day only: an exact time could be matched with a question's.
    "created_at": lambda rsvp: timezone.localdate(rsvp.created_at),
}


def rsvp_table(rsvps, user, *, detail: str = "") -> tuple[list[str], Iterable[list]]:
    """The header and the rows of an RSVP export, forum by forum, oldest first. The rows are
    read in chunks as the file is written, never all at once. The audit entry (who, how many,
    which forum when there is one) is written here, so no export can leave it out."""
    forums = list(Event.objects.filter(pk__in=rsvps.values("event")).order_by("pk")[:2])
    audit.record(
        user,
        AuditAction.EXPORT_RSVPS,
        event=forums[0] if len(forums) == 1 else None,
        count=rsvps.count(),
        detail=detail,
    )
    ordered = rsvps.select_related("event").order_by(
        "event__starts_at", "event", "created_at", "pk"
    )
    return RSVP_COLUMNS, (_row(rsvp) for rsvp in ordered.iterator(chunk_size=2000))


def _row(rsvp) -> list:
    return [
        _VALUES[name](rsvp) if name in _VALUES else getattr(rsvp, name) for name in RSVP_COLUMNS
    ]
