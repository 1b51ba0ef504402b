"""One outbox for every email, step 3 of 3: the old table of message deliveries, and the
columns the outbox no longer needs, go; its constraints arrive."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0009_outbox_rows'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='messagedelivery',
            name='message_once_per_rsvp',
        ),
        migrations.RemoveIndex(
            model_name='emaildelivery',
            name='events_emai_sent_at_d2e09e_idx',
        ),
        migrations.RemoveField(
            model_name='message',
            name='failed_count',
        ),
        migrations.RemoveField(
            model_name='message',
            name='sent_count',
        ),
        migrations.RemoveField(
            model_name='emaildelivery',
            name='failed_at',
        ),
        migrations.DeleteModel(
            name='MessageDelivery',
        ),
        migrations.AddIndex(
            model_name='emaildelivery',
            index=models.Index(fields=['status', 'next_attempt_at'], name='events_emai_status_2fad8c_idx'),
        ),
        migrations.AddConstraint(
            model_name='emaildelivery',
            constraint=models.UniqueConstraint(condition=models.Q(('message__isnull', False)), fields=('message', 'rsvp'), name='message_once_per_rsvp'),
        ),
        migrations.AddConstraint(
            model_name='emaildelivery',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'message'), ('message__isnull', False)), models.Q(models.Q(('kind', 'message'), _negated=True), ('message__isnull', True)), _connector='OR'), name='emaildelivery_message_only_for_messages'),
        ),
    ]
