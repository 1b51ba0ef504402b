"""Emails owed to residents: about their RSVP, and messages from staff."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import Audience, EmailKind
from ..validators import LINE, TEXT
from .event import Event
from .rsvp import Rsvp


class EmailDelivery(models.Model):
    """One email owed to a resident about their RSVP: when it was sent, or why it failed.

    Holds no address or text of its own, so erasing an RSVP's details leaves nothing here.
    """

    rsvp = models.ForeignKey(Rsvp, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=EmailKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Set by whoever is sending it right now, so two senders never both send it.
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class Message(models.Model):
    """A message from staff to the people who RSVPed (say, a room change)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    audience = models.CharField(_("send to"), max_length=20, choices=Audience.choices)
    subject = models.CharField(_("subject"), max_length=150, validators=LINE)
    body = models.TextField(_("message"), max_length=5000, validators=TEXT)
    # The form's one-time token: clicking "send" twice makes one message.
    form_token = models.UUIDField(unique=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_count = models.PositiveIntegerField(default=0, editable=False)
    failed_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")

    def __str__(self):
        return self.subject


class MessageDelivery(models.Model):
    """One message to one RSVP: the unique pair makes a second send impossible."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    rsvp = models.ForeignKey(Rsvp, on_delete=models.CASCADE, related_name="message_deliveries")
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "rsvp"], name="message_once_per_rsvp")
        ]

    def __str__(self):
        return f"message {self.message_id} to {self.rsvp_id}"
