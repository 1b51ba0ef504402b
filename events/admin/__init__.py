"""The Django admin for staff, a module per subject. Importing them registers them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import forums, questions, records, rsvps, signin

admin.site.site_header = _("Civic Forum administration")
admin.site.site_title = _("Civic Forum")

__all__ = ["forums", "questions", "records", "rsvps", "signin"]
