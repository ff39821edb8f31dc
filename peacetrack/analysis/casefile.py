"""The "analysis" section of the case file: every step-1 record, with file-local references
("A3" for an actor, "I2" for an issue) instead of database ids. Each type's JSON Schema is its
payload's (analysis/payloads.py), with references as text and dates in the file's form."""

from __future__ import annotations

import copy
import datetime
import functools
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from peacetrack.analysis import lineage_casefile, services
from peacetrack.analysis.models import ActorChange
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.casefile.sections import ImportContext, Section, register_section
from peacetrack.casefile.streaming import ROWS_PER_QUERY, Rows
from peacetrack.cases.dates import DAY, YEAR, ApproxDate, ApproxDateField
from peacetrack.cases.dates import PATTERN as APPROX_PATTERN
from peacetrack.cases.models import Case, Party
from peacetrack.cases.records import CaseRecord

KEY = "analysis"
LIST_ITEMS = "list_items"  # the team's own items of the extensible lists
ACTOR_CHANGES = "actor_changes"  # splits and mergers
DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
VISIBILITY = {
    "type": "string",
    "pattern": "^(team|parties|track2|public|party:[A-Za-z0-9_-]{1,30})$",
}


def _file_fields(rtype: RecordType) -> tuple[str, ...]:
    return rtype.values


def _export_value(field: models.Field[Any, Any], value: Any, refs: dict[Any, str]) -> Any:
    if isinstance(field, models.ManyToManyField):
        return sorted((refs[(type(r), r.pk)] for r in value.all()), key=_ref_order)
    if isinstance(field, models.ForeignKey):
        if value is None:
            return None
        if isinstance(value, Party):
            return value.short_name
        return refs[(type(value), value.pk)]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(field, ApproxDateField):
        return value or None
    return value


def _ref_order(ref: str) -> tuple[str, int]:
    letters = ref.rstrip("0123456789")
    return letters, int(ref[len(letters) :] or 0)


def _rows(rtype: RecordType, case: Case, refs: dict[Any, str]) -> Rows:
    """The records of one type, read in batches as the file is written; each record with a
    reference ("A3") adds it to `refs` for the types written after it."""
    # The list's order, rows equal in it as they were entered (the lists break such ties by
    # public id, which a copy draws anew): a file imported and exported again reads the same.
    order = [("pk" if term == "public_id" else term) for term in rtype.model._meta.ordering or ()]
    records = (
        rtype.model._default_manager.filter(case=case)
        .order_by(*order)
        .select_related("visibility_party", *rtype.related)
        .prefetch_related(*rtype.payload.many_references())
    )

    def items() -> Iterator[dict[str, Any]]:
        batches = records.iterator(chunk_size=ROWS_PER_QUERY)
        for position, record in enumerate(batches, start=1):
            item: dict[str, Any] = {}
            if rtype.ref:
                refs[(rtype.model, record.pk)] = item["ref"] = f"{rtype.ref}{position}"
            for name in _file_fields(rtype):
                item[name] = _export_value(rtype.field(name), getattr(record, name), refs)
            item["visibility"] = record.visibility_code
            yield item

    return Rows(items=items(), count=records.count())


def export(case: Case) -> dict[str, Any]:
    refs: dict[Any, str] = {}
    data: dict[str, Any] = {rtype.slug: _rows(rtype, case, refs) for rtype in RECORD_TYPES}
    data[LIST_ITEMS] = lineage_casefile.export_list_items(case)

    def changes() -> Iterator[dict[str, Any]]:
        # Only once every actor above is written are all their references known.
        yield from lineage_casefile.export_changes(case, refs)

    data[ACTOR_CHANGES] = Rows(items=changes(), count=ActorChange.objects.filter(case=case).count())
    return data


