"""The staff roles and exactly what each may do. Superusers manage users and everything else."""

from django.contrib.auth.models import Group, Permission

ORGANIZER = "Organizer"
SPEAKER = "Speaker"

# "app_label.codename" of every permission each role holds; nothing more, nothing less.
ROLE_PERMISSIONS = {
    ORGANIZER: {
        # Forums: create and edit them, their topics and translations (never delete a forum).
        "events.view_event",
        "events.add_event",
        "events.change_event",
        "events.view_topic",
        "events.add_topic",
        "events.change_topic",
        "events.view_eventtranslation",
        "events.add_eventtranslation",
        "events.change_eventtranslation",
        "events.delete_eventtranslation",
        "events.view_topictranslation",
        "events.add_topictranslation",
        "events.change_topictranslation",
        "events.delete_topictranslation",
        # RSVPs: take them by phone, change, cancel and promote them (through the same rules),
        # check people in, export the lists, message attendees.
        "events.view_rsvp",
        "events.add_rsvp",
        "events.change_rsvp",
        "events.check_in_rsvp",
        "events.export_rsvp",
        # Questions: moderate, edit and export them; read the speaker's sheet.
        "events.view_question_sheet",
        "events.view_question",
        "events.change_question",
        "events.moderate_question",
        "events.export_question",
        # Feedback after the forum: read it in the admin, export it.
        "events.view_feedback",
        "events.export_feedback",
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
