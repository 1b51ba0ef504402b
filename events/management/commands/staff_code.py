from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from events.signin import codes


class Command(BaseCommand):
    help = (
        "Set up (or replace) a staff member's authenticator app for two-step sign-in. Prints a "
        "QR code to scan with the app; any app set up earlier for the account stops working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--no-qr", action="store_true", help="Print only the key to type into the app."
        )

    def handle(self, *args, username: str, no_qr: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No staff account is called {username!r}.")
        replaced = codes.has_device(user)
        device = codes.enrol(user)
        if replaced:
            self.stdout.write(f"The app set up earlier for {username} no longer works.")
        self.stdout.write(
            f"Scan this with the authenticator app on {username}'s phone, where only they see it:"
        )
        if not no_qr:
            self.stdout.write(codes.qr_for_terminal(device))
        key = b32encode(device.bin_key).decode()
        self.stdout.write(f"Or type this key into the app: {key}")
        self.stdout.write(
            "They sign in with their password, then the six-digit code the app shows."
        )
