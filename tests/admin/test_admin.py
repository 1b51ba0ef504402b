"""The admin is a front door to the RSVP rules: every change it makes goes through them."""

import csv
import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.enums import RsvpStatus
from events.models import Event, Rsvp
from events.rsvps import rules, seats

from .. import pages
from ..cockpit.test_exports import HEADER as EXPORT_HEADER
from ..factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

EVENT_CHANGELIST = reverse("admin:events_event_changelist")
RSVP_CHANGELIST = reverse("admin:events_rsvp_changelist")
RSVP_ADD = reverse("admin:events_rsvp_add")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


class _ChangelistCells(HTMLParser):
    """Collect the text of each result row's cells, keyed by the admin's field-<name> class."""

    def __init__(self):
        super().__init__()
        self.rows = []
        self._field = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append({})
        classes = (dict(attrs).get("class") or "").split()
        fields = [c.removeprefix("field-") for c in classes if c.startswith("field-")]
        if tag in {"td", "th"} and fields:
            self._field = fields[0]
            self.rows[-1][self._field] = ""

    def handle_endtag(self, tag):
        if tag in {"td", "th"}:
            self._field = None

    def handle_data(self, data):
        if self._field:
            self.rows[-1][self._field] += data


def changelist_rows(response, *columns):
    parser = _ChangelistCells()
    parser.feed(response.content.decode())
    return [{column: row[column] for column in columns} for row in parser.rows if row]


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_errors(response):
    return response.context["adminform"].form.errors


