"""The record core (cases/records.py): every step-1 row stores the task it serves (backfilled
here), import may set created_at, and each table gets the party-visibility check constraint."""

import django.utils.timezone
from django.db import migrations, models

# The task each existing row serves, as the models' assigned_task() answered it when this
# migration was written (frozen here: a migration must not follow later code).
TASKS = {
    "beneficiary": "1.1.2",
    "contestedissue": "1.1.1",
    "historyevent": "1.1.1",
    "institution": "1.3.1",
    "intractabilityassessment": "1.3.2",
    "leveragesource": "1.4.2",
    "mediationattempt": "3.3.1",
    "position": "1.1.2",
    "resource": "1.4.1",
    "strengthassessment": "1.4.2",
    "tie": "1.2.1",
}
ACTOR_TASKS = {
    "1.2.1": [
        "conflict_party",
        "political_wing",
        "military_wing",
        "faction",
        "top_leader",
        "mid_leader",
    ],
    "1.2.2": ["civil_society", "populace_group"],
    "1.2.3": ["state", "international_org"],
    "1.2.4": ["diaspora", "ingo", "media", "other"],
}


def backfill_task_keys(apps, schema_editor):
    db = schema_editor.connection.alias  # with MIGRATION_DATABASE_URL it is not "default"
    for name, task_key in TASKS.items():
        apps.get_model("analysis", name)._base_manager.using(db).update(task_key=task_key)
    actors = apps.get_model("analysis", "actor")._base_manager.using(db)
    for task_key, kinds in ACTOR_TASKS.items():
        actors.filter(kind__in=kinds).update(task_key=task_key)
    actors.filter(task_key="").update(task_key="1.2.1")


class Migration(migrations.Migration):

    dependencies = [
        ('analysis', '0003_versions'),
        ('cases', '0005_versions'),
    ]

    operations = [
        migrations.AddField(
            model_name='actor',
            name='task_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='beneficiary',
            name='task_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='contestedissue',
            name='task_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historyevent',
            name='task_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='institution',
            name='task_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='intractabilityassessment',
            name='task_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='leveragesource',
            name='task_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='mediationattempt',
            name='task_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='position',
            name='task_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='resource',
            name='task_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='strengthassessment',
            name='task_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='tie',
            name='task_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='actor',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name='beneficiary',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name='contestedissue',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name='historyevent',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name='institution',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name='intractabilityassessment',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name='leveragesource',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name='mediationattempt',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name='position',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name='resource',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name='strengthassessment',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AlterField(
            model_name='tie',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.RunPython(backfill_task_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='actor',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='analysis_actor_visibility_has_party'),
        ),
        migrations.AddConstraint(
            model_name='beneficiary',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='analysis_beneficiary_visibility_has_party'),
        ),
        migrations.AddConstraint(
            model_name='contestedissue',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='analysis_contestedissue_visibility_has_party'),
        ),
        migrations.AddConstraint(
            model_name='historyevent',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='analysis_historyevent_visibility_has_party'),
        ),
        migrations.AddConstraint(
            model_name='institution',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='analysis_institution_visibility_has_party'),
        ),
        migrations.AddConstraint(
            model_name='intractabilityassessment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='analysis_intractabilityassessment_visibility_has_party'),
        ),
        migrations.AddConstraint(
            model_name='leveragesource',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='analysis_leveragesource_visibility_has_party'),
        ),
        migrations.AddConstraint(
            model_name='mediationattempt',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='analysis_mediationattempt_visibility_has_party'),
        ),
        migrations.AddConstraint(
            model_name='position',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='analysis_position_visibility_has_party'),
        ),
        migrations.AddConstraint(
            model_name='resource',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='analysis_resource_visibility_has_party'),
        ),
        migrations.AddConstraint(
            model_name='strengthassessment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='analysis_strengthassessment_visibility_has_party'),
        ),
        migrations.AddConstraint(
            model_name='tie',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'party'), ('visibility_party__isnull', False)), models.Q(models.Q(('visibility', 'party'), _negated=True), ('visibility_party__isnull', True)), _connector='OR'), name='analysis_tie_visibility_has_party'),
        ),
    ]
