from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import audit, exports, questions, rsvps
from .enums import Accommodation, AuditAction, PersonalDetail, QuestionStatus, RsvpStatus
from .exports import csv_response
from .models import (
    AuditEntry,
    EmailDelivery,
    Event,
    EventTranslation,
    Message,
    Question,
    Rsvp,
    Topic,
    TopicTranslation,
)

admin.site.site_header = _("Civic Forum administration")
admin.site.site_title = _("Civic Forum")


class SeatText:
    """How staff read a Seats count: '12 left', 'no limit' or 'over capacity by 3'."""

    def __init__(self, seats: rsvps.Seats):
        self.seats = seats

    @property
    def left_text(self) -> str:
        if self.seats.capacity is None:
            return _("no limit")
        if self.seats.over_capacity_by:
            return _("over capacity by %(count)d") % {"count": self.seats.over_capacity_by}
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
    fields = ["language", "title", "summary", "description", "accessibility", "data_practices"]


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
    inlines = [TopicInline, EventTranslationInline]
    list_display = [
        "title",
        "starts_at",
        "status",
        "capacity_display",
        "confirmed_seats_display",
        "seats_left_display",
        "waitlist_display",
    ]
    list_filter = ["status", "starts_at"]
    search_fields = ["title", "summary", "venue_name"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    readonly_fields = ["seat_summary", "cockpit_links", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary", "description", "cockpit_links"]}),
        (_("People"), {"fields": ["hosts", "speakers"]}),
        (_("When"), {"fields": ["starts_at", "ends_at"]}),
        (_("Where"), {"fields": ["venue_name", "venue_address", "map_url", "livestream_url"]}),
        (_("Seats"), {"fields": ["capacity", "max_party_size", "seat_summary"]}),
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
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_seat_counts()

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
        seats = rsvps.seats(event)
        taken = ngettext("%(count)d seat taken", "%(count)d seats taken", seats.taken)
        waiting = ngettext("%(count)d party waiting", "%(count)d parties waiting", seats.waitlisted)
        return ", ".join(
            [
                taken % {"count": seats.taken},
                SeatText(seats).left_text,
                waiting % {"count": seats.waitlisted},
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
            rsvps.Seats(event.capacity, event.confirmed_seats, event.waitlisted_parties)
        )

    def save_model(self, request, obj, form, change):
        promoted = rsvps.save_event(obj)
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


class AccommodationFilter(admin.SimpleListFilter):
    title = _("needs")
    parameter_name = "needs"

    def lookups(self, request, model_admin):
        return Accommodation.choices

    def queryset(self, request, queryset):
        if self.value() in Accommodation.values:
            return queryset.filter(**{f"{self.value()}_count__gt": 0})
        return queryset


class RsvpAdminForm(forms.ModelForm):
    class Meta:
        model = Rsvp
        fields = [
            "event",
            "name",
            "email",
            "party_size",
            "language",
            "interpreter_language",
            "interpreter_count",
            "asl_count",
            "captioning_count",
            "childcare_count",
            "mobility_count",
            "note",
        ]

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self.instance.event_id:
            return
        try:
            rsvps.check_staff_rsvp(self.instance)
        except rsvps.RsvpError as error:
            self.add_error(error.field, error.message)


@admin.register(Rsvp)
class RsvpAdmin(admin.ModelAdmin):
    form = RsvpAdminForm
    list_display = [
        "code",
        "name",
        "event",
        "party_size",
        "status",
        "needs_display",
        "created_at",
    ]
    list_filter = ["event", "status", AccommodationFilter, "language"]
    list_select_related = ["event"]
    search_fields = ["code", "name", "email"]
    readonly_fields = ["status", "code", "position_display", "created_at", "updated_at"]
    actions = ["cancel_selected", "promote_selected", "export_csv"]
    ordering = ["-created_at"]

    def get_readonly_fields(self, request, obj=None):
        # An RSVP never moves to another event; it is cancelled and made anew.
        return [*self.readonly_fields, "event"] if obj else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # Erased details stay erased: there is nothing left to edit.
        if obj is not None and obj.erased_at:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deleting would free seats without promoting anyone: staff cancel instead.
        return False

    def has_export_permission(self, request):
        return request.user.has_perm("events.export_rsvp")

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and request.method == "GET":
            audit.record(
                request.user, AuditAction.VIEW_ATTENDEES, count=changelist.result_count,
                detail="admin RSVP list",
            )  # fmt: skip
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            audit.record(
                request.user, AuditAction.VIEW_ATTENDEES, count=1,
                detail=f"admin RSVP #{object_id}",
            )  # fmt: skip
        return response

    @admin.display(description=_("needs"))
    def needs_display(self, rsvp):
        parts = []
        for value, label in Accommodation.choices:
            count = getattr(rsvp, f"{value}_count")
            if count:
                if value == Accommodation.INTERPRETER:
                    label = f"{label} ({rsvp.interpreter_language})"
                parts.append(f"{label}: {count}")
        return ", ".join(parts) or "-"

    @admin.display(description=_("waitlist position"))
    def position_display(self, rsvp):
        position = rsvps.waitlist_position(rsvp) if rsvp.pk else None
        return position or "-"

    def save_model(self, request, obj, form, change):
        if change:
            promoted = rsvps.update_rsvp(obj, by_staff=True).promoted
        else:
            placement = rsvps.place_rsvp(obj, by_staff=True)
            # check_staff_rsvp ran under the same lock, so only a new RSVP can come back.
            assert placement.outcome == rsvps.Outcome.CREATED, placement.outcome  # noqa: S101
            promoted = []
        self._report_promotions(request, promoted)

    @admin.action(description=_("Cancel selected RSVPs"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        cancelled, promoted = 0, []
        for rsvp in queryset.filter(~Q(status=RsvpStatus.CANCELLED)):
            promoted += rsvps.cancel_rsvp(rsvp).promoted
            cancelled += 1
        self.message_user(
            request,
            ngettext("Cancelled %(count)d RSVP.", "Cancelled %(count)d RSVPs.", cancelled)
            % {"count": cancelled},
            messages.SUCCESS,
        )
        self._report_promotions(request, promoted)

    @admin.action(
        description=_("Confirm selected waitlisted RSVPs if they fit"), permissions=["change"]
    )
    def promote_selected(self, request, queryset):
        confirmed, refused = 0, []
        for rsvp in queryset.filter(status=RsvpStatus.WAITLISTED).order_by("created_at", "pk"):
            try:
                rsvps.promote_rsvp(rsvp)
                confirmed += 1
            except rsvps.NotEnoughSeats as error:
                refused.append((rsvp, error.seats_left))
        self.message_user(
            request,
            ngettext("Confirmed %(count)d RSVP.", "Confirmed %(count)d RSVPs.", confirmed)
            % {"count": confirmed},
            messages.SUCCESS if confirmed else messages.INFO,
        )
        for rsvp, left in refused:
            self.message_user(
                request,
                ngettext(
                    "%(code)s needs %(needed)d seats but only %(left)d is free.",
                    "%(code)s needs %(needed)d seats but only %(left)d are free.",
                    left,
                )
                % {"code": rsvp.code, "needed": rsvp.party_size, "left": left},
                messages.WARNING,
            )

    @admin.action(description=_("Export selected RSVPs as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        events = set(queryset.values_list("event", flat=True).distinct())
        audit.record(
            request.user,
            AuditAction.EXPORT_RSVPS,
            event=Event.objects.get(pk=events.pop()) if len(events) == 1 else None,
            count=queryset.count(),
            detail="admin action",
        )
        return csv_response("rsvps.csv", *exports.rsvp_table(queryset))

    def _report_promotions(self, request, promoted):
        if promoted:
            codes = ", ".join(rsvp.code for rsvp in promoted)
            self.message_user(
                request,
                _("Confirmed from the waitlist: %(codes)s.") % {"codes": codes},
                messages.SUCCESS,
            )


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = ["rsvp", "kind", "created_at", "sent_at", "failed_at", "attempts"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["rsvp"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PersonalDetailsFilter(admin.SimpleListFilter):
    title = _("personal details")
    parameter_name = "personal"

    def lookups(self, request, model_admin):
        return [("yes", _("May contain personal details")), ("no", _("None found"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(personal_details="")
        if self.value() == "no":
            return queryset.filter(personal_details="")
        return queryset


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["event", "topic", "text", "language", "answer_summary"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = [
        "short_text",
        "event",
        "topic",
        "status",
        "vote_count",
        "merged_count",
        "personal_details_display",
        "created_at",
    ]
    list_filter = ["event", "status", "topic", "language", PersonalDetailsFilter]
    list_select_related = ["event", "topic"]
    search_fields = ["text"]
    readonly_fields = [
        "status",
        "original_text",
        "personal_details_display",
        "vote_count",
        "merged_count",
        "merged_into",
        "created_at",
        "moderated_at",
        "answered_at",
    ]
    actions = ["approve", "reject", "mark_answered", "merge_into_most_voted"]

    def get_readonly_fields(self, request, obj=None):
        # Questions come from residents; staff moderate them, they never write them.
        return [*self.readonly_fields, "event"] if obj else self.readonly_fields

    def has_add_permission(self, request):
        return False

    def has_moderate_permission(self, request):
        return request.user.has_perm("events.moderate_question")

    @admin.display(description=_("question"))
    def short_text(self, question):
        return question.text if len(question.text) <= 90 else question.text[:89] + "…"

    @admin.display(description=_("personal details"))
    def personal_details_display(self, question):
        labels = [str(PersonalDetail(kind).label) for kind in question.personal_detail_kinds]
        return ", ".join(labels) or "-"

    def save_model(self, request, obj, form, change):
        if "text" in form.changed_data:
            questions.edit_wording(obj, obj.text, by=request.user)
        obj.save()

    def _moderate(self, request, queryset, status):
        done, refused = 0, 0
        for question in queryset:
            try:
                questions.moderate(question, status, by=request.user)
                done += 1
            except questions.BadTransition:
                refused += 1
        report = ngettext(
            "%(count)d question changed to “%(status)s”.",
            "%(count)d questions changed to “%(status)s”.",
            done,
        ) % {"count": done, "status": status.label}
        if refused:
            report += " " + ngettext(
                "%(count)d could not be changed.", "%(count)d could not be changed.", refused
            ) % {"count": refused}
        self.message_user(request, report, messages.SUCCESS if not refused else messages.WARNING)

    @admin.action(description=_("Approve selected questions"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, QuestionStatus.APPROVED)

    @admin.action(description=_("Reject selected questions"), permissions=["moderate"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, QuestionStatus.REJECTED)

    @admin.action(description=_("Mark selected questions answered"), permissions=["moderate"])
    def mark_answered(self, request, queryset):
        self._moderate(request, queryset, QuestionStatus.ANSWERED)

    @admin.action(
        description=_("Merge selected questions into the one with the most votes"),
        permissions=["moderate"],
    )
    def merge_into_most_voted(self, request, queryset):
        chosen = list(queryset.exclude(status=QuestionStatus.MERGED).most_wanted())
        if len(chosen) < 2 or len({q.event_id for q in chosen}) > 1:
            self.message_user(
                request,
                _("Select two or more questions from the same event to merge."),
                messages.ERROR,
            )
            return
        kept = chosen[0]
        for duplicate in chosen[1:]:
            questions.merge(duplicate, kept, by=request.user)
        self.message_user(
            request,
            ngettext(
                "Merged %(count)d question into “%(kept)s”.",
                "Merged %(count)d questions into “%(kept)s”.",
                len(chosen) - 1,
            )
            % {"count": len(chosen) - 1, "kept": self.short_text(kept)},
            messages.SUCCESS,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "username", "action", "event", "record_count", "detail"]
    list_filter = ["action", "event", "created_at"]
    search_fields = ["username", "detail"]
    list_select_related = ["event"]
    date_hierarchy = "created_at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["subject", "event", "audience", "created_at", "sent_count", "failed_count"]
    list_filter = ["event", "audience"]
    list_select_related = ["event"]
