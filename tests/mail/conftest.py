"""The mail server as the outbox meets it: a real SMTP server that can be down (nothing
listening on its port) and then back, and time passing until a retry is due."""

import datetime
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.db.models import F
from django.utils import timezone

from events.enums import RsvpStatus
from events.models import EmailDelivery
from events.rsvps import rules

from ..factories import RsvpFactory


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailServer:
    """An SMTP server on one port of this machine. Until up() nothing listens there, so the
    real SMTP backend gets "connection refused", as from a mail server that is down."""

    def __init__(self, settings):
        self.port = free_port()
        self.received = []  # (recipients, message) of each email that arrived
        self._controller = None
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 2},
            }
        }

    def up(self):
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def down(self):
        if self._controller:
            self._controller.stop()
            self._controller = None

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"

    def recipients(self) -> list[str]:
        return sorted(address for rcpt_tos, _message in self.received for address in rcpt_tos)


@pytest.fixture
def mail_server(settings):
    """Down until the test calls up()."""
    server = MailServer(settings)
    yield server
    server.down()


def minutes_pass(minutes: int) -> None:
    """For the outbox, the same as `minutes` going by: every retry comes that much closer."""
    EmailDelivery.objects.filter(next_attempt_at__isnull=False).update(
        next_attempt_at=F("next_attempt_at") - datetime.timedelta(minutes=minutes)
    )


def listed(rsvp) -> list[str]:
    """How a per-address email (reminder, message, lost links) names one of its RSVPs."""
    seats = "a seat for 1 person" if rsvp.party_size == 1 else f"seats for {rsvp.party_size} people"
    return [
        f"RSVP {rsvp.code}: {seats}.",
        f"Its private link (do not share it): https://forum.example.org/rsvp/{rsvp.manage_token}/",
    ]


def stop_and_not_me(rsvp) -> list[str]:
    """The end of every reminder and staff message: the stop link, then "Didn't RSVP?"."""
    return [
        "To get no more reminders or messages about this forum, open this link:",
        f"https://forum.example.org/rsvp/{rsvp.manage_token}/stop-emails/",
        "",
        "Didn't RSVP? You can cancel it here, and we won't email this address about this "
        "forum again:",
        f"https://forum.example.org/rsvp/{rsvp.manage_token}/not-me/",
        "",
        "",
    ]


def stoppable_headers(rsvp) -> dict[str, str]:
    """The headers of an email the resident can stop (one click in their mail program)."""
    return {
        "Auto-Submitted": "auto-generated",
        "List-Unsubscribe": f"<https://forum.example.org/rsvp/{rsvp.manage_token}/stop-emails/>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058
    }


def resident(event, name, status=RsvpStatus.CONFIRMED, **fields):
    """An RSVP of `name`, whose address is name@example.org unless given."""
    fields.setdefault("email", f"{name.lower()}@example.org")
    return RsvpFactory(event=event, name=name, status=status, **fields)


def every_kind_of_resident(event) -> None:
    """One RSVP of each kind an email may or may not reach: erased, with a seat, waitlisted,
    cancelled, without an address, and one who stopped emails."""
    rules.erase_rsvp(resident(event, "Farah"))
    resident(event, "Amina")
    resident(event, "Bao", status=RsvpStatus.WAITLISTED)
    resident(event, "Carlos", status=RsvpStatus.CANCELLED)
    resident(event, "Dahir", email="")
    resident(event, "Elena", emails_stopped_at=timezone.now())


def recipients_of(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)
