"""What a moderator edits out of a question is gone, and questions keep only their hour: no
table, admin page, history, export or cache entry gives back a removed A-number, and no time
shown to staff can be matched with an RSVP's."""

import contextlib
import datetime
import hashlib
import io
import re
import zoneinfo
from unittest import mock

import openpyxl
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.enums import QuestionStatus
from events.models import Question, Rsvp
from events.questions import rules as question_rules
from events.roles import ORGANIZER

from ..factories import EventFactory, RsvpFactory, UserFactory
from ..staff import excel_file

pytestmark = pytest.mark.django_db

SENT = "Can my cousin Amina (A123456789) renew her permit?"
EDITED = "Can my cousin renew her permit?"
TAKEN_OUT = ["A123456789", "Amina"]
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture
def forum():
    return EventFactory(slug="forum")


@pytest.fixture
def edited(client, forum):
    """A question sent with a name and an A-number, given an answer summary in the admin
    (which writes the admin's history), then edited by a moderator on the staff pages."""
    question = question_rules.ask(forum, text=SENT, topic=None, language="en").question
    client.force_login(UserFactory(roles=[ORGANIZER], is_superuser=True))
    data = {"topic": "", "text": SENT, "language": "en", "answer_summary": "Yes, by mail."}
    client.post(reverse("admin:events_question_change", args=[question.pk]), data)
    edit = {"text": EDITED, "answer_summary": "Yes, by mail."}
    client.post(reverse("staff:edit", args=[question.pk]), edit)
    question.refresh_from_db()
    assert (question.text, question.answer_summary) == (EDITED, "Yes, by mail.")
    return question


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def holding_taken_out(text: str) -> list[str]:
    return [word for word in TAKEN_OUT if word in text]


def test_no_table_holds_the_words_taken_out(edited):
    everything = io.StringIO()

    call_command("dumpdata", stdout=everything)  # every table of every app, history included

    assert holding_taken_out(everything.getvalue()) == []
    assert "events.question" in everything.getvalue()


def test_no_admin_page_shows_the_words_taken_out(client, edited):
    pages = [
        reverse("admin:events_question_changelist"),
        reverse("admin:events_question_change", args=[edited.pk]),
        reverse("admin:events_question_history", args=[edited.pk]),
        reverse("admin:index"),  # recent actions
    ]

    shown = {url: client.get(url) for url in pages}

    assert {url: response.status_code for url, response in shown.items()} == dict.fromkeys(
        pages, 200
    )
    leaks = {url: holding_taken_out(r.content.decode()) for url, r in shown.items()}
    assert {url: words for url, words in leaks.items() if words} == {}
    assert EDITED in shown[pages[1]].content.decode()


def test_no_staff_page_or_export_gives_the_words_back(client, edited):
    Question.objects.filter(pk=edited.pk).update(status=QuestionStatus.APPROVED)
    pages = ["queue", "sheet", "presenter", "export_csv"]
    texts = {name: body(client.get(reverse(f"staff:{name}", args=["forum"]))) for name in pages}
    xlsx = excel_file(client, reverse("staff:export_xlsx", args=["forum"])).content
    cells = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True).active
    texts["export_xlsx"] = " ".join(str(c.value) for row in cells.iter_rows() for c in row).encode()

    leaks = {name: holding_taken_out(text.decode()) for name, text in texts.items()}
    assert {name: words for name, words in leaks.items() if words} == {}
    assert EDITED in texts["export_xlsx"].decode()


@contextlib.contextmanager
def cache_clock(seconds: float):
    """The local-memory cache's clock (its entries are stamped and expire by it) reads
    `seconds`."""
    clock = mock.Mock(time=lambda: seconds)
    with (
        mock.patch("django.core.cache.backends.base.time", clock),
        mock.patch("django.core.cache.backends.locmem.time", clock),
    ):
        yield


def test_the_duplicate_check_keeps_a_keyed_hash_in_the_cache_for_its_window_only(forum):
    with cache_clock(1_000_000):
        question = question_rules.ask(forum, text=SENT, topic=None, language="en").question
    keys = [key.split(":", 2)[-1] for key in cache._cache]  # the prefix and version go
    # Beside it, only the forum page's version: a random value the new question replaced.
    forum_page = [key for key in keys if key.startswith("forum-page:")]
    assert forum_page == [f"forum-page:{forum.slug}:version"]
    keys = [key for key in keys if key not in forum_page]
    unkeyed = hashlib.sha256(f"{forum.pk}:{' '.join(SENT.casefold().split())}".encode())

    assert [key.split(":")[0] for key in keys] == ["question-sent"]
    assert holding_taken_out(keys[0]) == []
    assert unkeyed.hexdigest() not in keys[0]
    with cache_clock(1_000_000 + 599):
        assert [cache.get(key) for key in keys] == [question.pk]  # a number, not the words
    with cache_clock(1_000_000 + 601):
        assert cache.get(keys[0]) is None
    assert [key.split(":", 2)[-1] for key in cache._cache] == forum_page
    columns = {field.column for field in Question._meta.concrete_fields}
    assert columns & {"fingerprint", "original_text"} == set()


# --- Times ---------------------------------------------------------------------------------


def test_a_question_keeps_only_the_hour_it_was_sent(forum):
    moment = datetime.datetime(2027, 2, 19, 18, 42, 17, 123456, tzinfo=datetime.UTC)

    with mock.patch("django.utils.timezone.now", return_value=moment):
        question = Question.objects.create(event=forum, text="Bus?")

    question.refresh_from_db()
    assert question.created_at == datetime.datetime(2027, 2, 19, 18, 0, tzinfo=datetime.UTC)
    assert timezone.localtime(question.created_at).strftime("%H:%M") == "12:00"


def test_staff_see_a_questions_hour_and_an_rsvps_day_never_the_minute(client, forum):
    sent = datetime.datetime(2027, 2, 19, 12, 42, 17, tzinfo=CHICAGO)
    with mock.patch("django.utils.timezone.now", return_value=sent):
        Question.objects.create(event=forum, text="Bus?")
    rsvp = RsvpFactory(event=forum, name="Hodan Abdi")
    Rsvp.objects.filter(pk=rsvp.pk).update(created_at=sent)
    client.force_login(UserFactory(roles=[ORGANIZER], is_superuser=True))

    queue = client.get(reverse("staff:queue", args=["forum"]))
    rsvps = client.get(reverse("admin:events_rsvp_changelist"))
    one = client.get(reverse("admin:events_rsvp_change", args=[rsvp.pk]))

    assert re.findall(r'<time datetime="([^"]+)">', queue.content.decode()) == [
        "2027-02-19T12:00:00-06:00"
    ]
    created = re.findall(r'<td class="field-created_on[^"]*">([^<]+)</td>', rsvps.content.decode())
    assert created == ["Friday, February 19, 2027"]
    for page in (queue, rsvps, one):
        assert re.findall(r"12:42|42 (?:a|p)\.m\.", page.content.decode()) == []
