from django.core.management.base import BaseCommand

from events.enums import DeliveryStatus
from events.mail.sending import send_pending


class Command(BaseCommand):
    help = (
        "Send the emails that are due: new ones a worker has not sent yet, and retries of "
        "those that failed (the mail server was down). Run it from cron every few minutes."
    )

    def handle(self, *args, **options):
        outcomes = send_pending()
        failed = outcomes[DeliveryStatus.PENDING] + outcomes[DeliveryStatus.FAILED]
        self.stdout.write(f"Sent {outcomes[DeliveryStatus.SENT]}, failed {failed}.")
