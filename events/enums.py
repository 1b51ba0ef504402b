from dataclasses import dataclass

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


@dataclass(frozen=True)
class Need:
    """A kind of help a party can ask for when it RSVPs, counted in people. The RSVP model,
    its forms, the admin, the exports and the dashboard are all made from NEEDS below: to
    add a need, add a line there and make its migration."""

    value: str
    label: str  # the need itself, in lists and summaries
    counted: str  # what its count is, for staff: the RSVP field's name
    question: str  # what the RSVP form asks
    detail: str = ""  # an RSVP field that goes with it (which language to interpret)

    @property
    def field(self) -> str:
        """The RSVP field that counts the people who need it."""
        return f"{self.value}_count"


NEEDS = (
    Need(
        "interpreter",
        _("Interpreter"),
        _("people who need an interpreter"),
        _("How many people need an interpreter?"),
        detail="interpreter_language",
    ),
    Need(
        "asl",
        _("ASL interpreter"),
        _("people who need ASL"),
        _("How many people need an ASL interpreter?"),
    ),
    Need(
        "captioning",
        _("Live captioning"),
        _("people who need live captions"),
        _("How many people need live captions?"),
    ),
    Need(
        "childcare",
        _("Childcare"),
        _("children who need childcare"),
        _("How many children need childcare?"),
    ),
    Need(
        "mobility",
        _("Mobility or wheelchair access"),
        _("people who need wheelchair or mobility access"),
        _("How many people need wheelchair or mobility access?"),
    ),
)
# The same needs as choices (admin filters, lookups): Accommodation.ASL == "asl".
Accommodation = models.TextChoices(
    "Accommodation", [(need.value.upper(), (need.value, need.label)) for need in NEEDS]
)
# Each need's count, and the field that goes with it, in the order forms ask them.
NEED_FIELDS = [name for need in NEEDS for name in (need.field, need.detail) if name]


class EmailKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmation")
    WAITLISTED = "waitlisted", _("Waitlist notice")
    PROMOTED = "promoted", _("Promotion notice")
    CHANGED = "changed", _("Change notice")
    CANCELLED = "cancelled", _("Cancellation notice")
    MANAGE_LINK = "manage_link", _("Manage link")
    REMINDER = "reminder", _("Reminder")
    MESSAGE = "message", _("Message from staff")
    # Staff moved the forum (time or place), or cancelled it: one per address.
    FORUM_CHANGED = "forum_changed", _("Forum moved")
    FORUM_CANCELLED = "forum_cancelled", _("Forum cancelled")


class DeliveryStatus(models.TextChoices):
    """Where an email in the outbox stands."""

    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")  # the mail server refused it every time it was tried
    SKIPPED = "skipped", _("Not sent")  # erased, emails stopped, or the forum is over
    # Never sent: the address had all the emails it may get (a cap, events.mail.caps), or its
    # owner said "this was not me".
    SUPPRESSED = "suppressed", _("Held back")


class SeatDisplay(models.TextChoices):
    """What a forum's public page says about its seats. The exact number moves whenever
    anyone RSVPs; a coarse one moves only at its thresholds."""

    EXACT = "exact", _("The number of seats left")
    COARSE = "coarse", _("Only “seats available”, “few seats left” or “full”")


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


class InterpreterLanguage(models.TextChoices):
    """Languages a forum may have interpreters for, by code, which is what a forum stores.
    Staff pick from this list; residents read the names in their own language. The city's
    most-asked languages come first. To add one, add a line (no migration needed) and its
    translations in each catalogue. (A context of their own: Spanish writes them in lower case
    in a sentence, "español", unlike the site's language menu.)"""

    SPANISH = "es", pgettext_lazy("interpreter language", "Spanish")
    SOMALI = "so", pgettext_lazy("interpreter language", "Somali")
    HMONG = "hmn", pgettext_lazy("interpreter language", "Hmong")
    VIETNAMESE = "vi", pgettext_lazy("interpreter language", "Vietnamese")
    AMHARIC = "am", pgettext_lazy("interpreter language", "Amharic")
    ARABIC = "ar", pgettext_lazy("interpreter language", "Arabic")
    CHINESE = "zh", pgettext_lazy("interpreter language", "Chinese")
    FRENCH = "fr", pgettext_lazy("interpreter language", "French")
    HAITIAN_CREOLE = "ht", pgettext_lazy("interpreter language", "Haitian Creole")
    KAREN = "kar", pgettext_lazy("interpreter language", "Karen")
    KHMER = "km", pgettext_lazy("interpreter language", "Khmer")
    KOREAN = "ko", pgettext_lazy("interpreter language", "Korean")
    LAO = "lo", pgettext_lazy("interpreter language", "Lao")
    OROMO = "om", pgettext_lazy("interpreter language", "Oromo")
    PORTUGUESE = "pt", pgettext_lazy("interpreter language", "Portuguese")
    RUSSIAN = "ru", pgettext_lazy("interpreter language", "Russian")
    SWAHILI = "sw", pgettext_lazy("interpreter language", "Swahili")
    TAGALOG = "tl", pgettext_lazy("interpreter language", "Tagalog")


class PersonalDetail(models.TextChoices):
    PHONE = "phone", _("a phone number")
    EMAIL = "email", _("an email address")
    CASE_NUMBER = "case_number", _("an immigration case number")


class Usefulness(models.IntegerChoices):
    """How useful a resident found the forum, 1 to 5 ("Hearing back")."""

    NOT_USEFUL = 1, _("1: Not useful")
    A_LITTLE = 2, _("2: A little useful")
    SOMEWHAT = 3, _("3: Somewhat useful")
    USEFUL = 4, _("4: Useful")
    VERY_USEFUL = 5, _("5: Very useful")


class Audience(models.TextChoices):
    CONFIRMED = "confirmed", _("People with a seat")
    WAITLISTED = "waitlisted", _("People on the waitlist")
    EVERYONE = "everyone", _("Everyone with a seat or on the waitlist")

    @property
    def statuses(self) -> list[str]:
        """The RSVP statuses this audience reaches."""
        if self == Audience.EVERYONE:
            return [RsvpStatus.CONFIRMED, RsvpStatus.WAITLISTED]
        return [RsvpStatus(self.value)]


class AuditAction(models.TextChoices):
    EXPORT_RSVPS = "export_rsvps", _("Exported attendee list")
    VIEW_ATTENDEES = "view_attendees", _("Viewed attendee list")
    EXPORT_QUESTIONS = "export_questions", _("Exported questions")
    MODERATE = "moderate", _("Moderated a question")
    MERGE = "merge", _("Merged questions")
    CHECK_IN = "check_in", _("Checked people in")
    WALK_IN = "walk_in", _("Counted walk-ins")
    MESSAGE = "message", _("Sent a message to attendees")
    FORUM_NEWS = "forum_news", _("Emailed attendees that the forum moved or was cancelled")
    ERASE = "erase", _("Erased personal data")
    RSVP_TAKEN = "rsvp_taken", _("Took an RSVP for a resident")
    RSVP_CHANGED = "rsvp_changed", _("Changed an RSVP")
    RSVP_CANCELLED = "rsvp_cancelled", _("Cancelled RSVPs")
    RSVP_PROMOTED = "rsvp_promoted", _("Confirmed RSVPs from the waitlist")
    EXPORT_FEEDBACK = "export_feedback", _("Exported feedback")


class ExportKind(models.TextChoices):
    QUESTIONS = "questions", _("Questions")
    ATTENDEES = "attendees", _("Attendees")


class ExportStatus(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be prepared")