def event_post_data(event, **changes):
    """What the admin change form posts for this event: every editable field, dates split."""
    data = {}
    for field in Event._meta.concrete_fields:
        if not field.editable or field.primary_key:
            continue
        value = field.value_from_object(event)
        if isinstance(field, models.DateTimeField):
            local = timezone.localtime(value) if value else None
            data[f"{field.name}_0"] = local.strftime("%Y-%m-%d") if local else ""
            data[f"{field.name}_1"] = local.strftime("%H:%M:%S") if local else ""
        elif field.name == "interpretation_languages":
            data[field.name] = event.interpretation_language_codes  # one checkbox each
        else:
            data[field.name] = "" if value is None else value
    # The topics and translations inlines, left empty.
    for inline in ("topics", "translations"):
        data.update({f"{inline}-TOTAL_FORMS": "0", f"{inline}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def rsvp_post_data(event=None, **fields):
    """The admin RSVP form: event only on add (it is read-only afterwards)."""
    data = {
        "name": "Caller",
        "email": "",
        "party_size": "1",
        "language": "en",
        "interpreter_language": "",
        "interpreter_count": "0",
        "asl_count": "0",
        "captioning_count": "0",
        "childcare_count": "0",
        "mobility_count": "0",
        "note": "",
    }
    if event is not None:
        data["event"] = event.pk
    data.update({key: str(value) for key, value in fields.items()})
    return data


def rsvp_change_data(rsvp, **changes):
    fields = {name: getattr(rsvp, name) for name in rsvp_post_data() if name != "event"}
    return rsvp_post_data(**{**fields, **changes})


def run_action(client, action, rsvps_selected, **extra):
    return client.post(
        RSVP_CHANGELIST,
        {"action": action, "_selected_action": [r.pk for r in rsvps_selected], **extra},
    )


def status_of(rsvp):
    rsvp.refresh_from_db()
    return rsvp.status


# --- Event changelist ------------------------------------------------------------------------


def test_event_changelist_shows_seats_taken_left_and_waiting(admin_client, event, book):
    book(event, party_size=4)
    book(event, party_size=2)
    book(event, party_size=5)  # 6 taken, 4 left: waits
    EventFactory(title="Open to all", capacity=None)

    response = admin_client.get(EVENT_CHANGELIST)

    columns = ("title", "capacity_display", "confirmed_seats_display", "seats_left_display")
    assert changelist_rows(response, *columns, "waitlist_display") == [
        dict(
            zip(columns, (event.title, "10", "6", "4 seats left"), strict=True),
            waitlist_display="1",
        ),
        dict(
            zip(columns, ("Open to all", "no limit", "0", "no limit"), strict=True),
            waitlist_display="0",
        ),
    ]


def test_event_changelist_says_by_how_much_a_lowered_capacity_is_exceeded(
    admin_client, event, book
):
    book(event, party_size=6)
    book(event, party_size=4)
    book(event, party_size=1)  # full: waits
    event.capacity = 7
    rules.save_event(event)

    response = admin_client.get(EVENT_CHANGELIST)

    assert changelist_rows(
        response, "confirmed_seats_display", "seats_left_display", "waitlist_display"
    ) == [
        {
            "confirmed_seats_display": "10",
            "seats_left_display": "over capacity by 3",
            "waitlist_display": "1",
        }
    ]


def test_event_changelist_needs_the_same_queries_for_one_event_as_for_five(admin_client, book):
    def event_with_rsvps():
        event = EventFactory(capacity=3)
        book(event, party_size=3)
        book(event, party_size=1)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(EVENT_CHANGELIST)
        return len(queries), len(changelist_rows(response, "seats_left_display"))

    event_with_rsvps()
    with_one, rows = count_queries()
    assert rows == 1
    for _ in range(4):
        event_with_rsvps()
    with_five, rows = count_queries()
    assert rows == 5

    assert with_five == with_one


def test_saving_an_event_with_more_seats_confirms_waiting_parties_in_order(admin_client, book):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    event = EventFactory(capacity=10, max_party_size=10, starts_at=starts)
    book(event, party_size=6)
    book(event, party_size=4)
    first = book(event, party_size=3, name="first")
    second = book(event, party_size=2, name="second")
    third = book(event, party_size=1, name="third")

    response = admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_post_data(event, capacity="15"),
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "2 waitlisted parties were confirmed.",
        f'The event “<a href="/admin/events/event/{event.pk}/change/">{event.title}</a>” '
        "was changed successfully.",
    ]
    event.refresh_from_db()
    assert event.capacity == 15
    assert [status_of(r) for r in (first, second, third)] == [
        RsvpStatus.CONFIRMED,
        RsvpStatus.CONFIRMED,
        RsvpStatus.WAITLISTED,
    ]


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("203.0.113.0/24\n2001:db8:5::/48", None),
        ("203.0.113.0/24\ncity hall wifi", "“city hall wifi” is not a network."),
        ("203.0.113.0/33", "“203.0.113.0/33” is not a network."),
    ],
)
def test_venue_networks_are_checked_line_by_line(admin_client, event, typed, error):
    response = admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_post_data(event, venue_networks=typed),
    )

    event.refresh_from_db()
    if error is None:
        assert (response.status_code, event.venue_networks) == (302, typed)
    else:
        assert form_errors(response) == {
            "venue_networks": [f"{error} Write one per line, like 203.0.113.0/24."]
        }
        assert event.venue_networks == ""


def readonly_text(response, field):
    """The text the admin change page shows for a read-only field."""
    html = response.content.decode()
    row = re.search(
        rf'class="[^"]*field-{field}[^"]*".*?<div class="readonly">(.*?)</div>', html, re.S
    )
    return row[1]


@pytest.mark.parametrize(
    ("capacity", "summary"),
    [
        (None, "0 seats taken, no limit, 0 parties waiting"),
        (10, "4 seats taken, 6 seats left, 0 parties waiting"),
    ],
)
def test_event_change_page_sums_up_its_seats(admin_client, book, capacity, summary):
    event = EventFactory(capacity=capacity, max_party_size=6)
    if capacity:
        book(event, party_size=4)

    response = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert response.status_code == 200
    assert readonly_text(response, "seat_summary") == summary


# --- RSVP add and change forms --------------------------------------------------------------


