"""A resident's RSVP: a name (any name), a party size, optional email and needs."""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from ..common.languages import language_name
from ..enums import NEEDS, Need, RsvpStatus
from ..validators import LINE, TEXT, validate_no_control_characters, validate_single_line
from .event import MAX_PARTY_SIZE_LIMIT, Event, seats_taken

# Letters and digits that cannot be mistaken for each other when read aloud at the door.
RSVP_CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"
RSVP_CODE_LENGTH = 6


def new_manage_token() -> str:
    return secrets.token_urlsafe(32)


def new_calendar_uid() -> str:
    return secrets.token_hex(16)


def new_rsvp_code() -> str:
    return "".join(secrets.choice(RSVP_CODE_ALPHABET) for _ in range(RSVP_CODE_LENGTH))


class RsvpQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=RsvpStatus.CANCELLED)

    def confirmed(self):
        return self.filter(status=RsvpStatus.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=RsvpStatus.WAITLISTED).order_by("created_at", "pk")

    def reachable(self):
        """RSVPs that may still be emailed at all: an address, not erased, emails not stopped."""
        return self.filter(emails_stopped_at__isnull=True, erased_at__isnull=True).exclude(email="")

    def seats_taken(self) -> int:
        return self.aggregate(seats=seats_taken())["seats"]


def _need_count(need: Need) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        need.counted, default=0, validators=[MaxValueValidator(MAX_PARTY_SIZE_LIMIT)]
    )


# One count per need in enums.NEEDS ("asl_count"...), made from that declaration.
NeedCounts = type(
    "NeedCounts",
    (models.Model,),
    {
        "__module__": __name__,
        "Meta": type("Meta", (), {"abstract": True}),
        **{need.field: _need_count(need) for need in NEEDS},
    },
)


class Rsvp(NeedCounts):
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
    # The UID of the calendar files emailed about this RSVP: random, so neither the RSVP's
    # number nor the forum's shows in them, and an RSVP made anew after a cancellation is a
    # new event to the calendar, not a repeat of the cancelled one.
    calendar_uid = models.CharField(
        max_length=32, unique=True, default=new_calendar_uid, editable=False
    )
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
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            # An address identifies no RSVP; this finds an address's RSVPs (lost links).
            models.Index(fields=["event", "email"]),
        ]
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
                    condition=Q(**{f"{need.field}__lte": F("party_size")}),
                    name=f"rsvp_{need.field}_within_party",
                )
                for need in NEEDS
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
        for need in NEEDS:
            if size and getattr(self, need.field) > size:
                errors[need.field] = ngettext(
                    "This cannot be more than the %(size)d person in your party.",
                    "This cannot be more than the %(size)d people in your party.",
                    size,
                ) % {"size": size}
        if self.interpreter_count and not self.interpreter_language.strip():
            errors["interpreter_language"] = _("Tell us which language to interpret.")
        if errors:
            raise ValidationError(errors)

    @property
    def interpreter_language_name(self) -> str:
        """The language to interpret, named in the active language (it may be a code)."""
        return language_name(self.interpreter_language)

    @property
    def is_active(self) -> bool:
        return self.status != RsvpStatus.CANCELLED
