"""Staff roles hold exactly the permissions events.roles lists, and the admin respects them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from events.enums import RsvpStatus
from events.roles import ORGANIZER, SPEAKER, sync_roles

from .factories import UserFactory

pytestmark = pytest.mark.django_db

RSVP_CHANGELIST = reverse("admin:events_rsvp_changelist")


def permissions_of(role: str) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=role).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def logged_in(client, role):
    client.force_login(UserFactory(roles=[role]))
    return client


def test_a_fresh_database_has_the_two_roles_with_exact_permissions():
    assert sorted(Group.objects.values_list("name", flat=True)) == [ORGANIZER, SPEAKER]
    assert permissions_of(ORGANIZER) == {
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
    }
    assert permissions_of(SPEAKER) == {"events.view_question_sheet"}


def test_syncing_roles_again_changes_nothing():
    before = {role: permissions_of(role) for role in (ORGANIZER, SPEAKER)}

    sync_roles()
    sync_roles()

    assert Group.objects.count() == 2
    assert {role: permissions_of(role) for role in (ORGANIZER, SPEAKER)} == before


def test_syncing_roles_restores_a_removed_permission_and_removes_an_extra_one():
    organizer = Group.objects.get(name=ORGANIZER)
    organizer.permissions.remove(permission("events.export_rsvp"))
    organizer.permissions.add(permission("events.change_rsvp"))
    Group.objects.get(name=SPEAKER).permissions.add(permission("auth.view_user"))

    sync_roles()

    assert "events.export_rsvp" in permissions_of(ORGANIZER)
    assert "events.change_rsvp" not in permissions_of(ORGANIZER)
    assert permissions_of(SPEAKER) == {"events.view_question_sheet"}


def test_organizer_can_read_the_rsvp_list_and_only_export_from_it(client, book, event):
    book(event, name="Amina")
    logged_in(client, ORGANIZER)

    response = client.get(RSVP_CHANGELIST)

    assert response.status_code == 200
    assert [r.name for r in response.context["cl"].result_list] == ["Amina"]
    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "export_csv"]


def test_organizer_cannot_change_an_rsvp(client, book, event):
    rsvp = book(event, party_size=2, name="Amina")
    logged_in(client, ORGANIZER)
    url = reverse("admin:events_rsvp_change", args=[rsvp.pk])

    page = client.get(url)
    response = client.post(url, {"name": "Changed", "party_size": "1", "language": "en"})

    assert (page.status_code, page.context["has_change_permission"]) == (200, False)
    assert response.status_code == 403
    rsvp.refresh_from_db()
    assert (rsvp.name, rsvp.party_size, rsvp.status) == ("Amina", 2, RsvpStatus.CONFIRMED)


def test_organizer_cannot_cancel_rsvps_through_the_action(client, book, event):
    rsvp = book(event)
    logged_in(client, ORGANIZER)

    client.post(
        RSVP_CHANGELIST,
        {"action": "cancel_selected", "_selected_action": [rsvp.pk], "confirmed": "yes"},
    )

    rsvp.refresh_from_db()
    assert rsvp.status == RsvpStatus.CONFIRMED


def test_organizer_cannot_see_users(client):
    logged_in(client, ORGANIZER)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_speaker_cannot_see_rsvps(client, db):
    logged_in(client, SPEAKER)

    assert client.get(RSVP_CHANGELIST).status_code == 403
