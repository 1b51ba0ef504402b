"""django-axes keeps a record of failed sign-ins (username, address, browser) while it needs
it to lock out guessing; nothing about them is kept past RECORDS_KEPT_DAYS."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

RECORDS_KEPT_DAYS = 30


def forget_old_records(now: datetime.datetime | None = None) -> int:
    """Delete sign-in records older than RECORDS_KEPT_DAYS; how many went."""
    before = (now or timezone.now()) - datetime.timedelta(days=RECORDS_KEPT_DAYS)
    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        count, _ = model.objects.filter(attempt_time__lt=before).delete()
        deleted += count
    return deleted
