"""One outbox for every email, step 1 of 3: the columns the outbox needs (a status, a time
for the next try, the staff message an email carries). The steps are three migrations, not
one: PostgreSQL refuses to alter a table in the transaction that just wrote rows to it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0007_question_labels'),
    ]

    operations = [
        migrations.AddField(
            model_name='emaildelivery',
            name='message',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='events.message'),
        ),
        migrations.AddField(
            model_name='emaildelivery',
            name='next_attempt_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='emaildelivery',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting to be sent'), ('sent', 'Sent'), ('failed', 'Failed'), ('skipped', 'Not sent')], default='pending', max_length=20),
        ),
        migrations.AlterField(
            model_name='emaildelivery',
            name='kind',
            field=models.CharField(choices=[('confirmed', 'Confirmation'), ('waitlisted', 'Waitlist notice'), ('promoted', 'Promotion notice'), ('changed', 'Change notice'), ('cancelled', 'Cancellation notice'), ('manage_link', 'Manage link'), ('reminder', 'Reminder'), ('message', 'Message from staff')], max_length=20),
        ),
    ]