def test_rsvp_taken_by_phone_is_confirmed_when_the_party_fits(admin_client, event, book):
    book(event, party_size=7)

    response = admin_client.post(RSVP_ADD, rsvp_post_data(event, name="By phone", party_size=3))

    assert response.status_code == 302
    rsvp = Rsvp.objects.get(name="By phone")
    assert (rsvp.status, rsvp.party_size, len(rsvp.code)) == (RsvpStatus.CONFIRMED, 3, 6)
    assert messages_of(response) == [
        f"Seated: code {rsvp.code}",
        f'The RSVP “<a href="/admin/events/rsvp/{rsvp.pk}/change/">{rsvp.code} (3)</a>” '
        "was added successfully.",
    ]
    page = admin_client.get(reverse("admin:events_rsvp_change", args=[rsvp.pk]))
    assert '<div class="readonly">Confirmed</div>' in page.content.decode()


def waitlist_of_two(event, book):
    """8 of the 10 seats taken, and two parties of 3 waiting for them."""
    book(event, party_size=8)
    waiting = [book(event, party_size=3), book(event, party_size=3)]
    assert [rsvp.status for rsvp in waiting] == [RsvpStatus.WAITLISTED] * 2


def test_rsvp_taken_by_phone_that_does_not_fit_comes_back_naming_its_waitlist_place(
    admin_client, event, book
):
    waitlist_of_two(event, book)

    response = admin_client.post(RSVP_ADD, rsvp_post_data(event, name="By phone", party_size=4))

    assert response.status_code == 200
    assert form_errors(response) == {
        "put_on_waitlist": [
            "Only 2 seats are left, so this party of 4 would go on the waitlist, number 3. "
            "Tick “Put on the waitlist” to add it there."
        ]
    }
    assert response.context["adminform"].form["put_on_waitlist"].label == "Put on the waitlist"
    assert (Rsvp.objects.count(), Rsvp.objects.filter(name="By phone").exists()) == (3, False)


@pytest.mark.parametrize(
    ("taken", "party_size", "error"),
    [
        (9, 3, "Only 1 seat is left, so this party of 3 would go on the waitlist, number 1."),
        (10, 1, "No seats are left, so this party of 1 would go on the waitlist, number 1."),
    ],
    ids=["one seat left", "none left"],
)
def test_the_waitlist_question_counts_the_seats_left_in_words(
    admin_client, event, book, taken, party_size, error
):
    book(event, party_size=taken)

    response = admin_client.post(RSVP_ADD, rsvp_post_data(event, party_size=party_size))

    assert form_errors(response) == {
        "put_on_waitlist": [f"{error} Tick “Put on the waitlist” to add it there."]
    }
    assert Rsvp.objects.count() == 1


def test_rsvp_taken_by_phone_waits_when_the_party_does_not_fit(admin_client, event, book):
    waitlist_of_two(event, book)

    response = admin_client.post(
        RSVP_ADD, rsvp_post_data(event, name="By phone", party_size=4, put_on_waitlist="on")
    )

    assert response.status_code == 302
    rsvp = Rsvp.objects.get(name="By phone")
    assert (rsvp.status, seats.waitlist_position(rsvp)) == (RsvpStatus.WAITLISTED, 3)
    assert messages_of(response) == [
        "On the waitlist, number 3",
        f'The RSVP “<a href="/admin/events/rsvp/{rsvp.pk}/change/">{rsvp.code} (4)</a>” '
        "was added successfully.",
    ]
    page = admin_client.get(reverse("admin:events_rsvp_change", args=[rsvp.pk]))
    assert '<div class="readonly">On the waitlist</div>' in page.content.decode()


def test_the_waitlist_box_is_on_the_add_form_only(admin_client, event, book):
    rsvp = book(event)

    added = admin_client.get(RSVP_ADD)
    changed = admin_client.get(reverse("admin:events_rsvp_change", args=[rsvp.pk]))

    def fields(response):
        adminform = response.context["adminform"]
        return [name for fieldset in adminform for line in fieldset for name in line.fields]

    assert fields(added)[:6] == [
        *("event", "name", "email", "party_size", "put_on_waitlist", "language")
    ]
    assert fields(changed)[:5] == ["name", "email", "party_size", "language", "interpreter_count"]


