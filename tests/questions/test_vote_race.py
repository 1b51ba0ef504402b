"""Votes arriving all at once, on a real PostgreSQL server: the count on the question always
equals the votes stored, however many browsers vote, replay, take votes back or race a merge.
"""

from collections.abc import Callable

import pytest

from events.enums import QuestionStatus
from events.models import Question, Vote
from events.questions import rules as question_rules

from ..factories import EventFactory, QuestionFactory
from ..races import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(actions: list[Callable[[], object]]) -> list[str]:
    """Run every action at once. Each outcome, in order: "ok", or the error's name."""
    outcomes = run_together(actions)
    return [type(o).__name__ if isinstance(o, Exception) else "ok" for o in outcomes]


def vote(question, voter):
    return lambda: question_rules.vote(question.pk, question.event, voter)


def unvote(question, voter):
    return lambda: question_rules.unvote(question.pk, question.event, voter)


def stored_voters(question) -> set[str]:
    return set(Vote.objects.filter(question=question).values_list("voter", flat=True))


def keys(voters) -> set[str]:
    return {question_rules.voter_key(voter) for voter in voters}


def test_forty_browsers_voting_at_once_count_exactly_once_each(on_postgres):
    question = QuestionFactory(event=EventFactory(), status=QuestionStatus.APPROVED)
    voters = [f"browser-{n}" for n in range(30)]
    replays = voters[:10]  # a double tap, or a replayed request, racing the first

    outcomes = race([vote(question, voter) for voter in voters + replays])

    assert outcomes == ["ok"] * 40
    question.refresh_from_db()
    assert question.vote_count == 30
    assert Vote.objects.filter(question=question).count() == 30
    assert stored_voters(question) == keys(voters)


def test_votes_taken_back_while_others_vote_stay_exact(on_postgres):
    question = QuestionFactory(event=EventFactory(), status=QuestionStatus.APPROVED)
    voters = [f"browser-{n}" for n in range(30)]
    for voter in voters:
        vote(question, voter)()
    leaving = voters[:20]
    arriving = [f"browser-{n}" for n in range(30, 50)]

    outcomes = race(
        [unvote(question, voter) for voter in leaving]
        + [vote(question, voter) for voter in arriving]
    )

    assert outcomes == ["ok"] * 40
    question.refresh_from_db()
    assert question.vote_count == 30
    assert Vote.objects.filter(question=question).count() == 30
    assert stored_voters(question) == keys(voters[20:] + arriving)


def test_a_merge_racing_votes_keeps_the_count_exact(on_postgres):
    event = EventFactory()
    kept = QuestionFactory(event=event, status=QuestionStatus.APPROVED)
    duplicate = QuestionFactory(event=event, status=QuestionStatus.APPROVED)
    for voter in ["amina", "bao", "carlos"]:
        vote(kept, voter)()
    for voter in ["carlos", "dahir", "elena", "farah"]:
        vote(duplicate, voter)()
    # Some racers vote for both questions, some for one, some vote again.
    on_kept = ["dahir", "elena", *(f"new-{n}" for n in range(12))]
    on_duplicate = ["amina", "carlos", *(f"new-{n}" for n in range(6, 18))]
    voting = [(kept, voter) for voter in on_kept] + [(duplicate, voter) for voter in on_duplicate]

    outcomes = race(
        [lambda: question_rules.merge(duplicate, kept)]
        + [vote(question, voter) for question, voter in voting]
    )

    assert outcomes[0] == "ok"
    # A vote on the duplicate either landed before the merge (and moved) or was refused after.
    assert set(outcomes[1:]) <= {"ok", "NotVotable"}
    assert all(
        outcome == "ok"
        for outcome, (question, _voter) in zip(outcomes[1:], voting, strict=True)
        if question == kept
    )
    counted = {"amina", "bao", "carlos", "dahir", "elena", "farah"} | {
        voter for outcome, (_q, voter) in zip(outcomes[1:], voting, strict=True) if outcome == "ok"
    }
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert kept.vote_count == Vote.objects.filter(question=kept).count()
    assert stored_voters(kept) == keys(counted)
    assert kept.vote_count == len(counted)
    assert (kept.merged_count, kept.status) == (1, QuestionStatus.APPROVED)
    assert (duplicate.status, duplicate.merged_into, duplicate.vote_count) == (
        QuestionStatus.MERGED,
        kept,
        0,
    )
    assert Vote.objects.filter(question=duplicate).count() == 0
    assert Question.objects.filter(event=event).count() == 2
