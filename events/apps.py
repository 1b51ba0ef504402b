from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Forums")

    def ready(self):
        from .roles import sync_roles
        from .signin import middleware  # noqa: F401  (connects the staff-session signal)

        # Permissions exist only after migrating, so the roles are made (and kept exact) here.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="events.sync_roles")
