from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_delete, post_migrate, post_save
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
        self._forget_forum_pages_on_change()

    def _forget_forum_pages_on_change(self):
        from .forums import page_cache

        for model in ("Event", "EventTranslation", "Topic", "TopicTranslation", "Rsvp", "Question"):
            sender = self.get_model(model)
            for signal in (post_save, post_delete):
                signal.connect(
                    page_cache.forget_changed,
                    sender=sender,
                    dispatch_uid=f"forget-forum-pages:{model}",
                )


class CivicAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose front page sends staff with nothing to do there (a speaker) on to
    their pages at /staff/ (events.admin_site)."""

    default = False
    default_site = "events.admin_site.CivicAdminSite"
