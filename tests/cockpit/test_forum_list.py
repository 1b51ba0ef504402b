"""/staff/: the forums, each with the staff pages the signed-in person may open; and where a
speaker lands after signing in."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.enums import EventStatus
from events.roles import SPEAKER

from .. import pages
from ..factories import EventFactory, UserFactory
from ..staff import log_in_as, login_redirect

pytestmark = pytest.mark.django_db

FORUMS = reverse("staff:forums")


@pytest.fixture
def forums():
    now = timezone.now()
    EventFactory(slug="next", title="Next forum", starts_at=now + datetime.timedelta(days=30))
    EventFactory(
        slug="draft",
        title="Draft forum",
        status=EventStatus.DRAFT,
        starts_at=now + datetime.timedelta(days=60),
    )
    EventFactory(slug="soon", title="Soon forum", starts_at=now + datetime.timedelta(days=2))
    EventFactory(slug="past", title="Past forum", starts_at=now - datetime.timedelta(days=9))


def page_links(response, section) -> list[tuple[str, str]]:
    return pages.links(response, section)


def test_an_organizer_sees_every_forum_soonest_first_with_each_of_its_pages(client, forums):
    response = log_in_as(client, "organizer").get(FORUMS)

    assert response.status_code == 200
    titles = [forum.title for forum, _pages in response.context["upcoming"]]
    assert titles == ["Soon forum", "Next forum", "Draft forum"]
    assert [forum.title for forum, _pages in response.context["past"]] == ["Past forum"]
    assert page_links(response, "past") == [
        ("/staff/events/past/", "Dashboard"),
        ("/staff/events/past/check-in/", "Check-in"),
        ("/staff/events/past/accommodations/", "Accommodations"),
        ("/staff/events/past/questions/", "Questions"),
        ("/staff/events/past/present/", "Presenter screen"),
        ("/staff/events/past/questions/sheet/", "Speaker's sheet"),
        ("/staff/events/past/messages/", "Messages"),
        ("/staff/events/past/outreach/", "Outreach kit"),
    ]
    assert ("/admin/events/event/", "Create or edit forums in the admin") in pages.links(
        response, "main"
    )


def test_a_speaker_sees_only_the_question_sheets(client, forums):
    response = log_in_as(client, "speaker").get(FORUMS)

    assert page_links(response, "upcoming") == [
        ("/staff/events/soon/questions/sheet/", "Speaker's sheet"),
        ("/staff/events/next/questions/sheet/", "Speaker's sheet"),
        ("/staff/events/draft/questions/sheet/", "Speaker's sheet"),
    ]
    assert "Create or edit forums" not in pages.text(response)


def test_a_speaker_who_signs_in_lands_on_the_forum_list(client, forums):
    user = UserFactory(username="speaker", roles=[SPEAKER])
    user.set_password("a long passphrase for tests")
    user.save()

    response = client.post(
        reverse("admin:login"),
        {"username": "speaker", "password": "a long passphrase for tests", "next": "/admin/"},
        follow=True,
    )

    assert response.redirect_chain[-1] == (FORUMS, 302)
    assert response.status_code == 200


def test_staff_with_something_to_do_in_the_admin_still_see_its_front_page(client):
    response = log_in_as(client, "organizer").get(reverse("admin:index"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("visitor", "status"), [("anonymous", 302), ("plain staff", 200), ("superuser", 200)]
)
def test_who_may_open_the_forum_list(client, forums, visitor, status):
    response = log_in_as(client, visitor).get(FORUMS)

    assert response.status_code == status
    if visitor == "anonymous":
        assert response["Location"] == login_redirect(FORUMS)
    if visitor == "plain staff":  # no page of any forum: nothing listed
        assert (response.context["upcoming"], response.context["past"]) == ([], [])


def test_a_resident_account_without_staff_status_is_refused(client, forums):
    client.force_login(UserFactory(is_staff=False))

    assert client.get(FORUMS).status_code == 403


def test_the_list_needs_the_same_queries_for_one_forum_as_for_five(client):
    log_in_as(client, "organizer")
    EventFactory()
    with CaptureQueriesContext(connection) as one:
        client.get(FORUMS)
    EventFactory.create_batch(4)
    with CaptureQueriesContext(connection) as five:
        client.get(FORUMS)

    assert len(five) == len(one)
