"""The question rules (events.questions): asking, moderation, votes and merging, and the admin
that reaches them."""

import datetime
import hashlib
import re
import time
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from events.enums import EventStatus, QuestionStatus
from events.models import Question, Vote
from events.questions import rules as question_rules

from ..factories import EventFactory, QuestionFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

QUESTION_CHANGELIST = reverse("admin:events_question_changelist")


def ask(event, text="When will the library reopen?", topic=None, language="en"):
    return question_rules.ask(event, text=text, topic=topic, language=language)


def past_event():
    starts = timezone.now() - datetime.timedelta(hours=3)
    return EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))


# --- Asking ----------------------------------------------------------------------------------


def test_asking_saves_a_pending_question_as_sent(event):
    topic = TopicFactory(event=event, name="Housing")

    result = ask(event, text="  Will rents be capped?  ", topic=topic, language="es")

    assert result.outcome == question_rules.Asked.CREATED
    saved = Question.objects.get()
    assert result.question == saved
    assert (saved.event, saved.topic, saved.language) == (event, topic, "es")
    assert (saved.status, saved.text, saved.edited_at) == (
        QuestionStatus.PENDING,
        "Will rents be capped?",
        None,
    )
    assert (saved.vote_count, saved.merged_count, saved.personal_details) == (0, 0, "")


@pytest.mark.parametrize(
    "closed_event",
    [
        pytest.param(
            lambda: EventFactory(questions_close_at=timezone.now() - datetime.timedelta(minutes=1)),
            id="window-closed",
        ),
        pytest.param(lambda: EventFactory(status=EventStatus.DRAFT), id="draft"),
        pytest.param(lambda: EventFactory(status=EventStatus.CANCELLED), id="cancelled"),
        pytest.param(past_event, id="past"),
    ],
)
def test_asking_when_questions_are_closed_is_refused(closed_event):
    event = closed_event()

    with pytest.raises(question_rules.QuestionsClosed) as refused:
        ask(event)

    assert refused.value.message == "Questions for this event are closed."
    assert Question.objects.count() == 0


def test_asking_before_questions_open_is_refused_saying_when_they_open():
    opens = datetime.datetime(2099, 2, 5, 15, 0, tzinfo=datetime.UTC)  # 9 a.m. in Chicago
    event = EventFactory(questions_open_at=opens)

    with pytest.raises(question_rules.QuestionsClosed) as refused:
        ask(event)

    assert refused.value.message == "Questions open at 9 a.m. on Thursday, February 5, 2099."
    assert Question.objects.count() == 0


def test_asking_under_a_topic_of_another_event_is_refused(event):
    other_topic = TopicFactory(event=EventFactory(), name="Parks")

    with pytest.raises(question_rules.QuestionError) as refused:
        ask(event, topic=other_topic)

    assert refused.value.message == "Choose one of this event's topics."
    assert Question.objects.count() == 0


def test_the_same_words_again_within_ten_minutes_are_saved_once(event):
    first = ask(event, text="When will the library reopen?")

    again = ask(event, text="  when WILL the   library reopen?")

    assert again.outcome == question_rules.Asked.DUPLICATE
    assert again.question == first.question
    assert Question.objects.count() == 1


def cache_time_passes(seconds: float):
    """The local-memory cache sees `seconds` more on its clock (its entries expire by it)."""
    later = time.time() + seconds
    return mock.patch("django.core.cache.backends.locmem.time", mock.Mock(time=lambda: later))


def test_the_same_words_after_ten_minutes_make_a_new_question(event):
    first = ask(event, text="When will the library reopen?").question

    with cache_time_passes(10 * 60 + 1):
        again = ask(event, text="When will the library reopen?")

    assert again.outcome == question_rules.Asked.CREATED
    assert again.question != first
    assert Question.objects.count() == 2


