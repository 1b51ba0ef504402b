from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import AuditAction
from .event import Event


class AuditEntry(models.Model):
    """Who looked at or changed residents' data, when, and how much. Holds no resident data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(max_length=150)  # kept if the account is deleted
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, related_name="+")
    record_count = models.PositiveIntegerField(default=0)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.action}"
