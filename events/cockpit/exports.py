"""Attendee lists for spreadsheets: the admin's RSVP export and the organizers' lists."""

from collections.abc import Iterable

from django.utils import timezone

RSVP_COLUMNS = [
    "code",
    "event",
    "name",
    "email",
    "party_size",
    "status",
    "language",
    "interpreter_language",
    "interpreter_count",
    "asl_count",
    "captioning_count",
    "childcare_count",
    "mobility_count",
    "note",
    "created_at",
]


def rsvp_table(queryset) -> tuple[list[str], Iterable[list]]:
    """The header and the rows (read in chunks, never all at once) of an RSVP export."""

    def cell(rsvp, column):
        if column == "event":
            return rsvp.event.title
        if column == "created_at":
            return rsvp.created_at.isoformat()
        return getattr(rsvp, column)

    rows = (
        [cell(rsvp, column) for column in RSVP_COLUMNS]
        for rsvp in queryset.select_related("event")
        .order_by("event__starts_at", "created_at", "pk")
        .iterator(chunk_size=500)
    )
    return RSVP_COLUMNS, rows


ATTENDEE_COLUMNS = [
    "code",
    "name",
    "email",
    "party_size",
    "status",
    "checked_in",
    "interpreter_count",
    "asl_count",
    "captioning_count",
    "childcare_count",
    "mobility_count",
    "interpreter_language",
    "note",
    "created_at",
]


def attendee_table(queryset) -> tuple[list[str], Iterable[list]]:
    """One event's RSVPs for the organizers, read in chunks of 2000."""

    def row(rsvp):
        return [
            rsvp.code,
            rsvp.name,
            rsvp.email,
            rsvp.party_size,
            rsvp.status,
            rsvp.checked_in_count,
            rsvp.interpreter_count,
            rsvp.asl_count,
            rsvp.captioning_count,
            rsvp.childcare_count,
            rsvp.mobility_count,
            rsvp.interpreter_language,
            rsvp.note,
            timezone.localtime(rsvp.created_at).isoformat(timespec="seconds"),
        ]

    rows = (row(rsvp) for rsvp in queryset.order_by("created_at", "pk").iterator(chunk_size=2000))
    return ATTENDEE_COLUMNS, rows
