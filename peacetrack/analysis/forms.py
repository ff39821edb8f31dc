"""Forms for step-1 records, built from the record type's fields. They parse input; the rules
are in services.py and registry.py."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db import models

from peacetrack.analysis.models import Actor, ContestedIssue
from peacetrack.analysis.models.issues import IssueLevel
from peacetrack.analysis.profiles import profile_fields
from peacetrack.analysis.registry import RecordType
from peacetrack.cases.forms import DateInput, versioned, visibility_choices
from peacetrack.cases.models import Case, Party
from peacetrack.cases.public_ids import PublicIdModel
from peacetrack.methodology.loader import get_methodology

LIST_FIELDS = {
    ("intractability", "factor"): "intractability_factors",
    ("leverage", "source"): "sources_of_leverage",
}
_EVENT_LINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2}|[^\s:]+)\s*[:—–-]?\s*(.*)$")


def events_to_text(events: list[dict[str, str]]) -> str:
    return "\n".join(f"{e['date']} {e['description']}" for e in events)


def text_to_events(text: str) -> list[dict[str, str]]:
    events = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _EVENT_LINE.match(line)
        assert match is not None
        events.append({"date": match.group(1), "description": match.group(2).strip()})
    return events


def _field(rtype: RecordType, name: str, case: Case) -> forms.Field:
    model_field = rtype.field(name)
    list_key = LIST_FIELDS.get((rtype.slug, name))
    if list_key:
        items = get_methodology().lists[list_key].items
        return forms.ChoiceField(
            label=str(model_field.verbose_name).capitalize(),
            choices=[(i.key, i.title) for i in items],
        )
    if name == "levels":
        return forms.MultipleChoiceField(
            choices=IssueLevel.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Levels at which it plays out",
        )
    if name == "events":
        return forms.CharField(
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            label="Dated events in its history",
            help_text="One per line: a date (YYYY-MM-DD), then what happened.",
        )
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model
        queryset: Any
        if related is Party:
            queryset = Party.objects.filter(case=case)
        elif related in (Actor, ContestedIssue):
            queryset = related.objects.filter(case=case)  # type: ignore[union-attr]
        else:  # pragma: no cover - every foreign key of a record type is listed above
            raise TypeError(f"no form field for {name}")
        return forms.ModelChoiceField(
            queryset=queryset,
            to_field_name="public_id",
            required=not model_field.null,
            label=str(model_field.verbose_name).capitalize(),
            help_text=model_field.help_text,
        )
    if isinstance(model_field, models.DateField):
        return forms.DateField(
            required=not model_field.blank,
            widget=DateInput,
            label=str(model_field.verbose_name).capitalize(),
            help_text=model_field.help_text,
        )
    form_field = model_field.formfield()
    assert form_field is not None
    return form_field


def record_form(
    rtype: RecordType, case: Case, data: Any = None, initial: dict[str, Any] | None = None
) -> forms.Form:
    form = forms.Form(data=data, initial=initial)
    for name in rtype.fields:
        form.fields[name] = _field(rtype, name, case)
    form.fields["visibility"] = forms.ChoiceField(
        label="Who can read it",
        choices=visibility_choices(case),
        help_text="Analysis is for the mediation team unless you choose to share it.",
    )
    return form


def record_values(rtype: RecordType, form: forms.Form) -> dict[str, Any]:
    """The cleaned form as service values (visibility is handled by the caller)."""
    values = {name: form.cleaned_data[name] for name in rtype.fields}
    if "events" in values:
        values["events"] = text_to_events(values["events"] or "")
    return values


def record_initial(rtype: RecordType, record: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for name in rtype.fields:
        value = getattr(record, name)
        if isinstance(value, PublicIdModel):
            value = value.public_id
        if name == "events":
            value = events_to_text(value)
        initial[name] = value
    initial["visibility"] = record.visibility_code
    return initial


def profile_form(actor: Actor, data: Any = None) -> forms.Form:
    form = versioned(forms.Form(data=data, prefix="profile"), actor.version)
    for field in profile_fields(actor.kind, spoiler=actor.potential_spoiler):
        if field.choices:
            form.fields[field.key] = forms.ChoiceField(
                label=field.label,
                help_text=field.help,
                required=False,
                choices=[("", "—"), *field.choices],
            )
        else:
            form.fields[field.key] = forms.CharField(
                label=field.label,
                help_text=field.help,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        form.initial[field.key] = actor.profile.get(field.key, "")
    return form
