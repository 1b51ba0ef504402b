"""The staff roles and exactly what each may do. Superusers manage users and everything else."""

from django.contrib.auth.models import Group, Permission

ORGANIZER = "Organizer"
SPEAKER = "Speaker"

# "app_label.codename" of every permission each role holds; nothing more, nothing less.
ROLE_PERMISSIONS = {
    ORGANIZER: {
        "events.view_event",
        "events.view_rsvp",
        "events.check_in_rsvp",
        "events.export_rsvp",
        "events.view_question_sheet",
        "events.view_question",
        "events.change_question",
        "events.moderate_question",
        "events.export_question",
        "events.view_topic",
    },
    SPEAKER: {
        "events.view_question_sheet",
    },
}


def sync_roles(using: str = "default", **kwargs) -> None:
    """Create the role groups and set their permissions exactly. Safe to run any number of times."""
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        permissions = [
            Permission.objects.using(using).get(
                content_type__app_label=app_label, codename=codename
            )
            for app_label, codename in (dotted.split(".") for dotted in sorted(wanted))
        ]
        group.permissions.set(permissions)
