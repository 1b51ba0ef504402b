"""Staff roles hold exactly the permissions events.roles lists, and the admin respects them."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from events.enums import RsvpStatus
from events.roles import ORGANIZER, ROLE_PERMISSIONS, SPEAKER, sync_roles

from .admin.test_admin import rsvp_change_data, rsvp_post_data
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


def readme_permissions() -> dict[str, set[str]]:
    """The Permissions column of the README's role table, role by role."""
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    table = text[text.index("| Role | Can | Cannot | Permissions") :].split("\n\n")[0]
    rows = [row.split("|")[1:-1] for row in table.splitlines()[2:]]
    return {
        role.strip(): {f"events.{name}" for name in re.findall(r"`(\w+)`", permissions)}
        for role, _can, _cannot, permissions in rows
    }


def test_the_readme_role_table_lists_exactly_each_roles_permissions():
    assert readme_permissions() == ROLE_PERMISSIONS


def test_a_fresh_database_has_the_two_roles_with_exact_permissions():
    assert sorted(Group.objects.values_list("name", flat=True)) == [ORGANIZER, SPEAKER]
    assert permissions_of(ORGANIZER) == ROLE_PERMISSIONS[ORGANIZER]
    assert len(ROLE_PERMISSIONS[ORGANIZER]) == 26
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
    organizer.permissions.add(permission("events.delete_rsvp"))
    Group.objects.get(name=SPEAKER).permissions.add(permission("auth.view_user"))

    sync_roles()

    assert "events.export_rsvp" in permissions_of(ORGANIZER)
    assert "events.delete_rsvp" not in permissions_of(ORGANIZER)
    assert permissions_of(SPEAKER) == {"events.view_question_sheet"}


def test_organizer_may_cancel_promote_and_export_rsvps_but_not_delete_them(client, book, event):
    book(event, name="Amina")
    logged_in(client, ORGANIZER)

    response = client.get(RSVP_CHANGELIST)

    assert response.status_code == 200
    assert [r.name for r in response.context["cl"].result_list] == ["Amina"]
    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "cancel_selected", "promote_selected", "export_csv"]


def test_organizer_changes_an_rsvp_through_the_seat_rules(client, book, event):
    event.capacity = 3
    event.save()
    rsvp = book(event, party_size=2, name="Amina")
    book(event, party_size=1, name="Bao")
    logged_in(client, ORGANIZER)
    url = reverse("admin:events_rsvp_change", args=[rsvp.pk])

    too_big = client.post(url, rsvp_change_data(rsvp, party_size=3))
    smaller = client.post(url, rsvp_change_data(rsvp, name="Amina A.", party_size=1))

    assert too_big.status_code == 200  # refused on its field: only 0 seats are free
    assert smaller.status_code == 302
    rsvp.refresh_from_db()
    assert (rsvp.name, rsvp.party_size, rsvp.status) == ("Amina A.", 1, RsvpStatus.CONFIRMED)


def test_organizer_takes_a_phone_rsvp_and_cancels_it(client, event):
    logged_in(client, ORGANIZER)

    taken = client.post(reverse("admin:events_rsvp_add"), rsvp_post_data(event, name="Caller"))
    rsvp = event.rsvps.get()
    client.post(
        RSVP_CHANGELIST,
        {"action": "cancel_selected", "_selected_action": [rsvp.pk], "confirmed": "yes"},
    )

    assert taken.status_code == 302
    rsvp.refresh_from_db()
    assert (rsvp.name, rsvp.status) == ("Caller", RsvpStatus.CANCELLED)


def test_organizer_edits_a_forum_but_cannot_delete_it_nor_an_rsvp(client, book, event):
    rsvp = book(event)
    logged_in(client, ORGANIZER)

    page = client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert (page.status_code, page.context["has_change_permission"]) == (200, True)
    assert page.context["has_delete_permission"] is False
    assert client.get(reverse("admin:events_event_delete", args=[event.pk])).status_code == 403
    assert client.get(reverse("admin:events_rsvp_delete", args=[rsvp.pk])).status_code == 403


@pytest.mark.parametrize(
    "page",
    ["auth_user_changelist", "events_emaildelivery_changelist", "events_auditentry_changelist"],
)
def test_organizer_cannot_open_users_the_outbox_or_the_audit_log(client, page):
    logged_in(client, ORGANIZER)

    assert client.get(reverse(f"admin:{page}")).status_code == 403


def test_speaker_cannot_see_rsvps(client, db):
    logged_in(client, SPEAKER)

    assert client.get(RSVP_CHANGELIST).status_code == 403
