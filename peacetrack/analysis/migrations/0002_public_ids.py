"""Public ids (cases/public_ids.py) for every step-1 record.

Added in three steps so that existing rows each get their own random value (a default would
give every existing row the same one)."""

from django.db import migrations, models

import peacetrack.cases.public_ids


class Migration(migrations.Migration):
    dependencies = [("analysis", "0001_initial"), ("cases", "0004_public_ids")]

    operations = [
        migrations.AddField(
            model_name="actor",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="beneficiary",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="contestedissue",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="historyevent",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="institution",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="intractabilityassessment",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="leveragesource",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="mediationattempt",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="position",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="resource",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="strengthassessment",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="tie",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.RunPython(
            peacetrack.cases.public_ids.fill_public_ids(
                "analysis",
                "actor",
                "beneficiary",
                "contestedissue",
                "historyevent",
                "institution",
                "intractabilityassessment",
                "leveragesource",
                "mediationattempt",
                "position",
                "resource",
                "strengthassessment",
                "tie",
            ),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="actor",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="beneficiary",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="contestedissue",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="historyevent",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="institution",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="intractabilityassessment",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="leveragesource",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="mediationattempt",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="position",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="resource",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="strengthassessment",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="tie",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
    ]
