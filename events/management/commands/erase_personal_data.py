from django.core.management.base import BaseCommand
from django.utils import timezone

from events.cockpit import workbooks
from events.rsvps import retention
from events.signin.records import RECORDS_KEPT_DAYS, forget_old_records


def _rsvps(count: int) -> str:
    return f"{count} RSVP" if count == 1 else f"{count} RSVPs"


class Command(BaseCommand):
    help = (
        "Erase RSVPs' names, emails and notes for forums that ended more than "
        "PERSONAL_DATA_RETENTION_DAYS days ago, staff sign-in records older than 30 days and "
        "prepared Excel files older than 24 hours. "
        "Safe to run from cron as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be erased; change nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        erasures = retention.due() if dry_run else retention.erase_due()
        verb = "Would erase" if dry_run else "Erased"
        for erasure in erasures:
            ended = timezone.localdate(erasure.event.ends_at).isoformat()
            self.stdout.write(
                f"{verb} {_rsvps(erasure.rsvps)} of “{erasure.event.title}” (ended {ended})."
            )
        if not erasures:
            self.stdout.write("Nothing to erase.")
        elif not dry_run:
            total = sum(erasure.rsvps for erasure in erasures)
            events = "1 event" if len(erasures) == 1 else f"{len(erasures)} events"
            self.stdout.write(f"Erased {_rsvps(total)} of {events}.")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
            return
        if forgotten := forget_old_records():
            self.stdout.write(
                f"Deleted {forgotten} sign-in records older than {RECORDS_KEPT_DAYS} days."
            )
        if deleted := workbooks.forget_old():
            self.stdout.write(f"Deleted {deleted} prepared Excel files older than 24 hours.")
