"""Emails owed to residents: about their RSVP, and messages from staff."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import Audience, DeliveryStatus, EmailKind
from ..validators import LINE, TEXT
from .event import Event
from .rsvp import Rsvp


class EmailDelivery(models.Model):
    """The outbox: one email owed to a resident, about their RSVP or from staff, and where it
    stands (events.mail.sending sends, retries and records it).

    Holds no address or text of its own, so erasing an RSVP's details leaves nothing here;
    `error` names only the kind of failure, never what the mail server said.
    """

    rsvp = models.ForeignKey(Rsvp, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=EmailKind.choices)
    # The staff message it carries (kind "message" only).
    message = models.ForeignKey(
        "Message", on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # After a failure, not before this time (null: as soon as possible).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # Set by whoever is sending it right now, so two senders never both send it.
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "rsvp"],
                condition=Q(message__isnull=False),
                name="message_once_per_rsvp",
            ),
            models.CheckConstraint(
                condition=Q(kind=EmailKind.MESSAGE, message__isnull=False)
                | (~Q(kind=EmailKind.MESSAGE) & Q(message__isnull=True)),
                name="emaildelivery_message_only_for_messages",
            ),
        ]

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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")

    def __str__(self):
        return self.subject


class EmailOptOut(models.Model):
    """An address whose owner said "I did not RSVP": nothing more is emailed to it about this
    forum. Holds a keyed hash of the address, never the address; erased with the forum's other
    personal data."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="email_opt_outs")
    address_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "address_key"], name="email_opt_out_once_per_address"
            )
        ]

    def __str__(self):
        return f"opt-out #{self.pk}"
