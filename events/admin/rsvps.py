"""RSVPs in the admin: staff take them by phone, fix, cancel and confirm them through the
same rules as residents, and export them."""

import contextlib
import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..cockpit import exports
from ..common import audit
from ..common.languages import language_code
from ..common.spreadsheets import csv_response
from ..enums import NEEDS, AuditAction, RsvpStatus
from ..models import MAX_PARTY_SIZE_LIMIT, Event, Rsvp
from ..rsvps import bursts, rules, seats
from ..rsvps.forms import NEEDS_FIELDS, limit_party_size


class AccommodationFilter(admin.SimpleListFilter):
    title = _("needs")
    parameter_name = "needs"

    def lookups(self, request, model_admin):
        return [(need.value, need.label) for need in NEEDS]

    def queryset(self, request, queryset):
        for need in NEEDS:
            if self.value() == need.value:
                return queryset.filter(**{f"{need.field}__gt": 0})
        return queryset


class SharedAddressFilter(admin.SimpleListFilter):
    """Likely duplicates: active RSVPs whose address another active RSVP of the forum uses.
    A hint for staff to look at, never grounds to cancel by themselves (names are any name,
    and a family may share one address)."""

    title = _("email address")
    parameter_name = "shared_address"

    def lookups(self, request, model_admin):
        return [("yes", _("Used by another active RSVP of the forum"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        others = (
            Rsvp.objects.active()
            .filter(event=OuterRef("event"), email=OuterRef("email"))
            .exclude(pk=OuterRef("pk"))
        )
        return queryset.active().exclude(email="").filter(Exists(others))


class BurstFilter(admin.SimpleListFilter):
    """The RSVPs of an hour the dashboard flagged (one network made most of them), to look at
    and, if a script made them, cancel together. Only flagged hours: RSVPs are otherwise shown
    by their day, never their hour."""

    title = _("burst")
    parameter_name = "burst"

    def _flagged(self) -> dict[str, tuple]:
        flagged = {}
        for event in Event.objects.upcoming():
            for hour in bursts.flagged(event):
                flagged[f"{event.pk}:{hour.number}"] = (event, hour)
        return flagged

    def lookups(self, request, model_admin):
        def label(event, hour):
            start = date_format(timezone.localtime(hour.start), "SHORT_DATETIME_FORMAT")
            return f"{event.title}, {start}"

        return [(value, label(*found)) for value, found in self._flagged().items()]

    def queryset(self, request, queryset):
        found = self._flagged().get(self.value() or "")
        if found is None:
            return queryset
        event, hour = found
        end = hour.start + datetime.timedelta(hours=1)
        return queryset.filter(event=event, created_at__gte=hour.start, created_at__lt=end)


class RsvpAdminForm(forms.ModelForm):
    # On add only: a party that does not fit is saved on the waitlist only once staff, told
    # where it would go, tick this (RsvpAdmin.get_fields leaves it off the change form).
    put_on_waitlist = forms.BooleanField(
        label=_("Put on the waitlist"),
        required=False,
        help_text=_(
            "Needed only when the party does not fit in the seats left: it then waits for a "
            "seat. A party that fits is seated either way."
        ),
    )

    class Meta:
        model = Rsvp
        fields = ["event", "name", "email", "party_size", "language", *NEEDS_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "party_size" in self.fields:
            limit_party_size(self.fields["party_size"], self._event_limit())
        # Staff type a language by name; the RSVP form stores the code it names ("so").
        if self.instance.interpreter_language:
            self.initial["interpreter_language"] = self.instance.interpreter_language_name

    def clean_interpreter_language(self) -> str:
        typed = self.cleaned_data["interpreter_language"]
        return language_code(typed) or " ".join(typed.split())

    def _event_limit(self) -> int:
        """The largest party of this RSVP's event: the stored one, or on add the one chosen in
        the form (the model's limit until one is chosen)."""
        event = self.instance.event if self.instance.event_id else None
        if event is None and self.is_bound and "event" in self.fields:
            with contextlib.suppress(ValidationError):  # the event field says what is wrong
                event = self.fields["event"].clean(self["event"].data)
        return event.max_party_size if event else MAX_PARTY_SIZE_LIMIT

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self.instance.event_id:
            return
        try:
            may_wait = self.cleaned_data.get("put_on_waitlist", False)
            rules.check_staff_rsvp(self.instance, may_wait=may_wait)
        except rules.RsvpError as error:
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
        "created_on",
    ]
    list_filter = [
        "event",
        "status",
        AccommodationFilter,
        SharedAddressFilter,
        BurstFilter,
        "language",
    ]
    list_select_related = ["event"]
    search_fields = ["code", "name", "email"]
    readonly_fields = ["status", "code", "position_display", "created_on", "updated_on"]
    actions = ["cancel_selected", "promote_selected", "export_csv"]
    ordering = ["-created_at"]

    def get_fields(self, request, obj=None):
        # The waitlist box goes under the party size, on the add form only.
        fields = [name for name in super().get_fields(request, obj) if name != "put_on_waitlist"]
        if obj is None:
            fields.insert(fields.index("party_size") + 1, "put_on_waitlist")
        return fields

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
            forums = list(changelist.queryset.order_by().values_list("event", flat=True)
                          .distinct()[:2])  # fmt: skip
            audit.record(
                request.user, AuditAction.VIEW_ATTENDEES, count=changelist.result_count,
                event_id=forums[0] if len(forums) == 1 else None,
                detail="admin RSVP list" if len(forums) <= 1 else "admin RSVP list, several forums",
            )  # fmt: skip
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            audit.record(
                request.user, AuditAction.VIEW_ATTENDEES, count=1,
                event=response.context_data["original"].event,
                detail=f"admin RSVP #{object_id}",
            )  # fmt: skip
        return response

    @admin.display(description=_("needs"))
    def needs_display(self, rsvp):
        parts = []
        for need in NEEDS:
            if count := getattr(rsvp, need.field):
                detail = f" ({getattr(rsvp, need.detail)})" if need.detail else ""
                parts.append(f"{need.label}{detail}: {count}")
        return ", ".join(parts) or "-"

    # Days only: an RSVP's exact time could be matched with a question's.
    @admin.display(description=_("created"), ordering="created_at")
    def created_on(self, rsvp):
        return timezone.localdate(rsvp.created_at) if rsvp.pk else "-"

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated_on(self, rsvp):
        return timezone.localdate(rsvp.updated_at) if rsvp.pk else "-"

    @admin.display(description=_("waitlist position"))
    def position_display(self, rsvp):
        position = seats.waitlist_position(rsvp) if rsvp.pk else None
        return position or "-"

    def save_model(self, request, obj, form, change):
        if change:
            promoted = rules.update_rsvp(obj, by_staff=True).promoted
        else:
            placement = rules.place_rsvp(obj, by_staff=True)
            # check_staff_rsvp ran under the same lock, so only a new RSVP can come back.
            assert placement.outcome == rules.Outcome.CREATED, placement.outcome  # noqa: S101
            self._report_placement(request, placement.rsvp)
            promoted = []
        action = AuditAction.RSVP_CHANGED if change else AuditAction.RSVP_TAKEN
        audit.record(request.user, action, event=obj.event, count=1)
        self._record_promotions(request, promoted)
        self._report_promotions(request, promoted)

    def _report_placement(self, request, rsvp):
        """What the caller on the phone is told: their code, or their place in line."""
        if rsvp.status == RsvpStatus.CONFIRMED:
            notice = _("Seated: code %(code)s") % {"code": rsvp.code}
            self.message_user(request, notice, messages.SUCCESS)
        else:
            position = seats.waitlist_position(rsvp)
            notice = _("On the waitlist, number %(position)d") % {"position": position}
            self.message_user(request, notice, messages.WARNING)

    @admin.action(description=_("Cancel selected RSVPs"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        """First a page naming how many RSVPs would be cancelled; then, confirmed, cancel them
        (say, the RSVPs of a burst a script made)."""
        to_cancel = queryset.filter(~Q(status=RsvpStatus.CANCELLED)).select_related("event")
        if request.POST.get("confirmed") != "yes":
            return self._confirm_cancel(request, to_cancel)
        cancelled, promoted = 0, []
        for rsvp in to_cancel:
            promoted += rules.cancel_rsvp(rsvp, by_staff=True).promoted
            cancelled += 1
            audit.record(request.user, AuditAction.RSVP_CANCELLED, event=rsvp.event, count=1)
        self._record_promotions(request, promoted)
        self.message_user(
            request,
            ngettext("Cancelled %(count)d RSVP.", "Cancelled %(count)d RSVPs.", cancelled)
            % {"count": cancelled},
            messages.SUCCESS,
        )
        self._report_promotions(request, promoted)

    def _confirm_cancel(self, request, to_cancel):
        rsvps = list(to_cancel.order_by("created_at", "pk"))
        context = {
            **self.admin_site.each_context(request),
            "title": ngettext("Cancel %(count)d RSVP?", "Cancel %(count)d RSVPs?", len(rsvps))
            % {"count": len(rsvps)},
            "opts": self.model._meta,
            "rsvps": rsvps,
            "count": len(rsvps),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        forums = {rsvp.event for rsvp in rsvps}
        audit.record(
            request.user, AuditAction.VIEW_ATTENDEES, count=len(rsvps), detail="admin cancel",
            event=forums.pop() if len(forums) == 1 else None,
        )  # fmt: skip
        return TemplateResponse(request, "admin/events/rsvp/cancel_confirmation.html", context)

    @admin.action(
        description=_("Confirm selected waitlisted RSVPs if they fit"), permissions=["change"]
    )
    def promote_selected(self, request, queryset):
        confirmed, refused = 0, []
        for rsvp in queryset.filter(status=RsvpStatus.WAITLISTED).order_by("created_at", "pk"):
            try:
                self._record_promotions(request, rules.promote_rsvp(rsvp).promoted)
                confirmed += 1
            except rules.NotEnoughSeats as error:
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
                    "%(code)s is a party of %(needed)d, but only %(left)d seat is free.",
                    "%(code)s is a party of %(needed)d, but only %(left)d seats are free.",
                    left,
                )
                % {"code": rsvp.code, "needed": rsvp.party_size, "left": left},
                messages.WARNING,
            )

    @admin.action(description=_("Export selected RSVPs as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        table = exports.rsvp_table(queryset, request.user, detail="admin action")
        return csv_response("rsvps.csv", *table)

    def _record_promotions(self, request, promoted):
        for rsvp in promoted:
            audit.record(request.user, AuditAction.RSVP_PROMOTED, event=rsvp.event, count=1)

    def _report_promotions(self, request, promoted):
        if promoted:
            codes = ", ".join(rsvp.code for rsvp in promoted)
            self.message_user(
                request,
                _("Confirmed from the waitlist: %(codes)s.") % {"codes": codes},
                messages.SUCCESS,
            )
