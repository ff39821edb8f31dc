"""Public ids (cases/public_ids.py) for invitations.

Added in three steps so that existing rows each get their own random value (a default would
give every existing row the same one)."""

from django.db import migrations, models

import peacetrack.cases.public_ids


class Migration(migrations.Migration):
    dependencies = [("invitations", "0001_initial"), ("cases", "0004_public_ids")]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.RunPython(
            peacetrack.cases.public_ids.fill_public_ids("invitations", "invitation"),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="invitation",
            name="public_id",
            field=models.CharField(
                default=peacetrack.cases.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
    ]
