"""Organizers see a burst of RSVPs from one network on the dashboard and can undo it in the
admin, while nothing (not the database, not the cache) keeps an address or a lasting hash."""

import datetime
import io
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from events.enums import RsvpStatus
from events.models import Rsvp
from events.roles import ORGANIZER
from events.rsvps import bursts

from .. import pages
from ..factories import EventFactory, UserFactory
from ..rsvps.test_hoarding import rsvp

pytestmark = pytest.mark.django_db

SCRIPT = "203.0.113.66"
HOUR = int(time.time() // 3600) - 3  # three hours ago, and kept fixed for the test


@pytest.fixture(autouse=True)
def that_hour(monkeypatch):
    monkeypatch.setattr(bursts, "_hour_number", lambda moment=None: HOUR)


@pytest.fixture
def forum():
    return EventFactory(slug="forum", capacity=150, venue_networks="192.0.2.0/24")


def made_in_that_hour(forum):
    start = datetime.datetime.fromtimestamp(HOUR * 3600 + 600, tz=datetime.UTC)
    forum.rsvps.update(created_at=start)


def dashboard(client, forum):
    client.force_login(UserFactory(roles=[ORGANIZER], is_superuser=True))
    return client.get(reverse("staff:dashboard", args=[forum.slug]))


def hour_label() -> str:
    start = datetime.datetime.fromtimestamp(HOUR * 3600, tz=datetime.UTC)
    return date_format(timezone.localtime(start), "SHORT_DATETIME_FORMAT")


def test_an_hour_when_one_network_made_most_rsvps_is_flagged_with_a_way_to_undo_it(client, forum):
    for n in range(12):
        rsvp(Client(REMOTE_ADDR=SCRIPT), forum, name=f"Bot {n}")
    for n in range(3):
        rsvp(Client(REMOTE_ADDR=f"198.51.100.{n + 1}"), forum, name=f"Neighbour {n}")
    rsvp(Client(REMOTE_ADDR="192.0.2.9"), forum, name="At the venue")
    made_in_that_hour(forum)

    page = dashboard(client, forum)

    assert pages.text(page, "bursts").endswith(
        f"From {hour_label()}: 12 of 16 RSVPs came from one network. Review them in the admin"
    )
    assert pages.text(page, "per-hour-table").endswith(f"{hour_label()} 16 12 (a burst)")
    (link,) = [href for href, text in pages.links(page, "bursts")]
    assert link == f"/admin/events/rsvp/?burst={forum.pk}:{HOUR}"
    listed = client.get(link)
    assert sorted(listed.context["cl"].queryset.values_list("name", flat=True)) == sorted(
        [
            *(f"Bot {n}" for n in range(12)),
            "Neighbour 0",
            "Neighbour 1",
            "Neighbour 2",
            "At the venue",
        ]
    )


def test_a_group_under_ten_or_under_half_is_not_a_burst(client, forum):
    for n in range(9):
        rsvp(Client(REMOTE_ADDR=SCRIPT), forum, name=f"Family {n}")
    made_in_that_hour(forum)

    page = dashboard(client, forum)

    assert not pages.has_element(page, "bursts")
    assert pages.text(page, "per-hour-table").endswith(f"{hour_label()} 9 9")
    # Ten of twenty-one is not more than half either.
    for n in range(12):
        rsvp(Client(REMOTE_ADDR=f"198.51.100.{n + 1}"), forum)
    rsvp(Client(REMOTE_ADDR=SCRIPT), forum)
    assert not pages.has_element(dashboard(client, forum), "bursts")


def test_the_burst_filter_lists_only_flagged_hours(admin_client, forum):
    for _ in range(2):
        rsvp(Client(REMOTE_ADDR=SCRIPT), forum, name="Quiet")
    made_in_that_hour(forum)

    listed = admin_client.get(f"/admin/events/rsvp/?burst={forum.pk}:{HOUR}")

    # Not a flagged hour: the filter does nothing, and offers no choice.
    assert listed.context["cl"].queryset.count() == Rsvp.objects.count()
    assert "burst" not in [spec.title for spec in listed.context["cl"].filter_specs]


def test_the_counters_keep_no_address_and_the_pepper_lives_only_in_the_cache(forum):
    for n in range(12):
        rsvp(Client(REMOTE_ADDR=SCRIPT), forum, name=f"Bot {n}", party_size=1)
    everything = io.StringIO()
    call_command("dumpdata", stdout=everything)

    held = {key: cache.get(key.split(":", 2)[-1]) for key in list(cache._cache)}
    peppers = [value for key, value in held.items() if "burst:pepper" in key]

    assert len(peppers) == 1
    assert peppers[0] not in everything.getvalue()
    assert [key for key, value in held.items() if SCRIPT in key or SCRIPT in str(value)] == []
    lives = [cache._expire_info[key] - time.time() for key in cache._cache if "burst:" in key]
    assert len(lives) == 4  # the pepper, the hour's total, the network's count, the top
    assert all(0 < seconds <= bursts.KEPT for seconds in lives)
    assert bursts._pepper(HOUR // 24 + 1) not in {peppers[0], ""}  # a new one each day


def test_cancelling_the_burst_in_one_action(admin_client, forum):
    for n in range(12):
        rsvp(Client(REMOTE_ADDR=SCRIPT), forum, name=f"Bot {n}")
    made_in_that_hour(forum)
    bots = list(Rsvp.objects.filter(name__startswith="Bot"))

    done = admin_client.post(
        f"/admin/events/rsvp/?burst={forum.pk}:{HOUR}",
        {
            "action": "cancel_selected",
            "_selected_action": [bot.pk for bot in bots],
            "confirmed": "yes",
        },
    )

    assert done.status_code == 302
    assert set(Rsvp.objects.values_list("status", flat=True)) == {RsvpStatus.CANCELLED}
