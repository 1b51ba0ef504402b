"""Old names of the background tasks.

Each task now sits beside the function it runs, in events.mail.sending. Rows that django-tasks-db
queued before the move name the tasks by these paths, so they must keep resolving here.
"""

from .mail.sending import send_email, send_message_batch

send_rsvp_email = send_email

__all__ = ["send_message_batch", "send_rsvp_email"]