def test_a_ticked_party_that_fits_is_seated(admin_client, event, book):
    book(event, party_size=8)

    response = admin_client.post(
        RSVP_ADD, rsvp_post_data(event, name="By phone", party_size=2, put_on_waitlist="on")
    )

    rsvp = Rsvp.objects.get(name="By phone")
    assert rsvp.status == RsvpStatus.CONFIRMED
    assert messages_of(response)[0] == f"Seated: code {rsvp.code}"


def test_staff_may_add_an_rsvp_with_an_address_another_rsvp_uses_and_see_them_both(
    admin_client, event, book
):
    """An address identifies no RSVP, in the admin too (no stranger reaches this form: it is
    for staff). RSVPs sharing an address are a hint to look at, listed by a filter."""
    first = book(event, party_size=2, email="amina@example.org")
    book(event, email="bao@example.org")

    response = admin_client.post(
        RSVP_ADD, rsvp_post_data(event, name="Again", email="Amina@Example.org")
    )
    listed = admin_client.get(
        RSVP_CHANGELIST, {"event__id__exact": event.pk, "shared_address": "yes"}
    )

    assert response.status_code == 302
    again = event.rsvps.get(name="Again")
    assert again.email == "amina@example.org"
    assert sorted(listed.context["cl"].result_list, key=lambda rsvp: rsvp.pk) == [first, again]


def test_rsvp_edit_growing_beyond_free_seats_is_refused_and_keeps_the_old_size(
    admin_client, event, book
):
    rsvp = book(event, party_size=2)
    book(event, party_size=6)

    response = admin_client.post(
        reverse("admin:events_rsvp_change", args=[rsvp.pk]),
        rsvp_change_data(rsvp, party_size=5),
    )

    assert response.status_code == 200
    assert form_errors(response) == {
        "party_size": ["Only 2 more seats are free, so your party size was not changed."]
    }
    rsvp.refresh_from_db()
    assert (rsvp.party_size, rsvp.status) == (2, RsvpStatus.CONFIRMED)


def test_rsvp_status_cannot_be_changed_through_the_form(admin_client, event, book):
    rsvp = book(event, party_size=2)

    response = admin_client.post(
        reverse("admin:events_rsvp_change", args=[rsvp.pk]),
        rsvp_change_data(rsvp, status=RsvpStatus.CANCELLED, note="Called to confirm"),
    )

    assert response.status_code == 302
    rsvp.refresh_from_db()
    assert (rsvp.status, rsvp.note) == (RsvpStatus.CONFIRMED, "Called to confirm")
    assert seats.seats(event).taken == 2


def test_rsvp_cannot_be_deleted_even_by_a_superuser(admin_client, event, book):
    rsvp = book(event)

    response = admin_client.get(reverse("admin:events_rsvp_delete", args=[rsvp.pk]))

    assert response.status_code == 403
    assert Rsvp.objects.filter(pk=rsvp.pk).exists()


def test_rsvp_actions_offered_are_cancel_promote_and_export(admin_client, event, book):
    book(event)

    response = admin_client.get(RSVP_CHANGELIST)

    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "cancel_selected", "promote_selected", "export_csv"]


