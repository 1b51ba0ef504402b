"""The question rules: asking, moderation, votes and merging. Every caller goes through these.

Questions are anonymous: nothing stored here points to a person. A voter is a random id
from a cookie, kept only as a keyed hash.

Locks, always in this order (events.common.locking): the forum, then its questions, lowest
id first. Asking and moderating take the forum; a vote takes only its question, so votes
never queue behind RSVPs.
"""

import datetime
import enum
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from ..common import audit
from ..common.errors import RuleError
from ..common.locking import lock_event
from ..enums import AuditAction, EventStatus, QuestionStatus
from ..models import Event, Question, Topic, Vote
from .personal_details import find_personal_details

# The same words sent again within this time are saved once (a double tap, a reload).
DUPLICATE_WINDOW = datetime.timedelta(minutes=10)

# Which moderation step may follow which. Merged is final.
TRANSITIONS = {
    QuestionStatus.PENDING: {QuestionStatus.APPROVED, QuestionStatus.REJECTED},
    QuestionStatus.APPROVED: {
        QuestionStatus.REJECTED,
        QuestionStatus.ANSWERING,
        QuestionStatus.ANSWERED,
    },
    QuestionStatus.REJECTED: {QuestionStatus.APPROVED},
    QuestionStatus.ANSWERING: {QuestionStatus.ANSWERED, QuestionStatus.APPROVED},
    QuestionStatus.ANSWERED: {QuestionStatus.APPROVED, QuestionStatus.ANSWERING},
    QuestionStatus.MERGED: set(),
}
VOTABLE = {QuestionStatus.APPROVED, QuestionStatus.ANSWERING}


class QuestionError(RuleError):
    pass


class QuestionsClosed(QuestionError):
    def __init__(self, event: Event):
        super().__init__(closed_message(event))


def opening_notice(event: Event, now=None) -> str:
    """ "Questions open at <time> on <date>." while a published forum's questions are still
    to open (in the site's time zone and the reader's formats), otherwise "". The time comes
    first: in English it ends in "a.m." or "p.m.", and the sentence's own period would double."""
    opens = event.questions_open_at
    if event.status != EventStatus.PUBLISHED or not opens or opens <= (now or timezone.now()):
        return ""
    local = timezone.localtime(opens)
    return _("Questions open at %(time)s on %(date)s.") % {
        "date": date_format(local, "DATE_FORMAT"),
        "time": time_format(local, "TIME_FORMAT"),
    }


def closed_message(event: Event) -> str:
    """Why a forum takes no questions now: when they open, or that they are closed."""
    return opening_notice(event) or str(_("Questions for this event are closed."))


class NotVotable(QuestionError):
    """The question is not open for votes (not approved, merged, or another event's)."""

    def __init__(self):
        super().__init__(_("You can only vote for approved questions."))


class BadTransition(QuestionError):
    def __init__(self, current, wanted):
        super().__init__(
            _("A question that is “%(current)s” cannot become “%(wanted)s”.")
            % {"current": current.label, "wanted": wanted.label}
        )


class CannotMerge(QuestionError):
    def __init__(self, message):
        super().__init__(message)


class Asked(enum.Enum):
    CREATED = "created"
    DUPLICATE = "duplicate"  # the same words were sent moments ago: nothing new was saved


@dataclass(frozen=True)
class AskResult:
    question: Question
    outcome: Asked


def voter_key(voter_id: str) -> str:
    """What is stored for a voter: a keyed hash of the cookie's random id."""
    return salted_hmac("events.vote", voter_id, algorithm="sha256").hexdigest()


def _duplicate_key(event: Event, text: str) -> str:
    """Where the cache remembers a question's words for DUPLICATE_WINDOW: a keyed hash, never
    the words, and never a column, so nothing outlives the window (not even a hash someone
    could test guesses against)."""
    normal = " ".join(text.casefold().split())
    digest = salted_hmac("events.question", f"{event.pk}:{normal}", algorithm="sha256")
    return f"question-sent:{digest.hexdigest()}"


def was_just_asked(event: Event, text: str) -> bool:
    """The same words were sent to this forum within DUPLICATE_WINDOW."""
    return cache.get(_duplicate_key(event, text.strip())) is not None


def ask(event: Event, *, text: str, topic: Topic | None, language: str) -> AskResult:
    """Save a question for review. Personal details found in it are flagged for moderators
    (the form has already shown them to the resident, who chose to send it anyway)."""
    if not event.questions_are_open():
        raise QuestionsClosed(event)
    if topic is not None and topic.event_id != event.pk:
        raise QuestionError(_("Choose one of this event's topics."))
    text = text.strip()
    key = _duplicate_key(event, text)
    with transaction.atomic():
        # Two copies sent at the same moment take turns, so only the first is saved.
        lock_event(event.pk)
        recent = event.questions.filter(pk=cache.get(key)).first()
        if recent:
            return AskResult(recent, Asked.DUPLICATE)
        question = Question.objects.create(
            event=event,
            topic=topic,
            text=text,
            language=language,
            personal_details=_detail_kinds(text),
        )
        cache.set(key, question.pk, timeout=DUPLICATE_WINDOW.total_seconds())
    return AskResult(question, Asked.CREATED)


