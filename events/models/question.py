"""Residents' questions for the speaker, the topics they are filed under, and votes."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..common import times
from ..enums import QuestionLanguage, QuestionStatus
from ..validators import LINE, TEXT
from .event import Event, validate_site_language


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


# "Most wanted first": the most votes first; among equals, the one asked first.
MOST_WANTED = ("-vote_count", "created_at", "pk")


class QuestionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=QuestionStatus.public())

    def most_wanted(self):
        return self.order_by(*MOST_WANTED)


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
    # When a moderator last changed the wording. What they took out is kept nowhere.
    edited_at = models.DateTimeField(_("wording edited"), null=True, blank=True, editable=False)
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
    # To the hour only: a question's exact time could be matched with an RSVP's.
    created_at = models.DateTimeField(_("sent"), default=times.this_hour, editable=False)
    moderated_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = list(MOST_WANTED)
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
        # Not its wording: the admin's history keeps this, and wording can be edited out.
        return str(_("Question #%(number)s") % {"number": self.pk})

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
