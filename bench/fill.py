"""The bench's data, written straight into its database with bulk_create (fast, and outside
any rule a resident's request goes through). Run inside the site by bench/speed.py, one
command at a time (`python bench/in_site.py fill COMMAND ...`); each returns what it made:

    organizer            an organizer's user, password and TOTP key
    questions SLUG N     N questions, in QUESTION_MIX, with their votes
    rsvps SLUG N         N RSVPs (the forum's room grows to hold them)
    forget-posts SLUG    delete the RSVPs the POST runs made
    tokens SLUG N FILE   N RSVP form tokens, one a line
    count SLUG           the forum's RSVPs by status
    export-forum N       a forum of its own with N questions
"""

import datetime
import random
import secrets
import time
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.db.models import Count
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from visitors import POSTED_NAME

from events.common import form_tokens, times
from events.enums import QuestionLanguage, QuestionStatus, RsvpStatus
from events.forums.demo import demo_event_fields
from events.models import Event, Question, Rsvp, Topic, Vote
from events.models.rsvp import RSVP_CODE_ALPHABET, RSVP_CODE_LENGTH
from events.roles import ORGANIZER
from events.rsvps.forms import RsvpForm

BATCH = 5000
# Of a big forum's questions: most reviewed and approved, a quarter still waiting.
QUESTION_MIX = [
    (QuestionStatus.APPROVED, 0.60),
    (QuestionStatus.ANSWERED, 0.05),
    (QuestionStatus.PENDING, 0.25),
    (QuestionStatus.REJECTED, 0.10),
]
# Of a big forum's RSVPs: nine in ten hold seats, one in ten was cancelled. The room is made
# large enough for them, with a few seats left over.
CANCELLED_SHARE = 0.1
SEATS_LEFT = 300
# Questions are made of these, a few to a dozen at random: 30 to 500 characters.
PHRASES = (
    "what rights do I have",
    "if immigration agents come to my home",
    "or to my work or my children's school",
    "and what should my family do",
    "when the federal rules change again",
    "can the city police ask about status",
    "how long does a work permit renewal take now",
    "is it safe to travel with a pending asylum case",
    "where can we find a lawyer who does not cost much",
    "and will a court hearing be moved",
)
SPANISH = "¿Qué pasa con mi permiso de trabajo si cambia la política? Gracias por la información."
rng = random.Random(22)


def question_text() -> str:
    if rng.random() < 0.1:
        return SPANISH
    phrases = rng.choices(PHRASES, k=rng.randint(1, 12))
    return " ".join(phrases).capitalize() + "?"


def votes() -> int:
    return min(int(rng.paretovariate(1.2)) - 1, 2000)  # a few questions draw most votes


def _question(event: Event, topics: list, status: str, hour: datetime.datetime) -> Question:
    public = status in QuestionStatus.public()
    return Question(
        event=event,
        topic=rng.choice(topics),
        text=question_text(),
        language=rng.choice([QuestionLanguage.ENGLISH] * 9 + [QuestionLanguage.SPANISH]),
        status=status,
        vote_count=votes() if public else 0,
        created_at=hour,
        moderated_at=None if status == QuestionStatus.PENDING else hour,
        answered_at=hour if status == QuestionStatus.ANSWERED else None,
    )


def add_questions(event: Event, count: int, *, with_votes: bool = True) -> int:
    """`count` questions in QUESTION_MIX, sent over the last weeks, with a Vote row for each
    vote counted (each from a voter of its own)."""
    topics = [*event.topics.all(), None]
    statuses = [status for status, _share in QUESTION_MIX]
    weights = [share for _status, share in QUESTION_MIX]
    now = times.this_hour()
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        batch = [
            _question(event, topics, status, now - datetime.timedelta(hours=rng.randint(0, 600)))
            for status in rng.choices(statuses, weights, k=size)
        ]
        Question.objects.bulk_create(batch)
        if with_votes:
            _add_votes(batch)
        made += size
    return made


def _add_votes(questions: list[Question]) -> None:
    rows = [
        Vote(question=question, voter=secrets.token_hex(32))
        for question in questions
        for _vote in range(question.vote_count)
    ]
    Vote.objects.bulk_create(rows, batch_size=BATCH)


def _codes(event: Event, count: int) -> list[str]:
    taken = set(event.rsvps.values_list("code", flat=True))
    codes: set[str] = set()
    while len(codes) < count:
        code = "".join(rng.choices(RSVP_CODE_ALPHABET, k=RSVP_CODE_LENGTH))
        if code not in taken:
            codes.add(code)
    return list(codes)


def add_rsvps(event: Event, count: int) -> dict:
    """`count` RSVPs made over the last weeks: parties of one or two, most with an address."""
    now = timezone.now()
    rows = []
    for number, code in enumerate(_codes(event, count)):
        cancelled = rng.random() < CANCELLED_SHARE
        rows.append(
            Rsvp(
                event=event,
                name=f"Resident {number}",
                email=f"resident{number}@example.org" if rng.random() < 0.6 else "",
                party_size=rng.choice([1, 1, 1, 2]),
                status=RsvpStatus.CANCELLED if cancelled else RsvpStatus.CONFIRMED,
                code=code,
                created_at=now - datetime.timedelta(minutes=rng.randint(0, 40_000)),
            )
        )
    Rsvp.objects.bulk_create(rows, batch_size=BATCH)
    event.capacity = event.rsvps.seats_taken() + SEATS_LEFT
    event.save(update_fields=["capacity"])
    return {"rsvps": count, "capacity": event.capacity}


def organizer() -> dict:
    password = secrets.token_urlsafe(24)
    user = User.objects.create_user("bench-organizer", password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANIZER))
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return {"username": user.username, "password": password, "totp_key": device.key}


def tokens(event: Event, count: int, path: str) -> dict:
    """RSVP form tokens as the forum page makes them, opened a minute ago (as if a person had
    filled the form in), so the RSVP_MIN_SECONDS check passes as it would for a person."""
    opened_at = time.time() - 60
    minted = (
        form_tokens.new_token(RsvpForm.signed_for, event, opened_at=opened_at) for _ in range(count)
    )
    Path(path).write_text("\n".join(minted) + "\n")
    return {"tokens": count}


def count(event: Event) -> dict:
    by_status = event.rsvps.values_list("status").annotate(n=Count("pk")).order_by()
    return dict(by_status)


def export_forum(questions: int) -> dict:
    event = Event.objects.create(
        **demo_event_fields(timezone.localdate()) | {"slug": "bench-exports"}
    )
    for position, name in enumerate(["Rights", "Work and school", "City services"]):
        Topic.objects.create(event=event, name=name, position=position)
    add_questions(event, questions, with_votes=False)
    return {"slug": event.slug, "questions": event.questions.count()}


def main(command: str, *args: str) -> dict:
    if command == "organizer":
        return organizer()
    if command == "export-forum":
        return export_forum(int(args[0]))
    event = Event.objects.get(slug=args[0])
    if command == "questions":
        return {"questions": add_questions(event, int(args[1]))}
    if command == "rsvps":
        return add_rsvps(event, int(args[1]))
    if command == "forget-posts":
        return {"deleted": event.rsvps.filter(name=POSTED_NAME).delete()[0]}
    if command == "tokens":
        return tokens(event, int(args[1]), args[2])
    if command == "count":
        return count(event)
    raise SystemExit(f"unknown command {command!r}\n{__doc__}")