def moderate(question: Question, status: QuestionStatus, *, by=None) -> Question:
    """Move a question to a new status, if that step is allowed. Only one question per event
    is "now answering": starting another marks the previous one answered."""
    status = QuestionStatus(status)
    with transaction.atomic():
        # The event, then the question (the lock order): two moderators pressing "Now
        # answering" at once take turns.
        lock_event(question.event_id)
        question = Question.objects.select_for_update().get(pk=question.pk)
        current = QuestionStatus(question.status)
        if status == current:
            return question
        if status not in TRANSITIONS[current]:
            raise BadTransition(current, status)
        now = timezone.now()
        if status == QuestionStatus.ANSWERING:
            question.event.questions.filter(status=QuestionStatus.ANSWERING).update(
                status=QuestionStatus.ANSWERED, answered_at=now
            )
        question.status = status
        question.moderated_at = question.moderated_at or now
        if status == QuestionStatus.ANSWERED:
            question.answered_at = now
        question.save(update_fields=["status", "moderated_at", "answered_at"])
        audit.record(
            by, AuditAction.MODERATE, event=question.event, count=1,
            detail=f"#{question.pk} {status}",
        )  # fmt: skip
        return question


def edit_wording(question: Question, text: str, *, by=None) -> Question:
    """Change the wording (say, to take out a name). What was taken out is kept nowhere: not
    here, not in the audit log, and the duplicate check kept only a keyed hash for minutes."""
    text = text.strip()
    if text == Question.objects.values_list("text", flat=True).get(pk=question.pk):
        return question
    question.text = text
    question.personal_details = _detail_kinds(text)
    question.edited_at = timezone.now()
    question.save(update_fields=["text", "personal_details", "edited_at"])
    audit.record(
        by, AuditAction.MODERATE, event=question.event, count=1, detail=f"#{question.pk} edited"
    )
    return question


def vote(question_id: int, event: Event, voter_id: str) -> Question:
    """Add one browser's vote. Voting twice counts once."""
    with transaction.atomic():
        question = _lock_votable(question_id, event)
        try:
            with transaction.atomic():
                Vote.objects.create(question=question, voter=voter_key(voter_id))
        except IntegrityError:
            return question  # already voted: a replayed or double-clicked vote
        Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
        question.refresh_from_db(fields=["vote_count"])
        return question


def unvote(question_id: int, event: Event, voter_id: str) -> Question:
    with transaction.atomic():
        question = _lock_votable(question_id, event)
        deleted, _ = Vote.objects.filter(question=question, voter=voter_key(voter_id)).delete()
        if deleted:
            Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") - 1)
            question.refresh_from_db(fields=["vote_count"])
        return question


def voted_ids(questions, voter_id: str | None) -> set[int]:
    """Which of these questions this browser has voted for (one query)."""
    if not voter_id:
        return set()
    return set(
        Vote.objects.filter(question__in=questions, voter=voter_key(voter_id)).values_list(
            "question_id", flat=True
        )
    )


def merge(duplicate: Question, into: Question, *, by=None) -> Question:
    """Fold a duplicate into another question of the same event. Its votes move over (a
    voter who voted for both counts once) and the kept question counts what was merged."""
    if duplicate.pk == into.pk:
        raise CannotMerge(_("A question cannot be merged into itself."))
    with transaction.atomic():
        lock_event(duplicate.event_id)
        locked = {
            q.pk: q
            for q in Question.objects.select_for_update()
            .filter(pk__in=[duplicate.pk, into.pk])
            .order_by("pk")
        }
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        if duplicate.event_id != into.event_id:
            raise CannotMerge(_("Questions from different events cannot be merged."))
        if QuestionStatus.MERGED in {duplicate.status, into.status}:
            raise CannotMerge(_("This question was already merged."))
        kept_voters = into.votes.values("voter")
        duplicate.votes.filter(voter__in=kept_voters).delete()
        duplicate.votes.update(question=into)
        duplicate.merged_questions.update(merged_into=into)
        into.vote_count = into.votes.count()
        into.merged_count += 1 + duplicate.merged_count
        into.save(update_fields=["vote_count", "merged_count"])
        duplicate.status = QuestionStatus.MERGED
        duplicate.merged_into = into
        duplicate.vote_count = 0
        duplicate.moderated_at = duplicate.moderated_at or timezone.now()
        duplicate.save(update_fields=["status", "merged_into", "vote_count", "moderated_at"])
        audit.record(
            by, AuditAction.MERGE, event=into.event, count=1,
            detail=f"#{duplicate.pk} into #{into.pk}",
        )  # fmt: skip
        return into


def _lock_votable(question_id: int, event: Event) -> Question:
    question = (
        Question.objects.select_for_update()
        .filter(pk=question_id, event=event, status__in=VOTABLE)
        .first()
    )
    if question is None:
        raise NotVotable()
    return question


def _detail_kinds(text: str) -> str:
    kinds = []
    for finding in find_personal_details(text):
        if finding.kind.value not in kinds:
            kinds.append(finding.kind.value)
    return ",".join(kinds)