def test_the_same_words_at_another_event_are_a_new_question(event):
    ask(event, text="When will the library reopen?")

    other = ask(EventFactory(), text="When will the library reopen?")

    assert other.outcome == question_rules.Asked.CREATED
    assert Question.objects.count() == 2


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("Call me at 763-493-8000", "phone"),
        ("Write to amina@example.org", "email"),
        ("My number is A123456789", "case_number"),
        ("Call 763-493-8000 or 612-555-0199", "phone"),
        (
            "Call 763-493-8000 or write amina@example.org about A123456789",
            "phone,email,case_number",
        ),
        ("When will the library reopen?", ""),
    ],
)
def test_personal_details_found_are_flagged_for_moderators(event, text, flags):
    question = ask(event, text=text).question

    question.refresh_from_db()
    assert question.personal_details == flags


# --- Moderation ------------------------------------------------------------------------------

ALLOWED = [
    (current, wanted)
    for current, nexts in question_rules.TRANSITIONS.items()
    for wanted in sorted(nexts)
]
REFUSED = [
    (current, wanted)
    for current, nexts in question_rules.TRANSITIONS.items()
    for wanted in QuestionStatus
    if wanted != current and wanted not in nexts
]


def test_every_status_has_a_rule_and_merging_is_final():
    assert set(question_rules.TRANSITIONS) == set(QuestionStatus)
    assert question_rules.TRANSITIONS[QuestionStatus.MERGED] == set()
    assert len(ALLOWED) + len(REFUSED) == len(QuestionStatus) * (len(QuestionStatus) - 1)


@pytest.mark.parametrize(("current", "wanted"), ALLOWED, ids=[f"{c}-{w}" for c, w in ALLOWED])
def test_allowed_moderation_step_changes_the_status(event, current, wanted):
    question = QuestionFactory(event=event, status=current)

    question_rules.moderate(question, wanted)

    question.refresh_from_db()
    assert question.status == wanted
    assert question.moderated_at is not None
    assert (question.answered_at is not None) == (wanted == QuestionStatus.ANSWERED)


@pytest.mark.parametrize(("current", "wanted"), REFUSED, ids=[f"{c}-{w}" for c, w in REFUSED])
def test_refused_moderation_step_leaves_the_question_alone(event, current, wanted):
    question = QuestionFactory(event=event, status=current)

    with pytest.raises(question_rules.BadTransition) as refused:
        question_rules.moderate(question, wanted)

    assert refused.value.message == (
        f"A question that is “{QuestionStatus(current).label}” "
        f"cannot become “{QuestionStatus(wanted).label}”."
    )
    question.refresh_from_db()
    assert (question.status, question.moderated_at) == (current, None)


def test_moderating_to_the_same_status_changes_nothing(event):
    question = QuestionFactory(event=event, status=QuestionStatus.MERGED)

    question_rules.moderate(question, QuestionStatus.MERGED)

    question.refresh_from_db()
    assert (question.status, question.moderated_at) == (QuestionStatus.MERGED, None)


def test_starting_to_answer_one_question_marks_the_previous_one_answered(event):
    previous = QuestionFactory(event=event, status=QuestionStatus.APPROVED)
    question_rules.moderate(previous, QuestionStatus.ANSWERING)
    next_one = QuestionFactory(event=event, status=QuestionStatus.APPROVED)
    other_event = QuestionFactory(status=QuestionStatus.ANSWERING)

    question_rules.moderate(next_one, QuestionStatus.ANSWERING)

    previous.refresh_from_db()
    next_one.refresh_from_db()
    other_event.refresh_from_db()
    assert (previous.status, next_one.status) == (
        QuestionStatus.ANSWERED,
        QuestionStatus.ANSWERING,
    )
    assert previous.answered_at is not None
    assert next_one.answered_at is None
    # Each event has its own "now answering".
    assert other_event.status == QuestionStatus.ANSWERING


def test_editing_the_wording_marks_it_edited_and_finds_details_again(event):
    question = ask(event, text="Call me at 763-493-8000 about the bus").question

    edited_at = datetime.datetime(2026, 12, 10, 18, 42, tzinfo=datetime.UTC)

    with mock.patch("django.utils.timezone.now", return_value=edited_at):
        question_rules.edit_wording(question, "  Can someone call me about the bus?  ")

    question.refresh_from_db()
    assert (question.text, question.edited_at, question.personal_details) == (
        "Can someone call me about the bus?",
        edited_at,
        "",
    )


