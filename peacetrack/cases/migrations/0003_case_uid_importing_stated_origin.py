"""Case.uid (stable, random identifier carried by the case file), Case.importing (a case being
imported is invisible), and the stated origin of imported notes and task progress.

uid is added in three steps so that existing cases each get their own random value."""

import secrets

from django.db import migrations, models

import peacetrack.cases.models


def fill_uids(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    # The migration's own connection (with MIGRATION_DATABASE_URL it is not "default").
    db = schema_editor.connection.alias
    for case in Case._base_manager.using(db).filter(uid__isnull=True):
        case.uid = secrets.token_hex(16)
        case.save(update_fields=["uid"], using=db)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_description_visibility")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="uid",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="case",
            name="uid",
            field=models.CharField(
                default=peacetrack.cases.models.new_case_uid,
                editable=False,
                max_length=32,
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="importing",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="tasknote",
            name="stated_author",
            field=models.CharField(blank=True, editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name="taskprogress",
            name="stated_owner",
            field=models.CharField(blank=True, editable=False, max_length=300),
        ),
        migrations.AlterModelOptions(
            name="case",
            options={"default_manager_name": "objects", "ordering": ["title", "id"]},
        ),
        migrations.AlterModelOptions(
            name="membership",
            options={"default_manager_name": "objects", "ordering": ["role", "user__email", "id"]},
        ),
    ]
