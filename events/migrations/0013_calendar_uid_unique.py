"""Calendar UIDs, now that every RSVP has one, are unique and made for every new RSVP. A
migration of its own: PostgreSQL will not alter a table in the transaction that wrote it."""

import events.models.rsvp
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0012_calendar_uids'),
    ]

    operations = [
        migrations.AlterField(
            model_name='rsvp',
            name='calendar_uid',
            field=models.CharField(default=events.models.rsvp.new_calendar_uid, editable=False, max_length=32, unique=True),
        ),
    ]
