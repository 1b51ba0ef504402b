"""The migration to interpreter languages as codes reads the names staff typed before, in
English or Spanish, and keeps for residents any it cannot read. RSVPs' languages become codes
where they name one, so the RSVP form offers them again; anything else stays as typed."""

import datetime

import pytest
from django.utils import timezone

from ..migrations import back_to_the_latest, migrate  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("events", "0018_audit_rsvp_actions")]
AFTER = [("events", "0019_every_fact_in_the_readers_language")]


def old_forum(apps, slug, languages, accessibility=""):
    now = timezone.now()
    return apps.get_model("events", "Event").objects.create(
        title="Forum", slug=slug, summary="S", description="D", hosts="H", venue_name="V",
        venue_address="A", starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=3, hours=2),
        interpretation_languages=languages, accessibility=accessibility,
    )  # fmt: skip


@pytest.mark.usefixtures("back_to_the_latest")
def test_typed_interpreter_languages_become_codes_and_unknown_ones_are_kept():
    old = migrate(BEFORE)
    old_forum(old, "demo", "Spanish, Somali, Hmong, Vietnamese")
    old_forum(old, "mixed", "vietnamita; Español and  KAREN ", accessibility="Ramp.")
    old_forum(old, "unknown", "Somali, Karenni, Oromo", accessibility="Ramp.")
    old_forum(old, "none", "")
    event = old_forum(old, "rsvps", "Somali")
    rsvps = old.get_model("events", "Rsvp").objects
    for code, typed in [("AAAAAA", " somali "), ("BBBBBB", "Tigrinya"), ("CCCCCC", "")]:
        rsvps.create(event=event, name="R", party_size=1, code=code, status="confirmed",
                     interpreter_language=typed, interpreter_count=1 if typed else 0)  # fmt: skip

    new = migrate(AFTER)

    events = new.get_model("events", "Event").objects.order_by("pk")
    assert [(e.slug, e.interpretation_languages, e.accessibility) for e in events] == [
        ("demo", "es,so,hmn,vi", ""),
        ("mixed", "es,vi,kar", "Ramp."),
        ("unknown", "so,om", "Ramp.\n\nInterpreters in the room: Karenni."),
        ("none", "", ""),
        ("rsvps", "so", ""),
    ]
    stored = new.get_model("events", "Rsvp").objects.order_by("code")
    assert [rsvp.interpreter_language for rsvp in stored] == ["so", "Tigrinya", ""]


@pytest.mark.usefixtures("back_to_the_latest")
def test_going_back_writes_the_languages_names_in_english():
    new = migrate(AFTER)
    old_forum(new, "demo", "es,so,hmn,vi")

    old = migrate(BEFORE)

    event = old.get_model("events", "Event").objects.get()
    assert event.interpretation_languages == "Spanish, Somali, Hmong, Vietnamese"
