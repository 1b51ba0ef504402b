"""The forum's admin form asks before a save emails residents: staff who move a forum (its
time or place) or cancel it choose each time whether the people who RSVPed hear about it
(events.mail.forum_news), so a typo fixed in the venue's name can be saved quietly."""

import copy

from django import forms
from django.contrib.admin.helpers import AdminForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..enums import EmailKind
from ..mail import forum_news
from .event_texts import EventForm as TextsForm

TELL = "tell"
QUIET = "quiet"


class EventForm(TextsForm):
    """The admin's form for a forum: its texts (events.admin.event_texts), and the question
    whether residents are told of a move."""

    residents = forms.ChoiceField(
        label=_("Email the people who RSVPed?"),
        choices=[
            (TELL, _("Yes, email them (with a calendar file that updates their calendar)")),
            (QUIET, _("No, save without emailing (a correction nobody needs to hear about)")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        self._news = None
        if self.instance.pk is None or self.errors:
            return cleaned
        changed = copy.copy(self.instance)
        for name in [*forum_news.WHERE_AND_WHEN, "status"]:
            setattr(changed, name, cleaned.get(name, getattr(changed, name)))
        news = forum_news.news_for(self.instance, changed)
        count = forum_news.residents_told_count(changed) if news else 0
        if not count:
            return cleaned
        if not cleaned.get("residents"):
            self.add_error("residents", ask(count))
        elif cleaned["residents"] == TELL:
            self._news = news
        return cleaned

    def news_to_send(self) -> EmailKind | None:
        """The email staff chose to send with this save, if any."""
        return getattr(self, "_news", None)


def ask(count: int) -> str:
    return ngettext(
        "This will email %(count)d resident — send?",
        "This will email %(count)d residents — send?",
        count,
    ) % {"count": count}


def told_message(count: int) -> str:
    return ngettext(
        "%(count)d resident was emailed about the change.",
        "%(count)d residents were emailed about the change.",
        count,
    ) % {"count": count}


def asks_residents(adminform: AdminForm) -> AdminForm:
    """Put the question first on the page once a save has asked it (and keep the answer)."""
    form = adminform.form
    if "residents" in form.errors or form.data.get("residents"):
        question = {
            "fields": ["residents"],
            "description": _(
                "You changed the forum's time or place, or cancelled it. Everyone who RSVPed "
                "with an email address can be told, once each, in their own language."
            ),
        }
        adminform.fieldsets = [(_("Tell residents"), question), *adminform.fieldsets]
    return adminform
