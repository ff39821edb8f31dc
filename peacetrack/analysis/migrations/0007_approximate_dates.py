# Dates as histories have them (issue 10 §3): approximate dates, ties with a start and an end,
# history events naming actors, issues and an earlier mediation attempt, and an issue's dated
# entries moved into the one timeline of history events.

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models

import peacetrack.cases.dates

DATES = {
    # model: [(old date field, new text field)]
    "historyevent": [("date", "date_text")],
    "mediationattempt": [("started_on", "started_text"), ("ended_on", "ended_text")],
    "tie": [("since", "started")],
}


def _text(value):
    return value.isoformat() if value else ""


def forwards(apps, schema_editor):
    alias = schema_editor.connection.alias
    for model_name, fields in DATES.items():
        model = apps.get_model("analysis", model_name)
        for row in model.objects.using(alias).all():
            for old, new in fields:
                setattr(row, new, _text(getattr(row, old)))
            model.objects.using(alias).filter(pk=row.pk).update(
                **{new: getattr(row, new) for _old, new in fields}
            )
    event = apps.get_model("analysis", "HistoryEvent")
    issue = apps.get_model("analysis", "ContestedIssue")
    # An event's one issue becomes the first of its issues.
    for row in event.objects.using(alias).exclude(issue=None):
        row.issues.add(row.issue_id)
    # An issue's dated entries become events of the case's history that name the issue, shared
    # as the issue is.
    for item in issue.objects.using(alias).all():
        for entry in item.events or []:
            description = str(entry.get("description", "")).strip()
            created = event.objects.using(alias).create(
                case_id=item.case_id,
                task_key="1.1.1",
                visibility=item.visibility,
                visibility_party_id=item.visibility_party_id,
                date=str(entry.get("date", ""))[:10],
                date_text=str(entry.get("date", ""))[:10],
                title=(description[:197] + "…") if len(description) > 200 else description,
                kind="event",
            )
            created.issues.add(item.pk)


def backwards(apps, schema_editor):
    alias = schema_editor.connection.alias
    event = apps.get_model("analysis", "HistoryEvent")
    for row in event.objects.using(alias).all():
        first = row.issues.order_by("pk").first()
        if first is not None:
            event.objects.using(alias).filter(pk=row.pk).update(issue=first)
    for model_name, fields in DATES.items():
        model = apps.get_model("analysis", model_name)
        for row in model.objects.using(alias).all():
            values = {}
            for old, new in fields:
                text = getattr(row, new)
                if text:
                    year, month, day = (text.rstrip("~").split("-") + ["01", "01"])[:3]
                    values[old] = f"{year}-{month}-{day}"
                elif old == "date":
                    values[old] = "1970-01-01"
                else:
                    values[old] = None
            model.objects.using(alias).filter(pk=row.pk).update(**values)


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0006_stakeholders"),
    ]

    operations = [
        migrations.AddField(
            model_name="historyevent",
            name="actors",
            field=models.ManyToManyField(
                blank=True,
                related_name="events",
                to="analysis.actor",
                verbose_name="actors involved",
            ),
        ),
        migrations.AddField(
            model_name="historyevent",
            name="issues",
            # (named "events" on the issue once its JSON field of that name is gone, below)
            field=models.ManyToManyField(
                blank=True,
                related_name="history_events",
                to="analysis.contestedissue",
                verbose_name="issues concerned",
            ),
        ),
        migrations.AddField(
            model_name="historyevent",
            name="mediation",
            field=models.ForeignKey(
                blank=True,
                help_text="The earlier mediation attempt this event belongs to, if any.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="events",
                to="analysis.mediationattempt",
                verbose_name="earlier mediation attempt",
            ),
        ),
        migrations.AddField(
            model_name="historyevent",
            name="date_text",
            field=peacetrack.cases.dates.ApproxDateField(default="", verbose_name="date"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="mediationattempt",
            name="started_text",
            field=peacetrack.cases.dates.ApproxDateField(blank=True, verbose_name="started on"),
        ),
        migrations.AddField(
            model_name="mediationattempt",
            name="ended_text",
            field=peacetrack.cases.dates.ApproxDateField(blank=True, verbose_name="ended on"),
        ),
        migrations.AddField(
            model_name="tie",
            name="started",
            field=peacetrack.cases.dates.ApproxDateField(blank=True, verbose_name="started"),
        ),
        migrations.AddField(
            model_name="tie",
            name="ended",
            field=peacetrack.cases.dates.ApproxDateField(blank=True, verbose_name="ended"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterModelOptions(
            name="historyevent",
            options={
                "verbose_name": "historical event",
                "verbose_name_plural": "historical events",
            },
        ),
        migrations.AlterModelOptions(
            name="mediationattempt",
            options={
                "verbose_name": "earlier mediation attempt",
                "verbose_name_plural": "earlier mediation attempts",
            },
        ),
        migrations.RemoveField(model_name="historyevent", name="date"),
        migrations.RemoveField(model_name="historyevent", name="issue"),
        migrations.RemoveField(model_name="mediationattempt", name="started_on"),
        migrations.RemoveField(model_name="mediationattempt", name="ended_on"),
        migrations.RemoveField(model_name="tie", name="since"),
        migrations.RemoveField(model_name="contestedissue", name="events"),
        migrations.AlterField(
            model_name="historyevent",
            name="issues",
            field=models.ManyToManyField(
                blank=True,
                related_name="events",
                to="analysis.contestedissue",
                verbose_name="issues concerned",
            ),
        ),
        migrations.RenameField(model_name="historyevent", old_name="date_text", new_name="date"),
        migrations.RenameField(
            model_name="mediationattempt", old_name="started_text", new_name="started_on"
        ),
        migrations.RenameField(
            model_name="mediationattempt", old_name="ended_text", new_name="ended_on"
        ),
        migrations.AlterModelOptions(
            name="historyevent",
            options={
                "ordering": [
                    django.db.models.functions.text.Replace(
                        models.F("date"), models.Value("~"), models.Value("")
                    ),
                    "date",
                    "id",
                ],
                "verbose_name": "historical event",
                "verbose_name_plural": "historical events",
            },
        ),
        migrations.AlterModelOptions(
            name="mediationattempt",
            options={
                "ordering": [
                    django.db.models.functions.text.Replace(
                        models.F("started_on"), models.Value("~"), models.Value("")
                    ),
                    "started_on",
                    "id",
                ],
                "verbose_name": "earlier mediation attempt",
                "verbose_name_plural": "earlier mediation attempts",
            },
        ),
    ]