def test_saving_the_same_wording_again_is_no_edit(event):
    question = ask(event, text="When will the bus come back?").question

    question_rules.edit_wording(question, " When will the bus come back? ")

    question.refresh_from_db()
    assert question.edited_at is None


def test_editing_the_wording_flags_details_a_moderator_typed_in(event):
    question = ask(event, text="When will the bus come back?").question

    question_rules.edit_wording(question, "Write to amina@example.org about the bus")

    question.refresh_from_db()
    assert (question.text, question.personal_details) == (
        "Write to amina@example.org about the bus",
        "email",
    )


# --- Votes -----------------------------------------------------------------------------------


def stored_votes(question) -> tuple[int, int]:
    """The question's count of votes, and the votes stored for it: always the same."""
    question.refresh_from_db()
    return question.vote_count, Vote.objects.filter(question=question).count()


def test_voting_twice_from_the_same_browser_counts_once(event):
    question = QuestionFactory(event=event)

    question_rules.vote(question.pk, event, "browser-one")
    counted = question_rules.vote(question.pk, event, "browser-one")

    assert counted.vote_count == 1
    assert stored_votes(question) == (1, 1)


def test_votes_from_different_browsers_add_up(event):
    question = QuestionFactory(event=event)

    for browser in ["browser-one", "browser-two", "browser-three"]:
        question_rules.vote(question.pk, event, browser)

    question.refresh_from_db()
    assert question.vote_count == 3


def test_unvoting_takes_the_vote_back(event):
    question = QuestionFactory(event=event)
    question_rules.vote(question.pk, event, "browser-one")
    question_rules.vote(question.pk, event, "browser-two")

    counted = question_rules.unvote(question.pk, event, "browser-one")

    assert counted.vote_count == 1
    assert question_rules.voted_ids([question.pk], "browser-one") == set()
    assert question_rules.voted_ids([question.pk], "browser-two") == {question.pk}


def test_unvoting_without_a_vote_changes_nothing(event):
    question = QuestionFactory(event=event)
    question_rules.vote(question.pk, event, "browser-one")

    counted = question_rules.unvote(question.pk, event, "browser-two")

    assert counted.vote_count == 1
    assert stored_votes(question) == (1, 1)


def test_votes_on_a_question_being_answered_count(event):
    question = QuestionFactory(event=event, status=QuestionStatus.ANSWERING)

    assert question_rules.vote(question.pk, event, "browser-one").vote_count == 1


@pytest.mark.parametrize(
    "status",
    [
        QuestionStatus.PENDING,
        QuestionStatus.REJECTED,
        QuestionStatus.MERGED,
        QuestionStatus.ANSWERED,
    ],
)
def test_votes_on_questions_not_open_for_votes_are_refused(event, status):
    question = QuestionFactory(event=event, status=status)

    with pytest.raises(question_rules.NotVotable):
        question_rules.vote(question.pk, event, "browser-one")
    with pytest.raises(question_rules.NotVotable):
        question_rules.unvote(question.pk, event, "browser-one")

    question.refresh_from_db()
    assert question.vote_count == 0
    assert Vote.objects.count() == 0


def test_votes_on_another_events_question_are_refused(event):
    question = QuestionFactory(event=EventFactory())

    with pytest.raises(question_rules.NotVotable):
        question_rules.vote(question.pk, event, "browser-one")

    question.refresh_from_db()
    assert question.vote_count == 0
    assert Vote.objects.count() == 0


def test_a_vote_stores_a_keyed_hash_never_the_browsers_id(event):
    question = QuestionFactory(event=event)
    browser = "r4nd0m-c00kie-value-0123456789abcdef"

    question_rules.vote(question.pk, event, browser)

    stored = Vote.objects.get().voter
    assert re.fullmatch(r"[0-9a-f]{64}", stored)
    assert browser not in stored
    # Keyed: the plain hash of the id (which anyone holding the cookie could compute) differs.
    assert stored != hashlib.sha256(browser.encode()).hexdigest()
    assert stored == question_rules.voter_key(browser)


def test_voted_ids_lists_only_this_browsers_votes(event):
    first, second, third = QuestionFactory.create_batch(3, event=event)
    question_rules.vote(first.pk, event, "browser-one")
    question_rules.vote(third.pk, event, "browser-one")
    question_rules.vote(second.pk, event, "browser-two")

    voted = question_rules.voted_ids([first.pk, second.pk, third.pk], "browser-one")

    assert voted == {first.pk, third.pk}
    assert question_rules.voted_ids([first.pk], None) == set()


