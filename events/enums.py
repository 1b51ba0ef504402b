from django.db import models
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class RsvpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class Accommodation(models.TextChoices):
    """Each one matches an RSVP field '<value>_count': how many in the party need it."""

    INTERPRETER = "interpreter", _("Interpreter")
    ASL = "asl", _("ASL interpreter")
    CAPTIONING = "captioning", _("Live captioning")
    CHILDCARE = "childcare", _("Childcare")
    MOBILITY = "mobility", _("Mobility or wheelchair access")


class EmailKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmation")
    WAITLISTED = "waitlisted", _("Waitlist notice")
    PROMOTED = "promoted", _("Promotion notice")
    CHANGED = "changed", _("Change notice")
    CANCELLED = "cancelled", _("Cancellation notice")
    MANAGE_LINK = "manage_link", _("Manage link")
