"""Every RSVP made before gets its own random calendar UID."""

import secrets

from django.db import migrations


def give_each_rsvp_a_calendar_uid(apps, schema_editor):
    Rsvp = apps.get_model("events", "Rsvp")
    for rsvp in Rsvp.objects.filter(calendar_uid__isnull=True).only("pk").iterator():
        Rsvp.objects.filter(pk=rsvp.pk).update(calendar_uid=secrets.token_hex(16))


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0011_addresses_identify_nobody'),
    ]

    operations = [
        migrations.RunPython(give_each_rsvp_a_calendar_uid, migrations.RunPython.noop),
    ]