def prepare(data: dict[str, Any], context: ImportContext) -> dict[str, list[CaseRecord]]:
    """Check every item with the rules record_create applies and build it unsaved; references
    ("A3") point at the unsaved records built before them."""
    refs: dict[str, CaseRecord] = {}
    built: dict[str, list[Any]] = {}
    own = built[LIST_ITEMS] = lineage_casefile.prepare_list_items(data.get(LIST_ITEMS, []), context)
    for rtype in RECORD_TYPES:
        records = built[rtype.slug] = []
        unique: dict[tuple[Any, ...], int] = {}
        for position, item in enumerate(data.get(rtype.slug, [])):
            path = (KEY, rtype.slug, position)
            values = _import_values(rtype, item, path, refs, context)
            if values is None:
                continue
            values["visibility"] = item.get("visibility", "team")
            try:
                record = services.record_build(
                    case=context.case,
                    rtype=rtype,
                    values=values,
                    parties=context.parties.values(),
                    own=own,
                )
            except ValidationError as exc:
                _report(exc, path, context)
                continue
            for fields in _unique_fields(rtype):
                values_of = [getattr(record, name) for name in fields]
                if any(value is None for value in values_of):
                    continue  # (an empty link is not a duplicate)
                key = (
                    fields,
                    *(
                        id(value) if name in _references(rtype) else value
                        for name, value in zip(fields, values_of, strict=True)
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
    _add_party_records(built, context)
    built[ACTOR_CHANGES] = lineage_casefile.prepare_changes(
        data.get(ACTOR_CHANGES, []), refs, context
    )
    return built


def _add_party_records(built: dict[str, list[CaseRecord]], context: ImportContext) -> None:
    """The records each party gets with it (a type's `with_party`: the actor that stands for
    it), for the file's parties that none of the file's records stands for."""
    for rtype in RECORD_TYPES:
        if rtype.with_party is None:
            continue
        covered = {id(getattr(record, rtype.party_link)) for record in built[rtype.slug]}
        for party in context.parties.values():
            if id(party) not in covered:
                built[rtype.slug].append(
                    services.record_build(
                        case=context.case,
                        rtype=rtype,
                        values=rtype.with_party(party),
                        parties=context.parties.values(),
                    )
                )


def load(built: dict[str, list[Any]], context: ImportContext) -> None:
    context.write(f"{KEY}.{LIST_ITEMS}", built[LIST_ITEMS])
    for rtype in RECORD_TYPES:  # in order: what a record points at is written before it
        context.write(f"{KEY}.{rtype.slug}", built[rtype.slug])
        for name in rtype.payload.many_references():  # then the records each names
            through: Any = getattr(rtype.model, name).through
            source, target = _through_columns(through, rtype.model)
            links = [
                through(**{source: record.pk, target: related.pk})
                for record in built[rtype.slug]
                for related in getattr(record, "pending_many", {}).get(name, [])
            ]
            context.write(f"{KEY}.{rtype.slug}.{name}", links)
    lineage_casefile.load_changes(built[ACTOR_CHANGES], context)


def _through_columns(through: Any, model: type[CaseRecord]) -> tuple[str, str]:
    """The columns of a many-to-many table: the one to `model`, the one to the other side."""
    keys = [f for f in through._meta.fields if isinstance(f, models.ForeignKey)]
    mine = next(f for f in keys if f.related_model is model)
    other = next(f for f in keys if f is not mine)
    return mine.attname, other.attname


def _references(rtype: RecordType) -> set[str]:
    return {f.name for f in rtype.model._meta.fields if isinstance(f, models.ForeignKey)}


def _unique_fields(rtype: RecordType) -> list[tuple[str, ...]]:
    """The fields of each uniqueness constraint, besides the case (which all share)."""
    together = [
        tuple(name for name in constraint.fields if name != "case")
        for constraint in rtype.model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]
    alone = [  # a one-to-one link (an actor stands for one party)
        (name,) for name in rtype.values if getattr(rtype.field(name), "one_to_one", False)
    ]
    return together + alone


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
    references = rtype.payload.references()
    properties = payload_file_schema(rtype)["properties"]
    for name in _file_fields(rtype):
        if name not in item:
            continue
        value = item[name]
        if name in rtype.payload.many_references():
            value = _several(rtype, name, value, (*path, name), refs, context)
            ok = ok and value is not None
        elif name in references and value is not None:
            related: Any = rtype.field(name).related_model
            if related is Party:
                if value not in context.parties:
                    context.problem(
                        (*path, name), _("%(value)r is not a party of this case") % {"value": value}
                    )
                    ok = False
                value = context.parties.get(value)
            else:
                target = refs.get(value)
                if target is None or not isinstance(target, related):
                    context.problem(
                        (*path, name),
                        _("%(value)r refers to no earlier %(kind)s")
                        % {"value": value, "kind": related._meta.verbose_name},
                    )
                    ok = False
                value = target
        else:
            value, shifted = _shifted(properties[name], value, (*path, name), context)
            ok = ok and shifted
        values[name] = value
    return values if ok else None


def _several(
    rtype: RecordType,
    name: str,
    value: list[str],
    path: tuple[str | int, ...],
    refs: dict[str, CaseRecord],
    context: ImportContext,
) -> list[CaseRecord] | None:
    """The records a list of references names; None (and problems reported) if one names
    no earlier record of the right kind."""
    related: Any = rtype.field(name).related_model
    found: list[CaseRecord] = []
    for position, ref in enumerate(value):
        target = refs.get(ref)
        if target is None or not isinstance(target, related):
            context.problem(
                (*path, position),
                _("%(value)r refers to no earlier %(kind)s")
                % {"value": ref, "kind": related._meta.verbose_name},
            )
            return None
        found.append(target)
    return found


def _shifted(
    schema: dict[str, Any], value: Any, path: tuple[str | int, ...], context: ImportContext
) -> tuple[Any, bool]:
    """`value` with every date in it (where `schema` says a date) moved by the import's shift;
    False (and a problem reported) if one is not a real date."""
    if schema == DATE and isinstance(value, str):
        try:
            return (datetime.date.fromisoformat(value) + context.shift).isoformat(), True
        except ValueError:
            context.problem(path, _("%(value)r is not a real date") % {"value": value})
            return value, False
    if schema.get("pattern") == APPROX_PATTERN and isinstance(value, str):
        return _approx_shifted(value, context.shift), True  # (its form: the schema's check)
    for branch in schema.get("oneOf", ()):
        if branch != {"type": "null"}:
            return _shifted(branch, value, path, context)
    for branch in schema.get("anyOf", ()):  # e.g. a profile answer: text, or an object
        if branch.get("type") == ("object" if isinstance(value, dict) else None):
            return _shifted(branch, value, path, context)
    if isinstance(value, dict) and isinstance(schema.get("additionalProperties"), dict):
        entries = {
            key: _shifted(schema["additionalProperties"], sub, (*path, key), context)
            for key, sub in value.items()
        }
        return {key: v for key, (v, _fine) in entries.items()}, all(
            fine for _v, fine in entries.values()
        )
    if isinstance(value, list) and "items" in schema:
        results = [_shifted(schema["items"], v, (*path, i), context) for i, v in enumerate(value)]
        return [v for v, _fine in results], all(fine for _v, fine in results)
    if isinstance(value, dict) and "properties" in schema:
        shifted = dict(value)
        ok = True
        for key, sub in schema["properties"].items():
            if key in value:
                shifted[key], fine = _shifted(sub, value[key], (*path, key), context)
                ok = ok and fine
        return shifted, ok
    return value, True


def _approx_shifted(value: str, shift: datetime.timedelta) -> str:
    """A date of the past known to the day or the month moves with the import's shift (the
    month by whole months); a year, or an "about", is history and never moves."""
    try:
        when = ApproxDate.parse(value)
    except ValueError:
        return value  # refused by the payload, where it is
    if not shift or when.about or when.precision == YEAR:
        return value
    if when.precision == DAY:
        day = when.first_day + shift
        return str(ApproxDate(day.year, day.month, day.day))
    middle = when.middle + shift
    return str(ApproxDate(middle.year, middle.month))


_LEFT_OUT = {"title", "default", "description", "format", "$defs"}


def _file_schema(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A node of a payload's JSON Schema as the case file states it: nested models inlined,
    dates as YYYY-MM-DD, "or null" as oneOf, no titles or defaults."""
    if "$ref" in node:
        return _file_schema(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    if node.get("format") == "date":
        return dict(DATE)
    if "anyOf" in node:
        others = [branch for branch in node["anyOf"] if branch != {"type": "null"}]
        if len(others) == 1:
            inner = _file_schema(others[0], defs)
            if len(others) < len(node["anyOf"]):
                return {"oneOf": [{"type": "null"}, inner]}
            return inner
    converted: dict[str, Any] = {}
    for key, value in node.items():
        if key in _LEFT_OUT:
            continue
        if key == "properties":
            converted[key] = {name: _file_schema(sub, defs) for name, sub in value.items()}
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            converted[key] = _file_schema(value, defs)
        elif key == "anyOf":
            converted[key] = [_file_schema(branch, defs) for branch in value]
        else:
            converted[key] = value
    return converted


@functools.cache
def payload_file_schema(rtype: RecordType) -> dict[str, Any]:
    """The JSON Schema of one record of this type in the case file: its payload's, with the
    file's reference ("ref") for types others point at and the portable visibility. (Cached:
    read for every item of an import; callers copy before changing it.)"""
    schema = rtype.payload.model_json_schema()
    item = _file_schema(schema, schema.get("$defs", {}))
    properties: dict[str, Any] = {"visibility": VISIBILITY}
    required = list(item.get("required", []))
    if rtype.ref:
        properties["ref"] = {"type": "string", "minLength": 1, "maxLength": 20}
        required.insert(0, "ref")
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": {**properties, **{name: item["properties"][name] for name in rtype.values}},
    }


def _schema_for(rtype: RecordType) -> dict[str, Any]:
    return {"type": "array", "items": copy.deepcopy(payload_file_schema(rtype))}


def register() -> None:
    register_section(
        Section(
            key=KEY,
            schema={
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    **{rtype.slug: _schema_for(rtype) for rtype in RECORD_TYPES},
                    LIST_ITEMS: lineage_casefile.LIST_ITEMS_SCHEMA,
                    ACTOR_CHANGES: lineage_casefile.ACTOR_CHANGES_SCHEMA,
                },
            },
            export=export,
            prepare=prepare,
            load=load,
            always=True,  # every party of the file gets its actor, even with no analysis
        )
    )
