"""What staff do to RSVPs, and residents erasing themselves, is in the audit log: who, what,
which forum and how many, never whose."""

import pytest
from django.urls import reverse

from events.enums import AuditAction, RsvpStatus
from events.models import AuditEntry
from events.roles import ORGANIZER
from events.rsvps import rules

from ..factories import EventFactory, UserFactory
from .test_admin import rsvp_change_data, rsvp_post_data

pytestmark = pytest.mark.django_db

RSVP_CHANGELIST = reverse("admin:events_rsvp_changelist")


@pytest.fixture
def organizer(client):
    user = UserFactory(username="clerk", roles=[ORGANIZER])
    client.force_login(user)
    return client


def log() -> list[tuple]:
    return list(
        AuditEntry.objects.order_by("pk").values_list(
            "username", "action", "event__slug", "record_count", "detail"
        )
    )


def test_looking_at_one_forums_rsvps_names_the_forum(organizer, book):
    forum = EventFactory(slug="forum")
    rsvp = book(forum)
    book(forum)

    organizer.get(RSVP_CHANGELIST)
    organizer.get(reverse("admin:events_rsvp_change", args=[rsvp.pk]))

    assert log() == [
        ("clerk", AuditAction.VIEW_ATTENDEES, "forum", 2, "admin RSVP list"),
        ("clerk", AuditAction.VIEW_ATTENDEES, "forum", 1, f"admin RSVP #{rsvp.pk}"),
    ]


def test_a_list_across_forums_says_so(organizer, book):
    book(EventFactory(slug="forum"))
    next_forum = EventFactory(slug="next-forum")
    book(next_forum)

    organizer.get(RSVP_CHANGELIST)
    organizer.get(RSVP_CHANGELIST + f"?event__id__exact={next_forum.pk}")

    assert log() == [
        ("clerk", AuditAction.VIEW_ATTENDEES, None, 2, "admin RSVP list, several forums"),
        ("clerk", AuditAction.VIEW_ATTENDEES, "next-forum", 1, "admin RSVP list"),
    ]


def test_taking_changing_cancelling_and_promoting_rsvps_is_logged(organizer, book):
    forum = EventFactory(slug="forum", capacity=2, max_party_size=2)
    organizer.post(reverse("admin:events_rsvp_add"), rsvp_post_data(forum, party_size=2))
    taken = forum.rsvps.get()
    waiting = book(forum, party_size=2)
    AuditEntry.objects.all().delete()

    organizer.post(
        reverse("admin:events_rsvp_change", args=[taken.pk]),
        rsvp_change_data(taken, name="Caller A."),
    )
    organizer.post(
        RSVP_CHANGELIST,
        {"action": "cancel_selected", "_selected_action": [taken.pk], "confirmed": "yes"},
    )

    waiting.refresh_from_db()
    assert waiting.status == RsvpStatus.CONFIRMED  # its seats came free with the cancel
    assert [entry[:4] for entry in log()] == [
        ("clerk", AuditAction.RSVP_CHANGED, "forum", 1),
        ("clerk", AuditAction.RSVP_CANCELLED, "forum", 1),
        ("clerk", AuditAction.RSVP_PROMOTED, "forum", 1),
    ]


def test_a_phone_rsvp_and_a_promotion_by_hand_are_logged(organizer, book):
    forum = EventFactory(slug="forum", capacity=1, max_party_size=2)
    organizer.post(reverse("admin:events_rsvp_add"), rsvp_post_data(forum))
    waiting = book(forum, party_size=1)
    forum.capacity = 2
    forum.save()  # a seat more, without promoting anyone yet

    organizer.post(
        RSVP_CHANGELIST, {"action": "promote_selected", "_selected_action": [waiting.pk]}
    )

    assert [entry[:4] for entry in log() if entry[1] != AuditAction.VIEW_ATTENDEES] == [
        ("clerk", AuditAction.RSVP_TAKEN, "forum", 1),
        ("clerk", AuditAction.RSVP_PROMOTED, "forum", 1),
    ]


def test_a_resident_erasing_their_rsvp_is_logged_without_saying_whose(book):
    forum = EventFactory(slug="forum")
    rsvp = book(forum, name="Hodan Abdi", email="hodan@example.org")

    rules.erase_rsvp(rsvp)

    assert log() == [("resident", AuditAction.ERASE, "forum", 1, "")]
