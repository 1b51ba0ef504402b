"""“Duplicate as a new draft” on a forum's admin page: the step that asks the copy's dates and
web address, then makes the copy (events.forums.duplicate)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..common.http import see_other
from ..forums.duplicate import duplicate_event
from ..models import Event

# Everything a copy creates: a forum, its translations, its topics and theirs.
NEEDED = [
    "events.add_event",
    "events.add_eventtranslation",
    "events.add_topic",
    "events.add_topictranslation",
]


def may_duplicate(user) -> bool:
    return user.has_perms(NEEDED)


class DuplicateForm(forms.Form):
    starts_at = forms.SplitDateTimeField(
        label=Event._meta.get_field("starts_at").verbose_name, widget=AdminSplitDateTime
    )
    ends_at = forms.SplitDateTimeField(
        label=Event._meta.get_field("ends_at").verbose_name, widget=AdminSplitDateTime
    )
    slug = forms.SlugField(
        label=Event._meta.get_field("slug").verbose_name,
        max_length=Event._meta.get_field("slug").max_length,
        help_text=gettext_lazy("The end of the new forum's address: /events/web-address/."),
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Event.objects.filter(slug=slug).exists():
            raise ValidationError(taken_message(), code="unique")
        return slug

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The event must end after it starts."))
        return cleaned


def taken_message() -> str:
    return _("Another forum already has this web address. Choose another one.")


def duplicate_view(model_admin: admin.ModelAdmin, request, object_id: str):
    """GET: the form, with the old dates to change. POST: the copy, then its admin page."""
    if not may_duplicate(request.user):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=object_id)
    if request.method == "POST":
        form = DuplicateForm(request.POST)
        copy = form.is_valid() and _copy(model_admin, request, event, form)
        if copy:
            notice = _("“%(title)s” was copied as a draft. Check it, then publish it.")
            model_admin.message_user(request, notice % {"title": copy.title}, messages.SUCCESS)
            return see_other(reverse("admin:events_event_change", args=[copy.pk]))
    else:
        form = DuplicateForm(initial={"starts_at": event.starts_at, "ends_at": event.ends_at})
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Duplicate “%(title)s” as a new draft") % {"title": event.title},
        "opts": Event._meta,
        "original": event,
        "form": form,
        "adminform": helpers.AdminForm(
            form, [(None, {"fields": ["starts_at", "ends_at", "slug"]})], {}
        ),
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/events/event/duplicate.html", context)


def _copy(model_admin, request, event: Event, form: DuplicateForm) -> Event | None:
    try:
        with transaction.atomic():
            copy = duplicate_event(event, **form.cleaned_data)
            model_admin.log_addition(request, copy, [{"added": {}}])
    except IntegrityError:
        # Another forum took the address since the form checked it: the database refused.
        if not Event.objects.filter(slug=form.cleaned_data["slug"]).exists():
            raise
        form.add_error("slug", taken_message())
        return None
    return copy
