"""A forum: when and where, its seats, its texts, and their translations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..common.languages import split_codes
from ..common.net import in_networks, parse_networks
from ..enums import EventStatus, InterpreterLanguage, RsvpStatus, SeatDisplay
from ..validators import (
    LINE,
    TEXT,
    validate_interpreter_languages,
    validate_networks,
    validate_no_control_characters,
)

# No party, on any forum, may be larger than this (each forum sets its own limit below it).
MAX_PARTY_SIZE_LIMIT = 20


def seats_taken(path: str = "") -> Sum:
    """The seats a forum has given out: everyone in its confirmed parties. `path` reaches the
    RSVPs from another model ("rsvps__" from a forum)."""
    return Sum(f"{path}party_size", filter=Q(**{f"{path}status": RsvpStatus.CONFIRMED}), default=0)


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
            confirmed_seats=seats_taken("rsvps__"),
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
    venue_networks = models.TextField(
        _("venue networks"),
        max_length=2000,
        blank=True,
        validators=[validate_no_control_characters, validate_networks],
        help_text=_(
            "The venue's own internet addresses, one per line (like 203.0.113.0/24 or "
            "2001:db8:5::/48; the venue's IT staff know them). RSVPs, questions and votes from "
            "them have no per-network limit, because the whole room shares the venue's Wi-Fi."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_("Seats in the room. Leave empty for no limit."),
    )
    seat_display = models.CharField(
        _("seats shown to the public"),
        max_length=10,
        choices=SeatDisplay.choices,
        default=SeatDisplay.EXACT,
        help_text=_(
            "The exact number lets anyone watch it move when someone RSVPs. Coarse shows "
            "only “seats available”, “few seats left” or “full”."
        ),
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
    # Codes of InterpreterLanguage ("es,so,hmn"): each reader sees the names in their own
    # language, and the RSVP form offers the same list. The admin shows them as checkboxes.
    interpretation_languages = models.CharField(
        _("interpretation languages"),
        max_length=300,
        blank=True,
        validators=[validate_interpreter_languages],
        help_text=_("Languages with an interpreter in the room."),
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
    def interpretation_language_codes(self) -> list[str]:
        known = InterpreterLanguage.values
        return [code for code in split_codes(self.interpretation_languages) if code in known]

    @property
    def interpretation_language_names(self) -> list[str]:
        """The languages with an interpreter, named in the active language."""
        return [InterpreterLanguage(code).label for code in self.interpretation_language_codes]

    def is_venue_network(self, address: str) -> bool:
        return in_networks(address, parse_networks(self.venue_networks))

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
    # Left blank, readers see the original, with a note saying what is not translated yet.
    hosts = models.CharField(_("hosts"), max_length=300, blank=True, validators=LINE)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True, validators=TEXT)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True, validators=LINE)
    venue_address = models.CharField(_("address"), max_length=300, blank=True, validators=LINE)
    accessibility = models.TextField(
        _("accessibility"), max_length=3000, blank=True, validators=TEXT
    )
    data_practices = models.TextField(
        _("data-practices note"), max_length=3000, blank=True, validators=TEXT
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True, validators=TEXT)

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
