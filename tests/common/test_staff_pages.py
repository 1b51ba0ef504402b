"""The staff pages of a forum share one navigation bar, and it (like the dashboard's list of
tools) shows only the pages the signed-in person may open."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.roles import ORGANIZER, SPEAKER

from .. import pages
from ..factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

EVERY_PAGE = [
    ("/staff/events/forum/", "Dashboard"),
    ("/staff/events/forum/check-in/", "Check-in"),
    ("/staff/events/forum/accommodations/", "Accommodations"),
    ("/staff/events/forum/questions/", "Questions"),
    ("/staff/events/forum/present/", "Presenter screen"),
    ("/staff/events/forum/questions/sheet/", "Speaker's sheet"),
    ("/staff/events/forum/messages/", "Messages"),
    ("/staff/events/forum/outreach/", "Outreach kit"),
]


@pytest.fixture
def forum():
    return EventFactory(slug="forum")


def staff_with(*codenames: str):
    user = UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="events", codename__in=codenames)
    )
    return user


def test_an_organizer_sees_every_page_and_the_one_open_is_marked(client, forum):
    client.force_login(UserFactory(roles=[ORGANIZER]))

    response = client.get(reverse("staff:queue", args=["forum"]))

    assert pages.links(response, "event-tools") == EVERY_PAGE
    current = [
        attrs["href"] for tag, attrs in pages.elements(response) if attrs.get("aria-current")
    ]
    assert current == ["/staff/events/forum/questions/"]


def test_a_speaker_sees_only_the_sheet(client, forum):
    client.force_login(UserFactory(roles=[SPEAKER]))

    response = client.get(reverse("staff:sheet", args=["forum"]))

    assert response.status_code == 200
    assert pages.links(response, "event-tools") == [
        ("/staff/events/forum/questions/sheet/", "Speaker's sheet")
    ]


def test_a_moderator_sees_the_question_pages_only(client, forum):
    client.force_login(staff_with("moderate_question"))

    response = client.get(reverse("staff:queue", args=["forum"]))

    assert pages.links(response, "event-tools") == [
        ("/staff/events/forum/questions/", "Questions"),
        ("/staff/events/forum/present/", "Presenter screen"),
    ]


def test_the_dashboard_lists_only_the_tools_this_person_may_use(client, forum):
    client.force_login(staff_with("view_rsvp"))

    response = client.get(reverse("staff:dashboard", args=["forum"]))

    assert pages.links(response, "event-tools") == [
        ("/staff/events/forum/", "Dashboard"),
        ("/staff/events/forum/accommodations/", "Accommodations"),
    ]
    assert [text for _href, text in pages.links(response, "links")] == [
        "Accommodation summary",
        "RSVPs in the admin",
        "The public event page",
    ]
