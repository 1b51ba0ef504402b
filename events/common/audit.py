"""The audit log: every look at or export of residents' data, and every decision about it.

Entries say who, when, what and how many records; never whose.
"""

from ..enums import AuditAction
from ..models import AuditEntry, Event


def record(
    user, action: AuditAction, *, event: Event | None = None, count: int = 0, detail: str = ""
) -> AuditEntry:
    return AuditEntry.objects.create(
        user=user if user and user.is_authenticated else None,
        username=user.get_username() if user and user.is_authenticated else "system",
        action=action,
        event=event,
        record_count=count,
        detail=detail[:300],
    )
