"""One outbox for every email: staff messages' deliveries join the RSVP emails' table, and
each email gets a status, a time for its next try, and (for messages) the message it carries.

Emails that had failed were tried again by cron (RSVP emails) or never (messages); from here
on both are tried again with backoff until they are sent or have failed for good.
"""

import django.db.models.deletion
from django.db import migrations, models


# Errors that were never the mail server's: the email was not to be sent at all.
NOT_SENT = {"no address", "emails stopped"}


def one_outbox(apps, schema_editor):
    EmailDelivery = apps.get_model("events", "EmailDelivery")
    MessageDelivery = apps.get_model("events", "MessageDelivery")
    EmailDelivery.objects.filter(sent_at__isnull=False).update(status="sent")
    EmailDelivery.objects.filter(sent_at__isnull=True, error__in=NOT_SENT).update(status="skipped")
    EmailDelivery.objects.bulk_create(
        EmailDelivery(
            rsvp_id=old.rsvp_id,
            kind="message",
            message_id=old.message_id,
            created_at=old.message.created_at,
            sent_at=old.sent_at,
            status="sent" if old.sent_at else "skipped" if old.error in NOT_SENT else "pending",
            attempts=1 if old.sent_at or old.failed_at else 0,
            error=old.error,
            claimed_at=old.claimed_at if old.sent_at else None,
        )
        for old in MessageDelivery.objects.select_related("message").iterator()
    )



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
        migrations.RunPython(one_outbox, migrations.RunPython.noop),
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
