"""The admin site: Django's, except that someone it has nothing to show (a speaker) goes on to
/staff/, their forums' pages, instead of "You don't have permission to view or edit anything"."""

from django.contrib import admin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _


class CivicAdminSite(admin.AdminSite):
    site_header = _("Civic Forum administration")
    site_title = _("Civic Forum")

    def index(self, request, extra_context=None):
        if not self.get_app_list(request):
            return redirect("staff:forums")
        return super().index(request, extra_context)
