"""Public ids (cases/public_ids.py) for cases, parties, members and task notes.

Added in three steps so that existing rows each get their own random value (a default would
give every existing row the same one)."""

from django.db import migrations, models

import peacetrack.cases.public_ids


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_case_uid_importing_stated_origin")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="party",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="membership",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="tasknote",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.RunPython(
            peacetrack.cases.public_ids.fill_public_ids(
                "cases", "case", "party", "membership", "tasknote"
            ),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="case",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="party",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="tasknote",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
    ]
