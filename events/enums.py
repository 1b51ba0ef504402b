from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", pgettext_lazy("forum status", "Cancelled")


class RsvpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", pgettext_lazy("RSVP status", "Cancelled")


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
    REMINDER = "reminder", _("Reminder")


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    ANSWERING = "answering", _("Now answering")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into another question")

    @classmethod
    def public(cls) -> list[str]:
        return [cls.APPROVED, cls.ANSWERING, cls.ANSWERED]


class QuestionLanguage(models.TextChoices):
    """Languages a question may be written in; any other is welcome as "another language"."""

    ENGLISH = "en", "English"
    SPANISH = "es", "Español"
    SOMALI = "so", "Soomaali"
    HMONG = "hmn", "Hmoob"
    VIETNAMESE = "vi", "Tiếng Việt"
    OTHER = "other", _("Another language")


class PersonalDetail(models.TextChoices):
    PHONE = "phone", _("a phone number")
    EMAIL = "email", _("an email address")
    CASE_NUMBER = "case_number", _("an immigration case number")


class Audience(models.TextChoices):
    CONFIRMED = "confirmed", _("People with a seat")
    WAITLISTED = "waitlisted", _("People on the waitlist")
    EVERYONE = "everyone", _("Everyone with a seat or on the waitlist")


class AuditAction(models.TextChoices):
    EXPORT_RSVPS = "export_rsvps", _("Exported attendee list")
    VIEW_ATTENDEES = "view_attendees", _("Viewed attendee list")
    EXPORT_QUESTIONS = "export_questions", _("Exported questions")
    MODERATE = "moderate", _("Moderated a question")
    MERGE = "merge", _("Merged questions")
    CHECK_IN = "check_in", _("Checked people in")
    WALK_IN = "walk_in", _("Counted walk-ins")
    MESSAGE = "message", _("Sent a message to attendees")
    ERASE = "erase", _("Erased personal data")
