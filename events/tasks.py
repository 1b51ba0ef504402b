"""Old names of the background tasks.

Each task now sits beside the function it runs, in events.mail. Rows that django-tasks-db
queued before the move name the tasks by these paths, so they must keep resolving here.
"""

from .mail.messaging import send_message_batch
from .mail.sending import send_rsvp_email

__all__ = ["send_message_batch", "send_rsvp_email"]