@pytest.mark.parametrize(
    ("fields", "field", "errors"),
    [
        ({"name": ""}, "name", ["This field is required."]),
        ({"name": "   "}, "name", ["This field is required."]),
        (
            {"name": "x" * 10_000},
            "name",
            ["Ensure this value has at most 100 characters (it has 10000)."],
        ),
        ({"name": "Amina\x00"}, "name", ["Null characters are not allowed."]),
        (
            {"name": "Amina\x07"},
            "name",
            ["Remove the invisible control characters from this text."],
        ),
        ({"party_size": "0"}, "party_size", ["A party can be up to 10 people."]),
        ({"party_size": "-1"}, "party_size", ["A party can be up to 10 people."]),
        ({"party_size": "11"}, "party_size", ["A party can be up to 10 people."]),
        ({"party_size": "21"}, "party_size", ["A party can be up to 10 people."]),
        ({"party_size": "abc"}, "party_size", ["A party can be up to 10 people."]),
        ({"party_size": ""}, "party_size", ["This field is required."]),
        ({"email": "not-an-email"}, "email", ["Enter a valid email address."]),
        (
            {"party_size": "2", "asl_count": "3"},
            "asl_count",
            ["This cannot be more than the 2 people in your party."],
        ),
        (
            {"party_size": "2", "childcare_count": "3"},
            "childcare_count",
            ["This cannot be more than the 2 people in your party."],
        ),
        (
            {"party_size": "1", "interpreter_count": "2", "interpreter_language": "Somali"},
            "interpreter_count",
            ["This cannot be more than the 1 person in your party."],
        ),
        (
            {"interpreter_count": "1"},
            "interpreter_language",
            ["Tell us which language to interpret."],
        ),
    ],
)
def test_bad_rsvp_input_in_the_admin_is_refused_on_its_field(
    admin_client, event, fields, field, errors
):
    response = admin_client.post(RSVP_ADD, rsvp_post_data(event, **fields))

    assert response.status_code == 200
    assert form_errors(response) == {field: errors}
    assert Rsvp.objects.count() == 0


@pytest.mark.parametrize("typed", ["7", "0", "25", "abc"])
def test_party_size_outside_the_events_limit_is_refused_in_its_words(admin_client, book, typed):
    event = EventFactory(capacity=100, max_party_size=6)
    rsvp = book(event, party_size=2)

    added = admin_client.post(RSVP_ADD, rsvp_post_data(event, party_size=typed))
    changed = admin_client.post(
        reverse("admin:events_rsvp_change", args=[rsvp.pk]),
        rsvp_change_data(rsvp, party_size=typed),
    )

    assert form_errors(added) == {"party_size": ["A party can be up to 6 people."]}
    assert form_errors(changed) == {"party_size": ["A party can be up to 6 people."]}
    rsvp.refresh_from_db()
    assert (rsvp.party_size, event.rsvps.count()) == (2, 1)


def test_a_party_limit_of_one_is_said_in_the_singular(admin_client):
    event = EventFactory(capacity=100, max_party_size=1)

    response = admin_client.post(RSVP_ADD, rsvp_post_data(event, party_size=2))

    assert form_errors(response) == {"party_size": ["A party can be up to 1 person."]}


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Thị Hồng 🌸",
        "Cabdiraxmaan Xasan Maxamed",
        "Nplooj Xyooj Vaj",
        "فاطمة الزهراء",
        "José Ñúñez 🇲🇽",
    ],
)
def test_names_in_any_script_are_saved_exactly(admin_client, event, name):
    response = admin_client.post(RSVP_ADD, rsvp_post_data(event, name=name))

    assert response.status_code == 302
    assert list(Rsvp.objects.values_list("name", flat=True)) == [name]


# --- Actions ----------------------------------------------------------------------------------


def test_cancel_action_cancels_and_confirms_from_the_waitlist(admin_client, event, book):
    holder = book(event, party_size=6)
    other = book(event, party_size=4)
    waiting = book(event, party_size=5)

    response = run_action(admin_client, "cancel_selected", [holder], confirmed="yes")

    assert response.status_code == 302
    assert [status_of(r) for r in (holder, other, waiting)] == [
        RsvpStatus.CANCELLED,
        RsvpStatus.CONFIRMED,
        RsvpStatus.CONFIRMED,
    ]
    assert messages_of(response) == [
        "Cancelled 1 RSVP.",
        f"Confirmed from the waitlist: {waiting.code}.",
    ]


