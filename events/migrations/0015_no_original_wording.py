"""The original wording of edited questions, and the stored duplicate-check hashes, go."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0014_nothing_edited_out_is_kept'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='question',
            name='fingerprint',
        ),
        migrations.RemoveField(
            model_name='question',
            name='original_text',
        ),
    ]
