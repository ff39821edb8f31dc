"""Forms for step-1 records, built from the record type's fields. They parse input; the rules
are in the type's payload (payloads.py), applied by services.py. A field a type shapes itself
(a multiple choice, dated lines) is one of its `form_fields` hooks."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from peacetrack.analysis.lists import case_items
from peacetrack.analysis.payloads import PROVENANCE_FIELDS
from peacetrack.analysis.registry import RecordType
from peacetrack.cases.dates import ApproxDate, ApproxDateFormField
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
    if isinstance(model_field, models.ManyToManyField):
        several: Any = model_field.related_model
        return forms.ModelMultipleChoiceField(
            queryset=several._default_manager.filter(case=case),
            to_field_name="public_id",
            required=False,
            label=str(model_field.verbose_name).capitalize(),
            help_text=model_field.help_text,
            widget=forms.SelectMultiple(attrs={"size": 6}),
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


# A date this old is more likely a slip than a history: the page asks to confirm it (the API and
# imports take it as sent).
CONFIRM_BEFORE = 1900
CONFIRM_FIELD = "confirm_old_dates"


def _confirm_field() -> forms.BooleanField:
    return forms.BooleanField(
        required=False,
        label=_("Yes, this date is before %(year)d") % {"year": CONFIRM_BEFORE},
    )


def _year(value: Any) -> int | None:
    if isinstance(value, datetime.date):
        return value.year
    if isinstance(value, str) and value:
        try:
            return ApproxDate.parse(value).year
        except ValueError:
            return None
    return None


class RecordForm(forms.Form):
    """A record's form: a date before 1900 is refused until the checkbox that then appears is
    ticked."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(CONFIRM_FIELD):
            return cleaned
        old = [
            name
            for name, field in self.fields.items()
            if isinstance(field, forms.DateField | ApproxDateFormField)
            and (year := _year(cleaned.get(name))) is not None
            and year < CONFIRM_BEFORE
        ]
        for name in old:
            self.add_error(
                name,
                _("This date is before %(year)d. If it is right, tick the box below and save.")
                % {"year": CONFIRM_BEFORE},
            )
        if old:
            self.fields[CONFIRM_FIELD] = _confirm_field()
        return cleaned


PROVENANCE_HELP = {
    "source_note": _("Who or what reported it: a document, an interview, a press report."),
    "information_date": _("When the information was given or was true, not when it was entered."),
    "confidence": _("How far the team trusts it. Leave blank if not stated."),
    "alleged_by": _("If it is only a claim: who makes it."),
}


def provenance_fields(rtype: RecordType) -> tuple[str, ...]:
    """The provenance values the type's payload holds (every step-1 type holds all four),
    shown in one fieldset, "Where this comes from"."""
    return tuple(name for name in PROVENANCE_FIELDS if name in rtype.payload.model_fields)


def _names(rtype: RecordType) -> tuple[str, ...]:
    return (*rtype.fields, *provenance_fields(rtype))


def record_form(
    rtype: RecordType, case: Case, data: Any = None, initial: dict[str, Any] | None = None
) -> forms.Form:
    form = RecordForm(data=data, initial=initial)
    for name in rtype.fields:
        form.fields[name] = _field(rtype, name, case)
    for name in provenance_fields(rtype):
        form.fields[name] = _field(rtype, name, case)
        form.fields[name].required = False
        form.fields[name].help_text = PROVENANCE_HELP[name]
    if data is not None and CONFIRM_FIELD in data:
        form.fields[CONFIRM_FIELD] = _confirm_field()
    form.fields["visibility"] = forms.ChoiceField(
        label=_("Who can read it"),
        choices=visibility_choices(case),
        help_text=_("Analysis is for the mediation team unless you choose to share it."),
    )
    return form


def record_values(rtype: RecordType, form: forms.Form) -> dict[str, Any]:
    """The cleaned form as service values, the visibility as its portable code."""
    values: dict[str, Any] = {"visibility": form.cleaned_data["visibility"]}
    for name in _names(rtype):
        value = form.cleaned_data[name]
        if isinstance(rtype.field(name), models.ManyToManyField):
            value = list(value)
        own = rtype.form_fields.get(name)
        values[name] = own.to_value(value) if own is not None else value
    return values


def record_initial(rtype: RecordType, record: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for name in _names(rtype):
        value = getattr(record, name)
        if isinstance(value, PublicIdModel):
            value = value.public_id
        elif isinstance(rtype.field(name), models.ManyToManyField):
            value = [related.public_id for related in value.all()]
        own = rtype.form_fields.get(name)
        initial[name] = own.to_initial(value) if own is not None else value
    initial["visibility"] = record.visibility_code
    return initial


class YearRangeForm(forms.Form):
    """The years the timeline shows (?from=1990&to=2024); either end may be left open."""

    start = forms.IntegerField(label=_("From year"), required=False, min_value=1, max_value=9999)
    end = forms.IntegerField(label=_("To year"), required=False, min_value=1, max_value=9999)

    def years(self) -> tuple[int | None, int | None]:
        if not self.is_valid():
            return (None, None)
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        if start and end and start > end:
            start, end = end, start
        return (start, end)
