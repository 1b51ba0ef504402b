from django.core.management.base import BaseCommand
from django.utils import timezone

from events.forums.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo forum (next February 19 at Brooklyn Park City Hall). Safe to run again."

    def handle(self, *args, **options):
        event, created = load_demo()
        verb = "Created" if created else "Already there"
        starts = timezone.localtime(event.starts_at)
        url = event.get_absolute_url()
        self.stdout.write(f"{verb}: {event.title}, {starts:%Y-%m-%d %H:%M} ({url})")
