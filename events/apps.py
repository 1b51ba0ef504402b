from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default = True
    name = "events"
    verbose_name = _("Forums")

    def ready(self):
        from .roles import sync_roles
        from .signin import middleware  # noqa: F401  (connects the staff-session signal)

        # Permissions exist only after migrating, so the roles are made (and kept exact) here.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="events.sync_roles")


class CivicAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose front page sends staff with nothing to do there (a speaker) on to
    their pages at /staff/ (events.admin_site)."""

    default = False
    default_site = "events.admin_site.CivicAdminSite"
