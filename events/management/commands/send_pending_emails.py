from django.core.management.base import BaseCommand

from events.mail.sending import pending_deliveries, send_delivery


class Command(BaseCommand):
    help = "Send RSVP emails that have not gone out yet (say, the mail server was down)."

    def handle(self, *args, **options):
        sent = failed = 0
        for delivery_id in pending_deliveries().order_by("created_at").values_list("pk", flat=True):
            if send_delivery(delivery_id):
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"Sent {sent}, failed {failed}.")
