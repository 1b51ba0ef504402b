"""Records staff read but never write: emails sent, messages, and the audit log."""

from django.contrib import admin

from ..models import AuditEntry, EmailDelivery, Message


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

    list_display = ["rsvp", "kind", "status", "created_at", "sent_at", "attempts", "error"]
    list_filter = ["status", "kind", "rsvp__event"]
    list_select_related = ["rsvp"]
