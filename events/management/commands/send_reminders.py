from django.core.management.base import BaseCommand

from events.mail.messaging import send_reminders


class Command(BaseCommand):
    help = (
        "Email a reminder to everyone with a seat whose forum starts within REMINDER_HOURS. "
        "Run it from cron every few minutes: nobody ever gets a reminder twice."
    )

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write("Sent 1 reminder." if count == 1 else f"Sent {count} reminders.")
