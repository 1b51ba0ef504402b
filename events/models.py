import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import (
    Audience,
    AuditAction,
    EmailKind,
    EventStatus,
    QuestionLanguage,
    QuestionStatus,
    RsvpStatus,
)
from .validators import validate_no_control_characters, validate_not_blank, validate_single_line

LINE = [validate_no_control_characters, validate_single_line, validate_not_blank]
TEXT = [validate_no_control_characters]
MAX_PARTY_SIZE_LIMIT = 20
# Letters and digits that cannot be mistaken for each other when read aloud at the door.
RSVP_CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"
RSVP_CODE_LENGTH = 6


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def listed(self):
        """What residents may see: published events and cancelled ones (shown as cancelled)."""
        return self.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")

    def with_seat_counts(self):
        """Annotate confirmed seats and waitlisted parties, so lists need one query."""
        return self.annotate(
            confirmed_seats=models.functions.Coalesce(
                Sum("rsvps__party_size", filter=Q(rsvps__status=RsvpStatus.CONFIRMED)), 0
            ),
            waitlisted_parties=models.Count("rsvps", filter=Q(rsvps__status=RsvpStatus.WAITLISTED)),
        )


class Event(models.Model):
    title = models.CharField(_("title"), max_length=200, validators=LINE)
    slug = models.SlugField(_("web address"), max_length=100, unique=True)
    summary = models.CharField(_("summary"), max_length=300, validators=LINE)
    description = models.TextField(_("description"), max_length=10_000, validators=TEXT)
    hosts = models.CharField(_("hosts"), max_length=300, validators=LINE)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True, validators=TEXT)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue_name = models.CharField(_("venue"), max_length=200, validators=LINE)
    venue_address = models.CharField(_("address"), max_length=300, validators=LINE)
    map_url = models.URLField(_("map link"), max_length=500, blank=True)
    livestream_url = models.URLField(_("livestream link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_("Seats in the room. Leave empty for no limit."),
    )
    max_party_size = models.PositiveSmallIntegerField(
        _("largest party"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTY_SIZE_LIMIT)],
        help_text=_("The most people one RSVP may bring, the resident included."),
    )
    rsvps_open_at = models.DateTimeField(
        _("RSVPs open"), null=True, blank=True, help_text=_("Empty: as soon as it is published.")
    )
    rsvps_close_at = models.DateTimeField(
        _("RSVPs close"), null=True, blank=True, help_text=_("Empty: when the event starts.")
    )
    questions_open_at = models.DateTimeField(
        _("questions open"),
        null=True,
        blank=True,
        help_text=_("Empty: as soon as it is published."),
    )
    questions_close_at = models.DateTimeField(
        _("questions close"), null=True, blank=True, help_text=_("Empty: when the event ends.")
    )
    accessibility = models.TextField(
        _("accessibility"), max_length=3000, blank=True, validators=TEXT
    )
    interpretation_languages = models.CharField(
        _("interpretation languages"),
        max_length=300,
        blank=True,
        validators=[validate_no_control_characters, validate_single_line],
        help_text=_("Languages with an interpreter in the room, separated by commas."),
    )
    data_practices = models.TextField(
        _("data-practices note"), max_length=3000, blank=True, validators=TEXT
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True, validators=TEXT)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True, validators=TEXT)
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    # Raised whenever the time or place changes, so calendars replace their old copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    walk_in_count = models.PositiveIntegerField(_("walk-ins"), default=0, editable=False)
    personal_data_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("view_question_sheet", "Can read the approved questions for the speaker")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(max_party_size__gte=1) & Q(max_party_size__lte=MAX_PARTY_SIZE_LIMIT),
                name="event_max_party_size_in_range",
            ),
            models.CheckConstraint(
                condition=Q(rsvps_close_at__isnull=True)
                | Q(rsvps_open_at__isnull=True)
                | Q(rsvps_close_at__gt=F("rsvps_open_at")),
                name="event_rsvps_close_after_they_open",
            ),
            models.CheckConstraint(
                condition=Q(questions_close_at__isnull=True)
                | Q(questions_open_at__isnull=True)
                | Q(questions_close_at__gt=F("questions_open_at")),
                name="event_questions_close_after_they_open",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if self.rsvps_open_at and self.rsvps_close_at and self.rsvps_close_at <= self.rsvps_open_at:
            errors["rsvps_close_at"] = _("RSVPs must close after they open.")
        if (
            self.questions_open_at
            and self.questions_close_at
            and self.questions_close_at <= self.questions_open_at
        ):
            errors["questions_close_at"] = _("Questions must close after they open.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_unlimited(self) -> bool:
        return self.capacity is None

    @property
    def interpretation_language_list(self) -> list[str]:
        return [lang.strip() for lang in self.interpretation_languages.split(",") if lang.strip()]

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def rsvps_are_open(self, now=None) -> bool:
        now = now or timezone.now()
        closes = self.rsvps_close_at or self.starts_at
        return (
            self.status == EventStatus.PUBLISHED
            and (self.rsvps_open_at is None or self.rsvps_open_at <= now)
            and now < closes
        )

    def questions_are_open(self, now=None) -> bool:
        now = now or timezone.now()
        closes = self.questions_close_at or self.ends_at
        return (
            self.status == EventStatus.PUBLISHED
            and (self.questions_open_at is None or self.questions_open_at <= now)
            and now < closes
        )


def new_manage_token() -> str:
    return secrets.token_urlsafe(32)


def new_rsvp_code() -> str:
    return "".join(secrets.choice(RSVP_CODE_ALPHABET) for _ in range(RSVP_CODE_LENGTH))


class RsvpQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=RsvpStatus.CANCELLED)

    def confirmed(self):
        return self.filter(status=RsvpStatus.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=RsvpStatus.WAITLISTED).order_by("created_at", "pk")

    def seats_taken(self) -> int:
        return self.confirmed().aggregate(seats=Sum("party_size"))["seats"] or 0


ACCOMMODATION_COUNT_FIELDS = (
    "interpreter_count",
    "asl_count",
    "captioning_count",
    "childcare_count",
    "mobility_count",
)


def _count_field(verbose_name):
    return models.PositiveSmallIntegerField(
        verbose_name, default=0, validators=[MaxValueValidator(MAX_PARTY_SIZE_LIMIT)]
    )


class Rsvp(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="rsvps")
    name = models.CharField(
        _("name"),
        max_length=100,
        validators=LINE,
        help_text=_("Any name you like. We use it only to find you at the door."),
    )
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Optional. Only for your confirmation, changes and a reminder."),
    )
    party_size = models.PositiveSmallIntegerField(
        _("number of people"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTY_SIZE_LIMIT)],
        help_text=_("Count yourself too."),
    )
    # No choices here: adding a language to settings.LANGUAGES must not need a migration.
    language = models.CharField(_("language for emails"), max_length=10, default="en")
    interpreter_language = models.CharField(
        _("interpreter language"),
        max_length=50,
        blank=True,
        validators=[validate_no_control_characters, validate_single_line],
    )
    interpreter_count = _count_field(_("people who need an interpreter"))
    asl_count = _count_field(_("people who need ASL"))
    captioning_count = _count_field(_("people who need live captions"))
    childcare_count = _count_field(_("children who need childcare"))
    mobility_count = _count_field(_("people who need wheelchair or mobility access"))
    note = models.TextField(
        _("anything else we should know"), max_length=1000, blank=True, validators=TEXT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RsvpStatus.choices, editable=False
    )
    code = models.CharField(_("RSVP code"), max_length=12, editable=False)
    manage_token = models.CharField(
        max_length=64, unique=True, default=new_manage_token, editable=False
    )
    form_token = models.UUIDField(null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(_("details erased"), null=True, blank=True, editable=False)
    checked_in_count = models.PositiveSmallIntegerField(_("arrived"), default=0, editable=False)
    checked_in_at = models.DateTimeField(_("arrived at"), null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The resident asked for no more emails (the link in every reminder).
    emails_stopped_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RsvpQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = pgettext_lazy("noun", "RSVP")
        verbose_name_plural = _("RSVPs")
        permissions = [
            ("check_in_rsvp", "Can check people in at the door"),
            ("export_rsvp", "Can export attendee lists"),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_size__gte=1) & Q(party_size__lte=MAX_PARTY_SIZE_LIMIT),
                name="rsvp_party_size_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RsvpStatus.values), name="rsvp_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(name="") | Q(erased_at__isnull=False), name="rsvp_name_not_empty"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__lte": F("party_size")}),
                    name=f"rsvp_{field}_within_party",
                )
                for field in ACCOMMODATION_COUNT_FIELDS
            ],
            models.CheckConstraint(
                condition=Q(interpreter_count=0) | ~Q(interpreter_language=""),
                name="rsvp_interpreter_has_language",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_count__lte=F("party_size")),
                name="rsvp_checked_in_within_party",
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email="") & ~Q(status=RsvpStatus.CANCELLED),
                name="rsvp_one_active_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "form_token"],
                condition=Q(form_token__isnull=False),
                name="rsvp_form_token_used_once",
            ),
            models.UniqueConstraint(fields=["event", "code"], name="rsvp_code_unique_per_event"),
        ]

    def __str__(self):
        return f"{self.code} ({self.party_size})"

    def clean(self):
        errors = {}
        size = self.party_size or 0
        for field in ACCOMMODATION_COUNT_FIELDS:
            if size and getattr(self, field) > size:
                errors[field] = _("This cannot be more than the %(size)s people in your party.") % {
                    "size": size
                }
        if self.interpreter_count and not self.interpreter_language.strip():
            errors["interpreter_language"] = _("Tell us which language to interpret.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self) -> bool:
        return self.status != RsvpStatus.CANCELLED


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


class Topic(models.Model):
    """A heading residents can file their question under, set per event by staff."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("name"), max_length=100, validators=LINE)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="topic_name_unique_per_event")
        ]

    def __str__(self):
        return self.name


class QuestionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=QuestionStatus.public())

    def most_wanted(self):
        return self.order_by("-vote_count", "created_at", "pk")


class Question(models.Model):
    """A resident's question for the speaker. Anonymous: nothing here points to a person."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("topic"),
    )
    text = models.TextField(_("question"), max_length=1000, validators=TEXT)
    # As the resident sent it, kept for the record when a moderator edits out personal
    # details. Never shown publicly.
    original_text = models.TextField(_("original wording"), max_length=1000, editable=False)
    language = models.CharField(
        _("language"), max_length=10, choices=QuestionLanguage.choices, default="en"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=QuestionStatus.choices,
        default=QuestionStatus.PENDING,
        editable=False,
    )
    personal_details = models.CharField(
        _("personal details found"), max_length=100, blank=True, editable=False
    )
    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_questions",
    )
    merged_count = models.PositiveIntegerField(
        _("similar questions merged in"), default=0, editable=False
    )
    answer_summary = models.TextField(
        _("answer summary"),
        max_length=3000,
        blank=True,
        validators=TEXT,
        help_text=_("A short public summary of the answer, for the “What we heard” page."),
    )
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)
    moderated_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-vote_count", "created_at", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        permissions = [
            ("moderate_question", "Can moderate questions"),
            ("export_question", "Can export questions"),
        ]
        indexes = [models.Index(fields=["event", "status", "-vote_count"])]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="question_text_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=QuestionStatus.values), name="question_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(status=QuestionStatus.MERGED),
                name="question_merged_has_status_merged",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")), name="question_not_merged_into_itself"
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def personal_detail_kinds(self) -> list[str]:
        return [kind for kind in self.personal_details.split(",") if kind]


