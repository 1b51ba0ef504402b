"""The audit log: every look at or export of residents' data, and every decision about it.

Entries say who, when, what and how many records; never whose.
"""

from ..enums import AuditAction
from ..models import AuditEntry, Event

# Who did it, when nobody was signed in.
SYSTEM = "system"  # cron, a command, the rules themselves
RESIDENT = "resident"  # a resident, through their private link (never which one)


def record(
    user,
    action: AuditAction,
    *,
    event: Event | None = None,
    event_id: int | None = None,
    count: int = 0,
    detail: str = "",
    who: str = SYSTEM,
) -> AuditEntry:
    signed_in = bool(user and user.is_authenticated)
    return AuditEntry.objects.create(
        user=user if signed_in else None,
        username=user.get_username() if signed_in else who,
        action=action,
        event_id=event.pk if event else event_id,
        record_count=count,
        detail=detail[:300],
    )
