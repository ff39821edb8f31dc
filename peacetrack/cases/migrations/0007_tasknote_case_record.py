"""TaskNote on the record core (cases/records.py): its constraint takes the common name, its
created_at a default (an import sets it), its task key is set by the service."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_membership_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='tasknote',
            name='note_party_visibility_has_party',
        ),
        migrations.AlterField(
            model_name='tasknote',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.case'),
        ),
        migrations.AlterField(
            model_name='tasknote',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name='tasknote',
            name='task_key',
            field=models.CharField(db_index=True, editable=False, max_length=10),
        ),
        migrations.AddConstraint(
            model_name='tasknote',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='cases_tasknote_visibility_has_party'),
        ),
    ]