# --- Merging ---------------------------------------------------------------------------------


def vote_as(question, *browsers):
    for browser in browsers:
        question_rules.vote(question.pk, question.event, browser)


def test_merging_moves_the_votes_and_counts_a_shared_voter_once(event):
    kept = QuestionFactory(event=event)
    duplicate = QuestionFactory(event=event)
    vote_as(kept, "amina", "bao")
    vote_as(duplicate, "bao", "carlos", "dahir")

    result = question_rules.merge(duplicate, kept)

    assert result == kept
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert (kept.vote_count, kept.merged_count) == (4, 1)
    assert Vote.objects.filter(question=kept).count() == 4
    assert (duplicate.status, duplicate.merged_into, duplicate.vote_count) == (
        QuestionStatus.MERGED,
        kept,
        0,
    )
    assert duplicate.moderated_at is not None
    assert Vote.objects.filter(question=duplicate).count() == 0
    expected = {question_rules.voter_key(b) for b in ["amina", "bao", "carlos", "dahir"]}
    assert set(kept.votes.values_list("voter", flat=True)) == expected


def test_merging_a_question_that_had_merges_of_its_own_counts_them_all(event):
    kept = QuestionFactory(event=event)
    duplicate = QuestionFactory(event=event)
    earlier = QuestionFactory.create_batch(2, event=event)
    for question in earlier:
        question_rules.merge(question, duplicate)

    question_rules.merge(duplicate, kept)

    kept.refresh_from_db()
    assert kept.merged_count == 3
    assert sorted(kept.merged_questions.values_list("pk", flat=True)) == sorted(
        [duplicate.pk, *(question.pk for question in earlier)]
    )
    assert set(Question.objects.filter(merged_into=duplicate)) == set()


def test_a_question_cannot_be_merged_into_itself(event):
    question = QuestionFactory(event=event)

    with pytest.raises(question_rules.CannotMerge) as refused:
        question_rules.merge(question, question)

    assert refused.value.message == "A question cannot be merged into itself."
    question.refresh_from_db()
    assert question.status == QuestionStatus.APPROVED


def test_questions_of_different_events_cannot_be_merged(event):
    kept = QuestionFactory(event=event)
    duplicate = QuestionFactory(event=EventFactory())

    with pytest.raises(question_rules.CannotMerge) as refused:
        question_rules.merge(duplicate, kept)

    assert refused.value.message == "Questions from different events cannot be merged."
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (QuestionStatus.APPROVED, None)


def test_a_merged_question_cannot_be_merged_again_either_way(event):
    kept = QuestionFactory(event=event)
    merged = QuestionFactory(event=event)
    other = QuestionFactory(event=event)
    question_rules.merge(merged, kept)

    for duplicate, into in [(merged, other), (other, merged)]:
        with pytest.raises(question_rules.CannotMerge) as refused:
            question_rules.merge(duplicate, into)
        assert refused.value.message == "This question was already merged."

    merged.refresh_from_db()
    other.refresh_from_db()
    assert merged.merged_into == kept
    assert (other.status, other.merged_into) == (QuestionStatus.APPROVED, None)


