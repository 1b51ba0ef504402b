"""The models of the one `events` app, a module per subject. Import them from here.

The migrations name `events.models.new_manage_token` and `events.models.validate_site_language`
(a field default and a validator), so those two must stay importable from this package.
"""

from .audit import AuditEntry
from .event import MAX_PARTY_SIZE_LIMIT, Event, EventTranslation, validate_site_language
from .export import PreparedExport
from .feedback import Feedback
from .mail import EmailDelivery, EmailOptOut, Message
from .question import MOST_WANTED, Question, Topic, TopicTranslation, Vote
from .rsvp import Rsvp, new_manage_token, new_rsvp_code

__all__ = [
    "MAX_PARTY_SIZE_LIMIT",
    "MOST_WANTED",
    "AuditEntry",
    "EmailDelivery",
    "EmailOptOut",
    "Event",
    "EventTranslation",
    "Feedback",
    "Message",
    "PreparedExport",
    "Question",
    "Rsvp",
    "Topic",
    "TopicTranslation",
    "Vote",
    "new_manage_token",
    "new_rsvp_code",
    "validate_site_language",
]
