"""Issue 10 §1: positions and strength ratings belong to an actor; each party has the actor
that stands for it; actors carry constituencies, resources whether they are lootable.

Each party is linked to its existing actor (the one conflict-party actor on its side, if
exactly one is not yet linked) or gets a new one; its positions and strength assessments move
to that actor."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def link_parties_to_actors(apps: Any, schema_editor: Any) -> None:
    db = schema_editor.connection.alias
    Party = apps.get_model("cases", "Party")
    Actor = apps.get_model("analysis", "Actor")
    Position = apps.get_model("analysis", "Position")
    StrengthAssessment = apps.get_model("analysis", "StrengthAssessment")
    for party in Party.objects.using(db).order_by("pk"):
        candidates = list(
            Actor.objects.using(db).filter(
                case_id=party.case_id,
                kind="conflict_party",
                party_id=party.pk,
                stands_for__isnull=True,
            )[:2]
        )
        if len(candidates) == 1:
            standing = candidates[0]
            standing.stands_for_id = party.pk
            standing.save(update_fields=["stands_for"])
        else:
            standing = Actor.objects.using(db).create(
                case_id=party.case_id,
                name=party.name,
                kind="conflict_party",
                party_id=party.pk,
                stands_for_id=party.pk,
                visibility="public",
                task_key="1.2.1",
            )
        Position.objects.using(db).filter(party_id=party.pk).update(actor_id=standing.pk)
        StrengthAssessment.objects.using(db).filter(party_id=party.pk).update(actor_id=standing.pk)
    if schema_editor.connection.vendor == "postgresql":
        # The rows' deferred foreign-key checks now, not at commit: the tables are altered next.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def unlink(apps: Any, schema_editor: Any) -> None:
    db = schema_editor.connection.alias
    Position = apps.get_model("analysis", "Position")
    StrengthAssessment = apps.get_model("analysis", "StrengthAssessment")
    for model in (Position, StrengthAssessment):
        for row in model.objects.using(db).select_related("actor"):
            if row.actor.stands_for_id is None:
                row.delete()  # a stakeholder's: there was no place for it before
            else:
                row.party_id = row.actor.stands_for_id
                row.save(update_fields=["party"])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0005_translatable_labels"),
        ("cases", "0007_tasknote_case_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="actor",
            name="stands_for",
            field=models.OneToOneField(
                blank=True,
                help_text="The party this actor represents in the analysis, if it is one.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="standing_actor",
                to="cases.party",
                verbose_name="stands for the party",
            ),
        ),
        migrations.AddField(
            model_name="actor",
            name="constituencies",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Whom the actor speaks for or draws on (for the analysis of inclusion).",
                verbose_name="constituencies",
            ),
        ),
        migrations.AddField(
            model_name="resource",
            name="lootable",
            field=models.BooleanField(
                default=False,
                help_text="Easily seized and sold: alluvial minerals, drugs, timber.",
                verbose_name="lootable",
            ),
        ),
        migrations.AlterField(
            model_name="resource",
            name="actor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="resources",
                to="analysis.actor",
                verbose_name="Controlled by",
            ),
        ),
        migrations.AlterField(
            model_name="position",
            name="fears",
            field=models.TextField(
                blank=True, max_length=3000, verbose_name="What the actor fears"
            ),
        ),
        migrations.AddField(
            model_name="position",
            name="actor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="analysis.actor",
                verbose_name="actor",
            ),
        ),
        migrations.AddField(
            model_name="strengthassessment",
            name="actor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="analysis.actor",
                verbose_name="actor",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="position",
            name="one_position_per_party_issue",
        ),
        migrations.RunPython(link_parties_to_actors, unlink),
        migrations.AlterModelOptions(
            name="position",
            options={
                "ordering": ["issue__title", "actor__name", "id"],
                "verbose_name": "position",
                "verbose_name_plural": "positions",
            },
        ),
        migrations.AlterModelOptions(
            name="strengthassessment",
            options={
                "ordering": ["assessed_on", "actor__name", "id"],
                "verbose_name": "strength assessment",
                "verbose_name_plural": "strength assessments",
            },
        ),
        migrations.RemoveField(model_name="position", name="party"),
        migrations.RemoveField(model_name="strengthassessment", name="party"),
        migrations.AlterField(
            model_name="position",
            name="actor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="analysis.actor",
                verbose_name="actor",
            ),
        ),
        migrations.AlterField(
            model_name="strengthassessment",
            name="actor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="analysis.actor",
                verbose_name="actor",
            ),
        ),
        migrations.AddConstraint(
            model_name="position",
            constraint=models.UniqueConstraint(
                fields=("actor", "issue"), name="one_position_per_actor_issue"
            ),
        ),
    ]