def test_cancel_action_skips_rsvps_already_cancelled(admin_client, event, book):
    cancelled = book(event)
    rules.cancel_rsvp(cancelled)
    active = book(event)

    response = run_action(admin_client, "cancel_selected", [cancelled, active], confirmed="yes")

    assert messages_of(response) == ["Cancelled 1 RSVP."]
    assert status_of(active) == RsvpStatus.CANCELLED


def test_cancelling_a_batch_first_asks_naming_the_count_and_changes_nothing(
    admin_client, event, book
):
    batch = [book(event, name=f"Script {n}") for n in range(3)]
    cancelled = book(event, name="Gone")
    rules.cancel_rsvp(cancelled)
    kept = book(event, name="Hodan")

    asked = run_action(admin_client, "cancel_selected", [*batch, cancelled])

    assert asked.status_code == 200
    assert pages.title(asked).startswith("Cancel 3 RSVPs?")
    assert pages.text(asked, "cancel-summary") == (
        "This cancels 3 RSVPs. Anyone waiting who then fits is confirmed, and each person "
        "with an email is told."
    )
    assert pages.text(asked, "to-cancel") == " ".join(
        f"{rsvp.code} · {rsvp.name} · 1 · {event.title}" for rsvp in batch
    )
    assert [status_of(rsvp) for rsvp in [*batch, kept]] == [RsvpStatus.CONFIRMED] * 4
    form = [attrs for tag, attrs in pages.elements(asked) if tag == "input"]
    sent_back = {(attrs["name"], attrs["value"]) for attrs in form if attrs.get("type") == "hidden"}
    assert {("_selected_action", str(rsvp.pk)) for rsvp in [*batch, cancelled]} <= sent_back
    assert {("action", "cancel_selected"), ("confirmed", "yes")} <= sent_back
    assert [attrs["value"] for attrs in form if attrs.get("type") == "submit"] == [
        "Yes, cancel 3 RSVPs"
    ]

    done = run_action(admin_client, "cancel_selected", [*batch, cancelled], confirmed="yes")

    assert messages_of(done) == ["Cancelled 3 RSVPs."]
    assert [status_of(rsvp) for rsvp in batch] == [RsvpStatus.CANCELLED] * 3
    assert status_of(kept) == RsvpStatus.CONFIRMED


def test_promote_action_refuses_a_party_that_does_not_fit_and_says_why(admin_client, event, book):
    book(event, party_size=8)
    too_big = book(event, party_size=3)

    response = run_action(admin_client, "promote_selected", [too_big])

    assert status_of(too_big) == RsvpStatus.WAITLISTED
    assert messages_of(response) == [
        "Confirmed 0 RSVPs.",
        f"{too_big.code} is a party of 3, but only 2 seats are free.",
    ]


@pytest.mark.parametrize(
    ("taken", "waiting", "said"),
    [
        (10, 1, "is a party of 1, but only 0 seats are free."),
        (9, 3, "is a party of 3, but only 1 seat is free."),
    ],
)
def test_promote_action_counts_the_party_and_the_free_seats_in_words(
    admin_client, event, book, taken, waiting, said
):
    book(event, party_size=taken)
    too_big = book(event, party_size=waiting)

    response = run_action(admin_client, "promote_selected", [too_big])

    assert messages_of(response) == ["Confirmed 0 RSVPs.", f"{too_big.code} {said}"]


def test_promote_action_confirms_a_waiting_party_that_fits(admin_client, event, book):
    book(event, party_size=5)
    book(event, party_size=5)
    too_big = book(event, party_size=3)
    fits = book(event, party_size=2)
    # Two seats appear without anyone being promoted (say, a chair carried in).
    Event.objects.filter(pk=event.pk).update(capacity=12)

    response = run_action(admin_client, "promote_selected", [too_big, fits])

    assert [status_of(too_big), status_of(fits)] == [RsvpStatus.WAITLISTED, RsvpStatus.CONFIRMED]
    assert messages_of(response) == [
        "Confirmed 1 RSVP.",
        f"{too_big.code} is a party of 3, but only 2 seats are free.",
    ]


