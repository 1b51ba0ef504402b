"""Residents' answers to "Hearing back", the short form after a forum."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..common import times
from ..enums import Usefulness
from ..validators import TEXT
from .event import Event, validate_site_language


class Feedback(models.Model):
    """One resident's answers after a forum. Anonymous: no address, no cookie, no account,
    and only the hour it came (an exact time could be matched with an RSVP's). Its free
    texts go when the forum's personal data is erased; the score stays, so counts stay true."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    usefulness = models.PositiveSmallIntegerField(_("how useful"), choices=Usefulness.choices)
    next_topic = models.TextField(
        _("topic for next time"), max_length=500, blank=True, validators=TEXT
    )
    hard_to_reach = models.TextField(
        _("hard to reach or understand"), max_length=1000, blank=True, validators=TEXT
    )
    # The language of the page it was sent from.
    language = models.CharField(
        _("language"), max_length=10, validators=[validate_site_language], default="en"
    )
    personal_details = models.CharField(
        _("personal details found"), max_length=100, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("sent"), default=times.this_hour, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        permissions = [("export_feedback", "Can export feedback")]
        constraints = [
            models.CheckConstraint(
                condition=Q(usefulness__in=Usefulness.values), name="feedback_usefulness_1_to_5"
            ),
        ]

    def __str__(self):
        # Not its words: the admin's history keeps this.
        return str(_("Feedback #%(number)s") % {"number": self.pk})