class Vote(models.Model):
    """One browser's "I want this answered too". The voter is a random id from a cookie,
    stored only as a keyed hash: never an address, never a person."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "voter"], name="vote_once_per_voter")
        ]

    def __str__(self):
        return f"vote on {self.question_id}"


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


def validate_site_language(code: str) -> None:
    if code not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the site's languages."), code="language")


class EventTranslation(models.Model):
    """An event's texts in another language, written by staff. Residents reading the site in
    that language see these; everything else falls back to the original."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="translations")
    # No choices here: adding a language to settings.LANGUAGES must not need a migration.
    language = models.CharField(_("language"), max_length=10, validators=[validate_site_language])
    title = models.CharField(_("title"), max_length=200, validators=LINE)
    summary = models.CharField(_("summary"), max_length=300, validators=LINE)
    description = models.TextField(_("description"), max_length=10_000, validators=TEXT)
    accessibility = models.TextField(
        _("accessibility"), max_length=3000, blank=True, validators=TEXT
    )
    data_practices = models.TextField(
        _("data-practices note"), max_length=3000, blank=True, validators=TEXT
    )

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="event_translation_once_per_language"
            )
        ]

    def __str__(self):
        return f"{self.event} ({self.language})"


class TopicTranslation(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, validators=[validate_site_language])
    name = models.CharField(_("name"), max_length=100, validators=LINE)

    class Meta:
        verbose_name = _("topic translation")
        verbose_name_plural = _("topic translations")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "language"], name="topic_translation_once_per_language"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"