def _exported_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_export_action_streams_a_csv_of_the_selected_rsvps(admin_client, event, book):
    rsvp = book(
        event,
        party_size=3,
        name="Nguyễn Thị Hồng 🌸",
        email="hong@example.org",
        language="es",
        interpreter_language="Vietnamese",
        interpreter_count=2,
        mobility_count=1,
        note="Near the door, please",
    )
    book(event, name="Not selected")

    response = run_action(admin_client, "export_csv", [rsvp])

    assert (
        response.status_code,
        response["Content-Type"],
        response["Content-Disposition"],
    ) == (200, "text/csv; charset=utf-8", 'attachment; filename="rsvps.csv"')
    assert _exported_rows(response) == [
        EXPORT_HEADER,
        [
            rsvp.code,
            event.title,
            "Nguyễn Thị Hồng 🌸",
            "hong@example.org",
            "3",
            "confirmed",
            "0",
            "es",
            "2",
            "Vietnamese",
            "0",
            "0",
            "0",
            "1",
            "Near the door, please",
            timezone.localdate(rsvp.created_at).isoformat(),  # the day only
        ],
    ]


def test_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(admin_client, event, book):
    hyperlink = '=HYPERLINK("http://evil.example","click")'
    selected = [book(event, name=hyperlink)]
    for note in ("+1", "-1", "@SUM(A1)", "\tTab", "\rReturn"):
        selected.append(book(event, name="Resident", note=note))

    response = run_action(admin_client, "export_csv", selected)

    rows = _exported_rows(response)[1:]
    name, note = EXPORT_HEADER.index("name"), EXPORT_HEADER.index("note")
    assert [(row[name], row[note]) for row in rows] == [
        ("'" + hyperlink, ""),
        ("Resident", "'+1"),
        ("Resident", "'-1"),
        ("Resident", "'@SUM(A1)"),
        ("Resident", "'\tTab"),
        ("Resident", "'\rReturn"),
    ]


def test_export_action_is_not_offered_to_staff_without_the_export_permission(client, event, book):
    rsvp = book(event)
    staff = UserFactory()
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events", codename__in=["view_rsvp", "change_rsvp"]
        )
    )
    client.force_login(staff)

    offered = client.get(RSVP_CHANGELIST).context["action_form"].fields["action"].choices
    response = run_action(client, "export_csv", [rsvp])

    assert [name for name, _label in offered] == ["", "cancel_selected", "promote_selected"]
    assert (response.status_code, response.get("Content-Type")) == (
        302,
        "text/html; charset=utf-8",
    )
    assert messages_of(response) == ["No action selected."]


def test_looking_at_the_rsvp_list_or_one_rsvp_is_in_the_audit_log(admin_client, event, book):
    from events.enums import AuditAction
    from events.models import AuditEntry

    rsvp = book(event, party_size=2)
    book(event, party_size=1)

    admin_client.get(RSVP_CHANGELIST)
    admin_client.get(reverse("admin:events_rsvp_change", args=[rsvp.pk]))

    assert list(
        AuditEntry.objects.order_by("pk").values_list("action", "record_count", "detail")
    ) == [
        (AuditAction.VIEW_ATTENDEES, 2, "admin RSVP list"),
        (AuditAction.VIEW_ATTENDEES, 1, f"admin RSVP #{rsvp.pk}"),
    ]


def test_staff_cannot_make_a_party_smaller_than_the_people_checked_in(admin_client, event, book):
    rsvp = book(event, party_size=4)
    Rsvp.objects.filter(pk=rsvp.pk).update(checked_in_count=3)
    rsvp.refresh_from_db()

    response = admin_client.post(
        reverse("admin:events_rsvp_change", args=[rsvp.pk]), rsvp_change_data(rsvp, party_size=2)
    )

    assert response.status_code == 200
    assert form_errors(response) == {
        "party_size": ["3 people of this party have already checked in, so it cannot be smaller."]
    }
    rsvp.refresh_from_db()
    assert rsvp.party_size == 4
