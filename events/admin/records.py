"""Records staff read but never write: emails sent, messages, feedback, and the audit log."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import AuditEntry, EmailDelivery, Feedback, Message


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
    list_display = ["subject", "event", "audience", "created_at"]
    list_filter = ["event", "audience"]
    list_select_related = ["event"]


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyAdmin):
    """The outbox, for staff: what is waiting, what went, what failed and why (the kind of
    failure only; never an address or the mail server's words)."""

    # Days only: a confirmation is queued the second its RSVP is made, and an RSVP's exact
    # time could be matched with a question's.
    list_display = ["rsvp", "kind", "status", "queued_on", "sent_on", "attempts", "error"]
    fields = ["rsvp", "kind", "message", "status", "queued_on", "sent_on", "attempts", "error"]
    readonly_fields = ["queued_on", "sent_on"]
    list_filter = ["status", "kind", "rsvp__event"]
    list_select_related = ["rsvp"]

    @admin.display(description=_("queued"), ordering="created_at")
    def queued_on(self, delivery):
        return timezone.localdate(delivery.created_at)

    @admin.display(description=_("sent"), ordering="sent_at")
    def sent_on(self, delivery):
        return timezone.localdate(delivery.sent_at) if delivery.sent_at else "-"


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    """Residents' answers after a forum, as they sent them: nobody edits a resident's words."""

    list_display = ["__str__", "event", "usefulness", "language", "created_at", "has_details"]
    fields = ["event", "usefulness", "next_topic", "hard_to_reach", "language", "created_at"]
    readonly_fields = ["created_at"]
    list_filter = ["event", "usefulness", "language"]
    list_select_related = ["event"]

    @admin.display(description=_("may contain personal details"), boolean=True)
    def has_details(self, feedback):
        return bool(feedback.personal_details)
