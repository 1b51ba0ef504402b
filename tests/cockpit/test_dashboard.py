"""The organizers' event dashboard: seats, waitlist, who is in the room, RSVPs per day,
accommodation needs in people and questions, all from a fixed number of queries."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.cockpit import charts, dashboard
from events.enums import DeliveryStatus, EmailKind, QuestionStatus, RsvpStatus
from events.models import EmailDelivery, Question, Rsvp, Topic

from .. import pages
from ..factories import EventFactory, RsvpFactory
from ..staff import VISITORS, log_in_as, login_redirect, organizer

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 1, day, hour, minute, tzinfo=CHICAGO)


def question(event, status=QuestionStatus.PENDING, topic=None, **fields):
    return Question.objects.create(
        event=event,
        topic=topic,
        text="What should I do?",
        status=status,
        **fields,
    )


@pytest.fixture
def forum():
    """Known RSVPs and questions, with the numbers the dashboard must show worked out by hand."""
    event = EventFactory(slug="forum", capacity=10, walk_in_count=2)
    confirmed = RsvpStatus.CONFIRMED
    waitlisted = RsvpStatus.WAITLISTED
    RsvpFactory(
        event=event,
        status=confirmed,
        party_size=4,
        interpreter_language="Spanish",
        interpreter_count=2,
        childcare_count=1,
        checked_in_count=3,
        created_at=at(10, 9),
    )
    RsvpFactory(
        event=event,
        status=confirmed,
        party_size=3,
        interpreter_language="es",  # picked from the forum's list: one with "Spanish" typed
        interpreter_count=1,
        asl_count=1,
        mobility_count=1,
        created_at=at(10, 18),
    )
    RsvpFactory(
        event=event,
        status=RsvpStatus.CANCELLED,
        party_size=5,
        interpreter_language="Vietnamese",
        interpreter_count=5,
        childcare_count=3,
        created_at=at(11, 12),
    )
    RsvpFactory(
        event=event,
        status=waitlisted,
        party_size=3,
        interpreter_language="Hmong",
        interpreter_count=1,
        childcare_count=2,
        created_at=at(12, 8),
    )
    RsvpFactory(event=event, status=waitlisted, party_size=1, created_at=at(12, 9))
    # 23:30 in Chicago is already the 13th in UTC: it must count on the 12th.
    RsvpFactory(
        event=event,
        status=confirmed,
        party_size=2,
        interpreter_language="Somali",
        interpreter_count=2,
        captioning_count=1,
        created_at=at(12, 23, 30),
    )
    enforcement = Topic.objects.create(event=event, name="Enforcement", position=0)
    services = Topic.objects.create(event=event, name="City services", position=1)
    Topic.objects.create(event=event, name="Travel", position=2)
    question(event, topic=enforcement)
    question(event, topic=enforcement)
    question(event, QuestionStatus.APPROVED, topic=enforcement)
    question(event, QuestionStatus.REJECTED, topic=enforcement)
    kept = question(event, QuestionStatus.ANSWERED, topic=services)
    question(event, QuestionStatus.MERGED, topic=services, merged_into=kept)
    question(event, QuestionStatus.APPROVED)
    return event


def test_dashboard_numbers_for_a_known_event(forum):
    numbers = dashboard.dashboard(forum)

    assert (numbers.seats.capacity, numbers.confirmed_parties, numbers.seats.taken) == (10, 3, 9)
    assert (numbers.seats.left, numbers.seats.over_capacity_by) == (1, 0)
    assert (numbers.seats.waitlisted, numbers.waitlisted_people) == (2, 4)
    assert (numbers.presence.checked_in, numbers.presence.walk_ins, numbers.presence.present) == (
        3,
        2,
        5,
    )
    assert numbers.needs_confirmed == dashboard.Needs(
        counts={"interpreter": 5, "asl": 1, "captioning": 1, "childcare": 1, "mobility": 1},
        languages={"Spanish": 3, "Somali": 2},
    )
    assert numbers.needs_waitlisted == dashboard.Needs(
        counts={"interpreter": 1, "asl": 0, "captioning": 0, "childcare": 2, "mobility": 0},
        languages={"Hmong": 1},
    )
    assert numbers.days == [
        dashboard.Day(datetime.date(2026, 1, 10), rsvps=2, people=7),
        dashboard.Day(datetime.date(2026, 1, 11), rsvps=1, people=5),
        dashboard.Day(datetime.date(2026, 1, 12), rsvps=3, people=6),
    ]
    assert [(status, count) for status, _, count in numbers.questions_by_status] == [
        ("pending", 2),
        ("approved", 2),
        ("answering", 0),
        ("answered", 1),
        ("rejected", 1),
        ("merged", 1),
    ]
    assert numbers.questions_by_topic == [("Enforcement", 3), ("City services", 1), ("Travel", 0)]
    assert (numbers.questions_without_topic, numbers.questions_total) == (1, 7)


def test_dashboard_numbers_equal_direct_queries_of_the_tables(forum):
    numbers = dashboard.dashboard(forum)
    rsvps = Rsvp.objects.filter(event=forum)

    def people(status, field="party_size"):
        return rsvps.filter(status=status).aggregate(n=Sum(field))["n"] or 0

    assert numbers.seats.taken == people(RsvpStatus.CONFIRMED)
    assert numbers.confirmed_parties == rsvps.filter(status=RsvpStatus.CONFIRMED).count()
    assert numbers.waitlisted_people == people(RsvpStatus.WAITLISTED)
    assert numbers.seats.waitlisted == rsvps.filter(status=RsvpStatus.WAITLISTED).count()
    assert numbers.presence.checked_in == rsvps.aggregate(n=Sum("checked_in_count"))["n"]
    for need in ["interpreter", "asl", "captioning", "childcare", "mobility"]:
        assert numbers.needs_confirmed.counts[need] == people(RsvpStatus.CONFIRMED, f"{need}_count")
        assert numbers.needs_waitlisted.counts[need] == people(
            RsvpStatus.WAITLISTED, f"{need}_count"
        )
    assert sum(day.rsvps for day in numbers.days) == rsvps.count()
    assert sum(day.people for day in numbers.days) == rsvps.aggregate(n=Sum("party_size"))["n"]
    for status, _, count in numbers.questions_by_status:
        assert count == Question.objects.filter(event=forum, status=status).count()
    assert numbers.questions_total == Question.objects.filter(event=forum).count()


def test_dashboard_page_shows_the_numbers(client, forum):
    response = organizer(client).get(reverse("staff:dashboard", args=["forum"]))

    assert response.status_code == 200
    assert pages.text(response, "seats-text") == (
        "Seats confirmed: 9 of 10. RSVPs: 3. Seats left: 1."
    )
    assert pages.text(response, "waitlist-text") == ("Waitlisted RSVPs: 2. Waitlisted people: 4.")
    assert pages.text(response, "present-text") == (
        "Present: 5 of capacity 10. Checked in with an RSVP: 3. Walk-ins: 2."
    )
    assert pages.text(response, "emails-text") == (
        "Waiting to be sent: 0. Failed after every try: 0."
    )
    assert pages.text(response, "needs-table") == (
        "People who need each accommodation, from active RSVPs "
        "Need With a seat On the waitlist "
        "Interpreter 5 1 ASL interpreter 1 0 Live captioning 1 0 Childcare 1 2 "
        "Mobility or wheelchair access 1 0"
    )
    assert pages.text(response, "languages-table") == (
        "People who need an interpreter, by language "
        "Language With a seat On the waitlist Spanish 3 0 Somali 2 0 Hmong 0 1"
    )
    assert pages.text(response, "per-day-table") == (
        "RSVPs received each day, cancelled ones included Day RSVPs People "
        "Sat Jan 10 2 7 Sun Jan 11 1 5 Mon Jan 12 3 6"
    )
    assert pages.text(response, "questions-status") == (
        "Questions by status Status Questions Bar Waiting for review 2 Approved 2 "
        "Now answering 0 Answered 1 Rejected 1 Merged into another question 1 Total 7"
    )
    assert pages.text(response, "questions-topic") == (
        "Questions by topic Not counting rejected or merged questions. Topic Questions Bar "
        "Enforcement 3 City services 1 Travel 0 No topic 1"
    )


def test_dashboard_chart_is_svg_drawn_on_the_server_without_style_attributes(client, forum):
    response = organizer(client).get(reverse("staff:dashboard", args=["forum"]))
    html = response.content.decode()

    assert html.count('<rect class="day-bar"') == 3
    assert '<rect class="day-bar" x="0" y="33" width="8" height="67" fill="currentColor">' in html
    assert '<rect class="day-bar" x="20" y="0" width="8" height="100" fill="currentColor">' in html
    assert "<title>Jan 12: 3 RSVPs</title>" in html
    assert "<title>Jan 11: 1 RSVP</title>" in html
    assert (
        '<title id="per-day-summary">RSVPs per day from Jan 10 to Jan 12. Total: 6. '
        "Most in one day: 3.</title>"
    ) in html
    assert "style=" not in html
    assert "<script" not in html


def test_bar_chart_scales_to_the_tallest_and_keeps_small_bars_visible():
    chart = charts.bar_chart([("a", 200), ("b", 0), ("c", 1)])

    assert chart == charts.BarChart(
        bars=[
            charts.Bar(0, 0, 8, 100, 200, "a"),
            charts.Bar(10, 100, 8, 0, 0, "b"),
            charts.Bar(20, 99, 8, 1, 1, "c"),
        ],
        width=298,  # room for 30 bars: a few days still get narrow bars
        height=100,
        peak=200,
    )


def test_dashboard_shows_over_capacity_and_no_limit(client):
    full = EventFactory(slug="full", capacity=3, max_party_size=6)
    RsvpFactory(event=full, party_size=5)
    open_ended = EventFactory(slug="open", capacity=None)
    RsvpFactory(event=open_ended, party_size=2, checked_in_count=2)
    organizer(client)

    over = client.get(reverse("staff:dashboard", args=["full"]))
    unlimited = client.get(reverse("staff:dashboard", args=["open"]))

    assert pages.text(over, "seats-text") == (
        "Seats confirmed: 5 of 3. RSVPs: 1. Over capacity by 2."
    )
    assert pages.text(unlimited, "seats-text") == "Seats confirmed: 2. RSVPs: 1. No limit."
    assert pages.text(unlimited, "present-text") == (
        "Present: 2 (no limit). Checked in with an RSVP: 2. Walk-ins: 0."
    )


def test_dashboard_of_an_event_without_rsvps_says_so(client):
    EventFactory(slug="quiet")

    response = organizer(client).get(reverse("staff:dashboard", args=["quiet"]))

    assert pages.text(response, "per-day") == "RSVPs per day No RSVPs yet."
    assert pages.text(response, "seats-text") == (
        "Seats confirmed: 0 of 10. RSVPs: 0. Seats left: 10."
    )


def test_dashboard_links_to_the_organizers_tools(client):
    event = EventFactory(slug="forum")

    response = organizer(client).get(reverse("staff:dashboard", args=["forum"]))

    hrefs = [href for href, _ in pages.links(response, "links")]
    for expected in [
        "/staff/events/forum/check-in/",
        "/staff/events/forum/accommodations/",
        "/staff/events/forum/attendees.csv",
        "/staff/events/forum/attendees/excel/",
        "/staff/events/forum/questions/",
        "/staff/events/forum/present/",
        "/staff/events/forum/questions/sheet/",
        "/staff/events/forum/questions/export.csv",
        "/staff/events/forum/questions/excel/",
        f"/admin/events/event/{event.pk}/change/",
        f"/admin/events/rsvp/?event__id__exact={event.pk}",
        f"/admin/events/question/?event__id__exact={event.pk}",
    ]:
        assert hrefs.count(expected) == 1, expected


def test_admin_event_page_links_to_the_dashboard(client):
    event = EventFactory(slug="forum")

    response = organizer(client).get(reverse("admin:events_event_change", args=[event.pk]))

    html = response.content.decode()
    assert '<a href="/staff/events/forum/">Dashboard</a>' in html
    assert '<a href="/staff/events/forum/check-in/">Check-in at the door</a>' in html


def _queries_for_dashboard(client, event) -> int:
    url = reverse("staff:dashboard", args=[event.slug])
    client.get(url)  # the session and permissions are read once per request anyway
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_dashboard_query_count_does_not_grow_with_rsvps(client):
    small = EventFactory(slug="small", capacity=100)
    large = EventFactory(slug="large", capacity=100)
    RsvpFactory(event=small, interpreter_language="Somali", interpreter_count=1)
    for day in range(50):
        RsvpFactory(
            event=large,
            interpreter_language=["Somali", "Hmong"][day % 2],
            interpreter_count=1,
            created_at=at(1 + day % 28, 10),
        )
    organizer(client)

    # session, user, sign-in code device, two permission reads, the event, the dashboard's
    # six, the outbox's count, the feedback counts
    assert _queries_for_dashboard(client, small) == 14
    assert _queries_for_dashboard(client, large) == 14


def test_dashboard_numbers_take_six_queries(forum, django_assert_num_queries):
    with django_assert_num_queries(6):
        dashboard.dashboard(forum)


@pytest.mark.parametrize(("visitor", "status"), VISITORS.items())
def test_dashboard_is_for_organizers_and_superusers(client, visitor, status):
    EventFactory(slug="forum")
    url = reverse("staff:dashboard", args=["forum"])

    response = log_in_as(client, visitor).get(url)

    assert response.status_code == status
    if status == 302:
        assert response["Location"] == login_redirect(url)


def test_dashboard_of_an_unknown_event_is_404(client):
    response = organizer(client).get(reverse("staff:dashboard", args=["nope"]))

    assert response.status_code == 404


def test_dashboard_is_never_cached(client):
    EventFactory(slug="forum")

    response = organizer(client).get(reverse("staff:dashboard", args=["forum"]))

    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_dashboard_says_how_many_emails_wait_and_failed(client, forum):
    rsvp = RsvpFactory(event=forum, email="amina@example.org")
    for status in [DeliveryStatus.PENDING, DeliveryStatus.FAILED, DeliveryStatus.SENT]:
        EmailDelivery.objects.create(rsvp=rsvp, kind=EmailKind.CHANGED, status=status)

    response = organizer(client).get(reverse("staff:dashboard", args=["forum"]))

    assert pages.text(response, "emails-text") == (
        "Waiting to be sent: 1. Failed after every try: 1. "
        "A superuser can see which ones in the admin, under Emails."
    )


def test_an_email_nobody_tried_to_send_for_ten_minutes_asks_whether_the_worker_runs(client, forum):
    rsvp = RsvpFactory(event=forum, email="amina@example.org")
    waiting = EmailDelivery.objects.create(rsvp=rsvp, kind=EmailKind.CHANGED)
    organizer(client)
    fresh = client.get(reverse("staff:dashboard", args=["forum"]))
    EmailDelivery.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )

    stuck = client.get(reverse("staff:dashboard", args=["forum"]))

    assert pages.has_element(fresh, "emails-stuck") is False
    assert pages.text(stuck, "emails-stuck") == (
        "1 email has waited more than 10 minutes and nobody has tried to send it. "
        "Is the task worker (db_worker) running?"
    )


def test_addresses_used_by_more_than_one_rsvp_are_a_hint_with_a_link(client, forum):
    for party in (1, 2, 3):
        RsvpFactory(event=forum, email="amina@example.org", party_size=party)
    RsvpFactory(event=forum, email="amina@example.org", status=RsvpStatus.CANCELLED)
    RsvpFactory(event=forum, email="bao@example.org")
    RsvpFactory(event=forum, email="bao@example.org")
    RsvpFactory(event=forum, email="carlos@example.org")

    response = organizer(client).get(reverse("staff:dashboard", args=["forum"]))

    assert pages.text(response, "shared-addresses") == (
        "Possible duplicate RSVPs 2 email addresses are used by more than one active RSVP "
        "(5 RSVPs). Someone may have lost their link and RSVPed again, or a family shares one "
        "address. Look before you cancel: names are any name. See them in the admin"
    )
