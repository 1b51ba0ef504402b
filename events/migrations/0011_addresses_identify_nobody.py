"""An address no longer identifies an RSVP (the one-RSVP-per-address rule goes), each RSVP
gets its own calendar UID (filled in by the next migration, then made unique), held-back
emails and "this was not me" opt-outs, and a forum can show coarse seat counts."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0010_outbox_cleanup'),
    ]

    operations = [
        migrations.CreateModel(
            name='EmailOptOut',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('address_key', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.RemoveConstraint(
            model_name='rsvp',
            name='rsvp_one_active_per_email',
        ),
        migrations.AddField(
            model_name='event',
            name='seat_display',
            field=models.CharField(choices=[('exact', 'The number of seats left'), ('coarse', 'Only “seats available”, “few seats left” or “full”')], default='exact', help_text='The exact number lets anyone watch it move when someone RSVPs. Coarse shows only “seats available”, “few seats left” or “full”.', max_length=10, verbose_name='seats shown to the public'),
        ),
        migrations.AddField(
            model_name='rsvp',
            name='calendar_uid',
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.AlterField(
            model_name='emaildelivery',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting to be sent'), ('sent', 'Sent'), ('failed', 'Failed'), ('skipped', 'Not sent'), ('suppressed', 'Held back')], default='pending', max_length=20),
        ),
        migrations.AddIndex(
            model_name='rsvp',
            index=models.Index(fields=['event', 'email'], name='events_rsvp_event_i_7d06ac_idx'),
        ),
        migrations.AddField(
            model_name='emailoptout',
            name='event',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='email_opt_outs', to='events.event'),
        ),
        migrations.AddConstraint(
            model_name='emailoptout',
            constraint=models.UniqueConstraint(fields=('event', 'address_key'), name='email_opt_out_once_per_address'),
        ),
    ]
