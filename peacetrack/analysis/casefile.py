"""The "analysis" section of the case file: every step-1 record, with file-local references
("A3" for an actor, "I2" for an issue) instead of database ids."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from peacetrack.analysis import services
from peacetrack.analysis.models.base import AnalysisRecord
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.sections import Section, register_section
from peacetrack.cases.models import Case, Party
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


def load(
    case: Case,
    data: dict[str, Any],
    actor: Any,
    parties: dict[str, Party],
    shift: datetime.timedelta,
) -> None:
    refs: dict[str, AnalysisRecord] = {}
    for rtype in RECORD_TYPES:
        for position, item in enumerate(data.get(rtype.slug, [])):
            where = f"/{KEY}/{rtype.slug}/{position}"
            values = _import_values(rtype, item, where, refs, parties, shift)
            try:
                values.update(visibility_fields(item.get("visibility", "team"), parties.values()))
                record = services.record_create(actor=actor, case=case, rtype=rtype, values=values)
            except ValidationError as exc:
                field, message = _first_error(exc)
                raise CaseFileError(f"{where}{'/' + field if field else ''}: {message}") from None
            if rtype.ref:
                if item["ref"] in refs:
                    raise CaseFileError(f"{where}/ref: {item['ref']!r} is used twice")
                refs[item["ref"]] = record


def _import_values(
    rtype: RecordType,
    item: dict[str, Any],
    where: str,
    refs: dict[str, AnalysisRecord],
    parties: dict[str, Party],
    shift: datetime.timedelta,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _file_fields(rtype):
        if name not in item:
            continue
        field = rtype.field(name)
        value = item[name]
        if isinstance(field, models.ForeignKey) and value is not None:
            if field.related_model is Party:
                if value not in parties:
                    raise CaseFileError(f"{where}/{name}: {value!r} is not a party of this case")
                value = parties[value]
            else:
                target = refs.get(value)
                related: Any = field.related_model
                if target is None or not isinstance(target, related):
                    raise CaseFileError(
                        f"{where}/{name}: {value!r} refers to no earlier "
                        f"{related._meta.verbose_name}"
                    )
                value = target
        elif isinstance(field, models.DateField) and value is not None:
            try:
                value = datetime.date.fromisoformat(value) + shift
            except ValueError:
                raise CaseFileError(f"{where}/{name}: {value!r} is not a real date") from None
        elif name == "events":
            value = [{**event, "date": _shift_iso(event.get("date", ""), shift)} for event in value]
        values[name] = value
    return values


def _shift_iso(value: str, shift: datetime.timedelta) -> str:
    try:
        return (datetime.date.fromisoformat(value) + shift).isoformat()
    except ValueError:
        return value  # the service refuses it with a message naming the event


def _first_error(exc: ValidationError) -> tuple[str, str]:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.message_dict.items()))
        return ("" if field == "__all__" else field), " ".join(errors)
    return "", " ".join(exc.messages)


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
            load=load,
        )
    )
