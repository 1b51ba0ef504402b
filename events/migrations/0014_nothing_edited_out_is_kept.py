"""Nothing a moderator edited out is kept, and questions keep only the hour they were sent.

Questions whose wording was edited are marked as edited; their original wording goes in the
next migration (a migration of its own: PostgreSQL will not alter a table in the transaction
that wrote its rows). Times already kept are cut to the hour."""

import events.common.times
from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Concat, Now, TruncHour


def mark_edited_and_coarsen(apps, schema_editor):
    Question = apps.get_model("events", "Question")
    Question.objects.exclude(original_text=F("text")).update(edited_at=Now())
    Question.objects.update(created_at=TruncHour("created_at"))
    # The admin's history named questions by their wording, as it was then.
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("admin", "LogEntry")
    LogEntry.objects.filter(
        content_type__in=ContentType.objects.filter(app_label="events", model="question")
    ).update(object_repr=Concat(Value("Question #"), "object_id"))


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0013_calendar_uid_unique'),
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='question',
            name='edited_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='wording edited'),
        ),
        migrations.AlterField(
            model_name='question',
            name='created_at',
            field=models.DateTimeField(default=events.common.times.this_hour, editable=False, verbose_name='sent'),
        ),
        migrations.RunPython(mark_edited_and_coarsen, migrations.RunPython.noop),
    ]
