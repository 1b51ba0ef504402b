"""Staff members' authenticator apps: listed for superusers, who may delete one (a lost phone:
then run `manage.py staff_code` for a new one). The key itself is never shown here: it is
shown once, by the command, to the person setting up the app."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice


class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# django-otp's own admin shows each key as a QR code, to anyone who may view devices.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, AuthenticatorAdmin)