# --- Admin -----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def run_action(client, action, selected):
    return client.post(
        QUESTION_CHANGELIST,
        {"action": action, "_selected_action": [question.pk for question in selected]},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def statuses(*selected):
    return [Question.objects.get(pk=question.pk).status for question in selected]


def test_admin_approve_action_approves_what_it_may_and_says_how_many(admin_client, event):
    pending = QuestionFactory.create_batch(2, event=event, status=QuestionStatus.PENDING)
    merged = QuestionFactory(event=event, status=QuestionStatus.MERGED)

    response = run_action(admin_client, "approve", [*pending, merged])

    assert statuses(*pending, merged) == [
        QuestionStatus.APPROVED,
        QuestionStatus.APPROVED,
        QuestionStatus.MERGED,
    ]
    assert messages_of(response) == ["2 questions changed to “Approved”. 1 could not be changed."]


def test_admin_reject_action_rejects(admin_client, event):
    pending = QuestionFactory(event=event, status=QuestionStatus.PENDING)
    approved = QuestionFactory(event=event, status=QuestionStatus.APPROVED)

    response = run_action(admin_client, "reject", [pending, approved])

    assert statuses(pending, approved) == [QuestionStatus.REJECTED, QuestionStatus.REJECTED]
    assert messages_of(response) == ["2 questions changed to “Rejected”."]


def test_admin_mark_answered_action_refuses_questions_never_approved(admin_client, event):
    approved = QuestionFactory(event=event, status=QuestionStatus.APPROVED)
    answering = QuestionFactory(event=event, status=QuestionStatus.ANSWERING)
    pending = QuestionFactory(event=event, status=QuestionStatus.PENDING)

    response = run_action(admin_client, "mark_answered", [approved, answering, pending])

    assert statuses(approved, answering, pending) == [
        QuestionStatus.ANSWERED,
        QuestionStatus.ANSWERED,
        QuestionStatus.PENDING,
    ]
    assert messages_of(response) == ["2 questions changed to “Answered”. 1 could not be changed."]


def test_admin_merge_action_keeps_the_most_voted_question(admin_client, event):
    small = QuestionFactory(event=event, text="Bus 724?")
    big = QuestionFactory(event=event, text="When does bus 724 come back?")
    other = QuestionFactory(event=event, text="Will route 724 return?")
    vote_as(big, "amina", "bao", "carlos")
    vote_as(small, "amina")
    vote_as(other, "dahir")

    response = run_action(admin_client, "merge_into_most_voted", [small, big, other])

    assert statuses(small, big, other) == [
        QuestionStatus.MERGED,
        QuestionStatus.APPROVED,
        QuestionStatus.MERGED,
    ]
    big.refresh_from_db()
    assert (big.vote_count, big.merged_count) == (4, 2)
    assert messages_of(response) == ["Merged 2 questions into “When does bus 724 come back?”."]


def test_admin_merge_action_refuses_questions_of_different_events(admin_client, event):
    first = QuestionFactory(event=event)
    second = QuestionFactory(event=EventFactory())

    response = run_action(admin_client, "merge_into_most_voted", [first, second])

    assert statuses(first, second) == [QuestionStatus.APPROVED, QuestionStatus.APPROVED]
    assert messages_of(response) == ["Select two or more questions from the same event to merge."]


def test_editing_the_text_in_the_admin_keeps_the_original(admin_client, event):
    question = ask(event, text="Call me at 763-493-8000 about the bus").question

    response = admin_client.post(
        reverse("admin:events_question_change", args=[question.pk]),
        {
            "topic": "",
            "text": "Can someone call me about the bus?",
            "language": "en",
            "answer_summary": "",
        },
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.edited_at is not None, question.personal_details) == (
        "Can someone call me about the bus?",
        True,
        "",
    )


def test_the_admin_offers_no_way_to_add_a_question(admin_client):
    changelist = admin_client.get(QUESTION_CHANGELIST)
    add_page = admin_client.get(reverse("admin:events_question_add"))

    assert changelist.status_code == 200
    assert reverse("admin:events_question_add") not in changelist.content.decode()
    assert add_page.status_code == 403


def test_an_organizer_can_approve_questions_in_the_admin(client, event):
    client.force_login(UserFactory(roles=["Organizer"]))
    pending = QuestionFactory(event=event, status=QuestionStatus.PENDING)

    response = run_action(client, "approve", [pending])

    assert statuses(pending) == [QuestionStatus.APPROVED]
    assert messages_of(response) == ["1 question changed to “Approved”."]


def test_plain_staff_cannot_see_the_questions_in_the_admin(client, event):
    client.force_login(UserFactory())
    pending = QuestionFactory(event=event, status=QuestionStatus.PENDING)

    listing = client.get(QUESTION_CHANGELIST)
    action = client.post(
        QUESTION_CHANGELIST, {"action": "approve", "_selected_action": [pending.pk]}
    )

    assert (listing.status_code, action.status_code) == (403, 403)
    assert statuses(pending) == [QuestionStatus.PENDING]
