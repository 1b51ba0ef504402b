"""Forums in the admin: their texts, dates, seats, topics and translations."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from ..common import audit
from ..common.translations import TRANSLATED_FIELDS
from ..enums import AuditAction, RsvpStatus
from ..mail import forum_news
from ..models import Event, EventTranslation, Topic, TopicTranslation
from ..rsvps import rules, seats
from .duplicate import duplicate_view, may_duplicate
from .event_texts import MISSING_LABEL, missing_list, missing_summary
from .forum_news import EventForm, asks_residents, told_message


class SeatText:
    """How staff read a Seats count: '12 left', 'no limit' or 'over capacity by 3'."""

    def __init__(self, counted: seats.Seats):
        self.seats = counted

    @property
    def left_text(self) -> str:
        if self.seats.capacity is None:
            return gettext("no limit")
        if self.seats.over_capacity_by:
            return gettext("over capacity by %(count)d") % {"count": self.seats.over_capacity_by}
        left = self.seats.left
        return ngettext("%(count)d seat left", "%(count)d seats left", left) % {"count": left}


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 1
    fields = ["name", "position"]
    show_change_link = True  # translations of a topic are on its own page


class LanguageChoiceForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("language"),
        choices=lambda: [c for c in settings.LANGUAGES if c[0] != settings.LANGUAGE_CODE],
    )


class EventTranslationInline(admin.StackedInline):
    model = EventTranslation
    form = LanguageChoiceForm
    extra = 0
    fields = ["language", *TRANSLATED_FIELDS]


class TopicTranslationInline(admin.TabularInline):
    model = TopicTranslation
    form = LanguageChoiceForm
    extra = 1
    fields = ["language", "name"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "position"]
    list_filter = ["event"]
    list_select_related = ["event"]
    inlines = [TopicTranslationInline]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventForm
    inlines = [TopicInline, EventTranslationInline]
    list_display = [
        "title",
        "starts_at",
        "status",
        "capacity_display",
        "confirmed_seats_display",
        "seats_left_display",
        "waitlist_display",
        "missing_translations_display",
    ]
    list_filter = ["status", "starts_at"]
    search_fields = ["title", "summary", "venue_name"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    readonly_fields = [
        "seat_summary",
        "cockpit_links",
        "missing_translations_list",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary", "description", "cockpit_links"]}),
        (_("People"), {"fields": ["hosts", "speakers"]}),
        (_("When"), {"fields": ["starts_at", "ends_at"]}),
        (
            _("Where"),
            {
                "fields": [
                    "venue_name",
                    "venue_address",
                    "map_url",
                    "livestream_url",
                    "venue_networks",
                ]
            },
        ),
        (_("Seats"), {"fields": ["capacity", "max_party_size", "seat_display", "seat_summary"]}),
        (
            _("RSVP and question dates"),
            {
                "fields": [
                    "rsvps_open_at",
                    "rsvps_close_at",
                    "questions_open_at",
                    "questions_close_at",
                ]
            },
        ),
        (
            _("For residents"),
            {
                "fields": [
                    "accessibility",
                    "interpretation_languages",
                    "data_practices",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                ]
            },
        ),
        (_("Translations"), {"fields": ["missing_translations_list"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        # The translations and topics are read for the "missing translations" column.
        listed = super().get_queryset(request).with_seat_counts()
        return listed.prefetch_related("translations", "topics__translations")

    @admin.display(description=MISSING_LABEL)
    def missing_translations_display(self, event):
        return missing_summary(event)

    @admin.display(description=MISSING_LABEL)
    def missing_translations_list(self, event):
        return missing_list(event)

    @admin.display(description=_("capacity"), ordering="capacity")
    def capacity_display(self, event):
        return _("no limit") if event.capacity is None else event.capacity

    @admin.display(description=_("confirmed seats"), ordering="confirmed_seats")
    def confirmed_seats_display(self, event):
        return event.confirmed_seats

    @admin.display(description=_("seats left"))
    def seats_left_display(self, event):
        return self._seats(event).left_text

    @admin.display(description=_("waitlist"), ordering="waitlisted_parties")
    def waitlist_display(self, event):
        url = (
            reverse("admin:events_rsvp_changelist")
            + "?"
            + urlencode({"event__id__exact": event.pk, "status__exact": RsvpStatus.WAITLISTED})
        )
        return format_html('<a href="{}">{}</a>', url, event.waitlisted_parties)

    @admin.display(description=_("seats"))
    def seat_summary(self, event):
        if event.pk is None:
            return "-"
        counted = seats.seats(event)
        taken = ngettext("%(count)d seat taken", "%(count)d seats taken", counted.taken)
        waiting = ngettext(
            "%(count)d party waiting", "%(count)d parties waiting", counted.waitlisted
        )
        return ", ".join(
            [
                taken % {"count": counted.taken},
                SeatText(counted).left_text,
                waiting % {"count": counted.waitlisted},
            ]
        )

    @admin.display(description=_("organizers' pages"))
    def cockpit_links(self, event):
        if event.pk is None:
            return "-"
        pages = [
            ("staff:dashboard", _("Dashboard")),
            ("staff:checkin", _("Check-in at the door")),
            ("staff:queue", _("Questions")),
            ("staff:messages", _("Messages")),
        ]
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            ((reverse(name, args=[event.slug]), label) for name, label in pages),
        )

    def _seats(self, event):
        return SeatText(
            seats.Seats(event.capacity, event.confirmed_seats, event.waitlisted_parties)
        )

    def get_urls(self):
        # Before the admin's own: its last pattern takes any address under a forum's id.
        view = self.admin_site.admin_view(
            require_http_methods(["GET", "POST"])(self.duplicate_page)
        )
        return [
            path("<path:object_id>/duplicate/", view, name="events_event_duplicate"),
            *super().get_urls(),
        ]

    def duplicate_page(self, request, object_id):
        return duplicate_view(self, request, object_id)

    def render_change_form(self, request, context, *args, **kwargs):
        # The question "email N residents?" shows only once a save has asked it.
        context["adminform"] = asks_residents(context["adminform"])
        context["may_duplicate"] = may_duplicate(request.user)
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        news = form.news_to_send()
        promoted = rules.save_event(obj)
        if promoted:
            audit.record(request.user, AuditAction.RSVP_PROMOTED, event=obj, count=len(promoted))
        if news:
            told = forum_news.tell_residents(obj, news, request.user)
            self.message_user(request, told_message(told), messages.SUCCESS)
        if promoted:
            self.message_user(
                request,
                ngettext(
                    "%(count)d waitlisted party was confirmed.",
                    "%(count)d waitlisted parties were confirmed.",
                    len(promoted),
                )
                % {"count": len(promoted)},
                messages.SUCCESS,
            )
