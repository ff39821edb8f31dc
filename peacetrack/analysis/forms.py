"""Forms for step-1 records, built from the record type's fields. They parse input; the rules
are in the type's payload (payloads.py), applied by services.py. A field a type shapes itself
(a multiple choice, dated lines) is one of its `form_fields` hooks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from peacetrack.analysis.lists import case_items
from peacetrack.analysis.registry import RecordType
from peacetrack.cases.forms import DateInput, visibility_choices
from peacetrack.cases.models import Case
from peacetrack.cases.public_ids import PublicIdModel


def _field(rtype: RecordType, name: str, case: Case) -> forms.Field:
    own = rtype.form_fields.get(name)
    if own is not None:
        return own.build()
    model_field = rtype.field(name)
    list_key = rtype.payload.extensible().get(name)
    if list_key is not None:  # an item of a list: the handbook's, then the team's own
        return forms.ChoiceField(
            label=str(model_field.verbose_name).capitalize(),
            choices=[(i.key, i.title) for i in case_items(case.pk, list_key)],
        )
    if isinstance(model_field, models.ManyToManyField):
        related_many: Any = model_field.related_model
        return forms.ModelMultipleChoiceField(
            queryset=related_many._default_manager.filter(case=case),
            to_field_name="public_id",
            required=not model_field.blank,
            label=str(model_field.verbose_name).capitalize(),
            help_text=model_field.help_text,
        )
    if isinstance(model_field, models.ForeignKey):
        related: Any = model_field.related_model
        return forms.ModelChoiceField(
            queryset=related._default_manager.filter(case=case),
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
        label=_("Who can read it"),
        choices=visibility_choices(case),
        help_text=_("Analysis is for the mediation team unless you choose to share it."),
    )
    return form


def record_values(rtype: RecordType, form: forms.Form) -> dict[str, Any]:
    """The cleaned form as service values, the visibility as its portable code."""
    values: dict[str, Any] = {"visibility": form.cleaned_data["visibility"]}
    for name in rtype.fields:
        value = form.cleaned_data[name]
        if name in rtype.payload.many_references():
            value = list(value)
        own = rtype.form_fields.get(name)
        values[name] = own.to_value(value) if own is not None else value
    return values


def record_initial(rtype: RecordType, record: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for name in rtype.fields:
        value = getattr(record, name)
        if name in rtype.payload.many_references():
            value = [target.public_id for target in value.all()]
        if isinstance(value, PublicIdModel):
            value = value.public_id
        own = rtype.form_fields.get(name)
        initial[name] = own.to_initial(value) if own is not None else value
    initial["visibility"] = record.visibility_code
    return initial
