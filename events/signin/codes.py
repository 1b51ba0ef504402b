"""Two-factor sign-in for staff: a password, then a six-digit code from an authenticator app
(TOTP, through django-otp). Who must use one: superusers and anyone who can read or export
attendee lists, whenever settings.STAFF_TWO_FACTOR is on (by default, whenever debug is off)."""

import io

import segno
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"
# Permissions that open residents' names and needs: their holders need a code.
READS_ATTENDEES = ("events.view_rsvp", "events.export_rsvp")


def needs_code(user: AbstractBaseUser) -> bool:
    if not settings.STAFF_TWO_FACTOR or not user.is_authenticated:
        return False
    return user.is_superuser or any(user.has_perm(perm) for perm in READS_ATTENDEES)


def has_device(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def enrol(user: AbstractBaseUser) -> TOTPDevice:
    """Give the user a new authenticator key; any earlier one stops working (a lost phone)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def qr_for_terminal(device: TOTPDevice) -> str:
    """The device's otpauth:// link as a QR code made of text, to scan off a terminal."""
    out = io.StringIO()
    segno.make(device.config_url, error="m").terminal(out=out, compact=True)
    return out.getvalue()
