"""An Excel file built by a task for one staff member (events.cockpit.workbooks)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import ExportKind, ExportStatus
from .event import Event


class PreparedExport(models.Model):
    """A workbook being built, or built and waiting for its one download. It lives in the
    database so that whichever app server the download reaches can hand it over; it is
    deleted once downloaded, within 24 hours, and when the forum's data is erased."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="prepared_exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ExportKind.choices)
    # The export's filters, as checked when it was asked for (say {"rejected": "1"}).
    filters = models.JSONField(default=dict, blank=True)
    # The workbook's labels speak the language of whoever asked for it.
    language = models.CharField(max_length=15)
    status = models.CharField(
        max_length=20, choices=ExportStatus.choices, default=ExportStatus.PREPARING
    )
    content = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("prepared Excel file")
        verbose_name_plural = _("prepared Excel files")

    def __str__(self):
        return f"{self.kind} of {self.event_id} ({self.status})"
