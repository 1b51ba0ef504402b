"""One outbox for every email, step 2 of 3: staff messages' deliveries join the RSVP emails,
and each email gets its status. Emails that had failed were tried again by cron (RSVP emails)
or never (messages); from here on both are tried again until they are sent or have failed
for good."""

from django.db import migrations

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
        ('events', '0008_outbox_fields'),
    ]

    operations = [
        migrations.RunPython(one_outbox, migrations.RunPython.noop),
    ]
