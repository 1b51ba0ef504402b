"""An address gets at most 3 emails an hour and 6 a day because of RSVPs made with it, so a
stranger cannot flood a neighbour's inbox; what the caps hold back is written all the same,
as held back, so nothing in the answer changes."""

from types import SimpleNamespace

import pytest

from events.common import ratelimit
from events.common.addresses import address_key, folded
from events.enums import DeliveryStatus, EmailKind
from events.mail.sending import queue_email
from events.models import EmailDelivery, Rsvp
from events.rsvps import rules

from ..conftest import post_rsvp
from ..factories import EventFactory, RsvpFactory

pytestmark = pytest.mark.django_db


def statuses() -> list[str]:
    return list(EmailDelivery.objects.order_by("pk").values_list("status", flat=True))


@pytest.mark.parametrize(
    ("written", "inbox"),
    [
        ("Amina@Example.org ", "amina@example.org"),
        ("amina+forum@example.org", "amina@example.org"),
        ("a.m.i.n.a@gmail.com", "amina@gmail.com"),
        ("A.Mina+x@GoogleMail.com", "amina@gmail.com"),
        ("a.mina@example.org", "a.mina@example.org"),  # dots matter elsewhere
    ],
)
def test_one_inbox_however_its_address_is_written(written, inbox):
    assert folded(written) == inbox
    assert address_key(written) == address_key(inbox)


def test_the_fourth_email_in_an_hour_caused_by_residents_is_held_back(client, send, mailoutbox):
    forum = EventFactory(capacity=50)
    addresses = [
        "amina@example.org",
        "Amina+2@example.org",
        "AMINA@example.org ",
        "amina@example.org",
    ]

    answers = [send(post_rsvp, client, forum, email=address).status_code for address in addresses]

    assert answers == [200, 200, 200, 200]
    assert statuses() == ["sent", "sent", "sent", "suppressed"]
    assert EmailDelivery.objects.last().error == "over the cap"
    assert len(mailoutbox) == 3
    assert forum.rsvps.count() == 4  # the RSVPs themselves are never refused for it


def test_six_a_day_however_the_hours_fall(monkeypatch):
    clock = SimpleNamespace(now=20_000 * 86400 + 3600)  # 1 a.m. UTC, on some day
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: clock.now))
    rsvp = RsvpFactory(email="amina@example.org")

    for _hour in range(3):
        for _email in range(2):
            queue_email(rsvp, EmailKind.CHANGED, by_resident=True)
        clock.now += 3600
    queue_email(rsvp, EmailKind.CHANGED, by_resident=True)
    clock.now += 86400
    queue_email(rsvp, EmailKind.CHANGED, by_resident=True)

    assert statuses() == ["pending"] * 6 + ["suppressed", "pending"]


def test_emails_caused_by_staff_promotions_and_reminders_never_count(book):
    forum = EventFactory(capacity=1)
    holder = RsvpFactory(event=forum, email="carlos@example.org")
    waiting = book(forum, email="amina@example.org")  # the resident's 1st
    book(forum, email="amina@example.org")  # 2nd
    book(forum, email="amina@example.org")  # 3rd: the cap is reached

    rules.cancel_rsvp(holder, by_staff=True)  # promotes the first waiting party
    staff = rules.update_rsvp(Rsvp.objects.get(pk=waiting.pk), by_staff=True)
    queue_email(staff.rsvp, EmailKind.REMINDER)

    kinds = EmailDelivery.objects.filter(rsvp__email="amina@example.org").order_by("pk")
    assert list(kinds.values_list("kind", "status")) == [
        (EmailKind.WAITLISTED, DeliveryStatus.PENDING),
        (EmailKind.WAITLISTED, DeliveryStatus.PENDING),
        (EmailKind.WAITLISTED, DeliveryStatus.PENDING),
        (EmailKind.PROMOTED, DeliveryStatus.PENDING),
        (EmailKind.CHANGED, DeliveryStatus.PENDING),
        (EmailKind.REMINDER, DeliveryStatus.PENDING),
    ]


def test_the_caps_keep_nothing_but_keyed_hashes(monkeypatch):
    written = []
    monkeypatch.setattr(ratelimit, "cache", RecordingCache(written))
    rsvp = RsvpFactory(email="amina@example.org")

    queue_email(rsvp, EmailKind.CHANGED, by_resident=True)

    assert len(written) == 2  # the hour's counter and the day's
    assert all("amina" not in key and "example.org" not in key for key in written)


class RecordingCache:
    """The cache as the caps use it, remembering the keys they write."""

    def __init__(self, written):
        self.written, self.counts = written, {}

    def add(self, key, value, timeout):
        self.written.append(key)
        self.counts.setdefault(key, value)

    def incr(self, key, delta=1):
        self.counts[key] += delta
        return self.counts[key]
