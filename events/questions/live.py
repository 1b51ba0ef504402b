"""The night, live: what a forum's page and its live page show while the forum is on.

Everyone sees the same thing (nothing here depends on a visitor), so the block is kept for
everyone, cookies or not, like the forum page (events.forums.page_cache).
"""

import enum

from django.utils import timezone

from ..enums import EventStatus, QuestionStatus
from ..models import Event

REFRESH_SECONDS = 10  # live.js asks again this often; the kept block lives 5 s
UP_NEXT = 5


class Phase(enum.StrEnum):
    SOON = "soon"
    ON = "on"
    ENDED = "ended"
    CANCELLED = "cancelled"


POLLED = {Phase.SOON, Phase.ON}  # live.js stops asking once the forum is over


def phase(event: Event, now=None) -> Phase:
    now = now or timezone.now()
    if event.status == EventStatus.CANCELLED:
        return Phase.CANCELLED
    if now < event.starts_at:
        return Phase.SOON
    return Phase.ON if now < event.ends_at else Phase.ENDED


def live_context(event: Event, now=None) -> dict:
    """The live block's context: two queries while the forum is on, none otherwise."""
    current = phase(event, now)
    context = {
        "live_phase": current.value,
        "live_polled": current in POLLED,
        "live_refresh_ms": int(REFRESH_SECONDS * 1000),
    }
    if current == Phase.ON:
        questions = event.questions.most_wanted()
        context["now_answering"] = questions.filter(status=QuestionStatus.ANSWERING).first()
        context["up_next"] = list(questions.filter(status=QuestionStatus.APPROVED)[:UP_NEXT])
    return context
