"""The "analysis" section of the case file: every step-1 record, with file-local references
("A3" for an actor, "I2" for an issue) instead of database ids."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from peacetrack.analysis import services
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.casefile.sections import ImportContext, Section, register_section
from peacetrack.cases.models import Case, Party
from peacetrack.cases.records import CaseRecord
from peacetrack.cases.visibility import visibility_fields

KEY = "analysis"
DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
VISIBILITY = {
    "type": "string",
    "pattern": "^(team|parties|track2|public|party:[A-Za-z0-9_-]{1,30})$",
}


def _file_fields(rtype: RecordType) -> list[str]:
    names = list(rtype.fields)
    if rtype.has_profile:
        names.append("profile")
    return names


def _export_value(field: models.Field[Any, Any], value: Any, refs: dict[Any, str]) -> Any:
    if isinstance(field, models.ForeignKey):
        if value is None:
            return None
        if isinstance(value, Party):
            return value.short_name
        return refs[(type(value), value.pk)]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def export(case: Case) -> dict[str, Any]:
    refs: dict[Any, str] = {}
    data: dict[str, Any] = {}
    for rtype in RECORD_TYPES:
        items = []
        records = rtype.model._default_manager.filter(case=case).select_related(
            "visibility_party", *rtype.related
        )
        for position, record in enumerate(records, start=1):
            item: dict[str, Any] = {}
            if rtype.ref:
                refs[(rtype.model, record.pk)] = item["ref"] = f"{rtype.ref}{position}"
            for name in _file_fields(rtype):
                item[name] = _export_value(
                    rtype.field(name),
                    getattr(record, name),
                    refs,
                )
            item["visibility"] = record.visibility_code
            items.append(item)
        data[rtype.slug] = items
    return data


def prepare(data: dict[str, Any], context: ImportContext) -> dict[str, list[CaseRecord]]:
    """Check every item with the rules record_create applies and build it unsaved; references
    ("A3") point at the unsaved records built before them."""
    refs: dict[str, CaseRecord] = {}
    built: dict[str, list[CaseRecord]] = {}
    for rtype in RECORD_TYPES:
        records = built[rtype.slug] = []
        unique: dict[tuple[Any, ...], int] = {}
        for position, item in enumerate(data.get(rtype.slug, [])):
            path = (KEY, rtype.slug, position)
            values = _import_values(rtype, item, path, refs, context)
            if values is None:
                continue
            try:
                values.update(
                    visibility_fields(item.get("visibility", "team"), context.parties.values())
                )
                record = services.record_build(case=context.case, rtype=rtype, values=values)
            except ValidationError as exc:
                _report(exc, path, context)
                continue
            for fields in _unique_fields(rtype):
                key = (
                    fields,
                    *(
                        id(getattr(record, name))
                        if name in _references(rtype)
                        else getattr(record, name)
                        for name in fields
                    ),
                )
                if key in unique:
                    context.problem(
                        (*path, fields[0]),
                        _("item %(other)d of this list already has the same %(fields)s")
                        % {"other": unique[key] + 1, "fields": ", ".join(fields)},
                    )
                unique[key] = position
            if rtype.ref:
                if item["ref"] in refs:
                    context.problem(
                        (*path, "ref"), _("%(ref)r is used twice") % {"ref": item["ref"]}
                    )
                refs[item["ref"]] = record
            records.append(record)
    return built


def load(built: dict[str, list[CaseRecord]], context: ImportContext) -> None:
    for rtype in RECORD_TYPES:  # in order: what a record points at is written before it
        context.write(f"{KEY}.{rtype.slug}", built[rtype.slug])


def _references(rtype: RecordType) -> set[str]:
    return {f.name for f in rtype.model._meta.fields if isinstance(f, models.ForeignKey)}


def _unique_fields(rtype: RecordType) -> list[tuple[str, ...]]:
    """The fields of each uniqueness constraint, besides the case (which all share)."""
    return [
        tuple(name for name in constraint.fields if name != "case")
        for constraint in rtype.model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]


def _report(exc: ValidationError, path: tuple[str | int, ...], context: ImportContext) -> None:
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                context.problem(path if field == "__all__" else (*path, field), message)
    else:
        for message in exc.messages:
            context.problem(path, message)


def _import_values(
    rtype: RecordType,
    item: dict[str, Any],
    path: tuple[str | int, ...],
    refs: dict[str, CaseRecord],
    context: ImportContext,
) -> dict[str, Any] | None:
    """The item's values with references resolved and dates shifted; None (and problems
    reported) if a reference or a date is wrong."""
    values: dict[str, Any] = {}
    ok = True
    for name in _file_fields(rtype):
        if name not in item:
            continue
        field = rtype.field(name)
        value = item[name]
        if isinstance(field, models.ForeignKey) and value is not None:
            if field.related_model is Party:
                if value not in context.parties:
                    context.problem(
                        (*path, name), _("%(value)r is not a party of this case") % {"value": value}
                    )
                    ok = False
                value = context.parties.get(value)
            else:
                target = refs.get(value)
                related: Any = field.related_model
                if target is None or not isinstance(target, related):
                    context.problem(
                        (*path, name),
                        _("%(value)r refers to no earlier %(kind)s")
                        % {"value": value, "kind": related._meta.verbose_name},
                    )
                    ok = False
                value = target
        elif isinstance(field, models.DateField) and value is not None:
            try:
                value = datetime.date.fromisoformat(value) + context.shift
            except ValueError:
                context.problem((*path, name), _("%(value)r is not a real date") % {"value": value})
                ok = False
        elif name == "events":
            value = [
                {**event, "date": _shift_iso(event.get("date", ""), context.shift)}
                for event in value
            ]
        values[name] = value
    return values if ok else None


def _shift_iso(value: str, shift: datetime.timedelta) -> str:
    try:
        return (datetime.date.fromisoformat(value) + shift).isoformat()
    except ValueError:
        return value  # the service refuses it with a message naming the event


def _schema_for(rtype: RecordType) -> dict[str, Any]:
    properties: dict[str, Any] = {"visibility": VISIBILITY}
    required: list[str] = []
    if rtype.ref:
        properties["ref"] = {"type": "string", "minLength": 1, "maxLength": 20}
        required.append("ref")
    for name in _file_fields(rtype):
        field = rtype.field(name)
        properties[name] = _field_schema(name, field)
        if not (field.blank or field.null or field.has_default()):
            required.append(name)
    return {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": required,
            "properties": properties,
        },
    }


def _field_schema(name: str, field: models.Field[Any, Any]) -> dict[str, Any]:
    nullable = field.null
    schema: dict[str, Any]
    if isinstance(field, models.ForeignKey):
        schema = {"type": "string"}
    elif isinstance(field, models.DateField):
        schema = dict(DATE)
    elif isinstance(field, models.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, models.PositiveSmallIntegerField):
        schema = {
            "type": "integer",
            "minimum": 1,
            "maximum": max(k for k, _ in field.choices) if field.choices else 5,
        }
    elif name == "levels":
        schema = {"type": "array", "items": {"type": "string"}}
    elif name == "events":
        schema = {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["date", "description"],
                "properties": {"date": DATE, "description": {"type": "string"}},
            },
        }
    elif name == "profile":
        schema = {"type": "object", "additionalProperties": {"type": "string"}}
    else:
        schema = {"type": "string"}
        if field.choices:
            schema = {"enum": [str(k) for k, _ in field.choices]}
        elif field.max_length:
            schema["maxLength"] = field.max_length
    if nullable:
        return {"oneOf": [{"type": "null"}, schema]}
    return schema


def register() -> None:
    register_section(
        Section(
            key=KEY,
            schema={
                "type": "object",
                "additionalProperties": False,
                "properties": {rtype.slug: _schema_for(rtype) for rtype in RECORD_TYPES},
            },
            export=export,
            prepare=prepare,
            load=load,
        )
    )
