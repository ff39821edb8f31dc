# mypy: disable-error-code="valid-type,attr-defined"
"""API routes for step-1 records, one set per record type (generated from the registry), plus
the actor-map data. Mounted under /api/v1/cases.

No `from __future__ import annotations` here: django-ninja reads the payload classes from the
route functions' annotations, which are built at import time (hence, for the type checker, the
payload classes made at run time are valid types here).
"""

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field, StringConstraints, create_model

from peacetrack.analysis import services
from peacetrack.analysis.access import record_get_for_user, records_visible
from peacetrack.analysis.display import LIST_LABELS, record_url
from peacetrack.analysis.models.issues import IssueLevel
from peacetrack.analysis.network import map_data
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.analysis.selectors import actor_network, actor_url
from peacetrack.api.errors import VERSIONED_WRITES
from peacetrack.api.etags import if_match_version, with_etag
from peacetrack.cases.access import CaseAccess, case_get_for_user
from peacetrack.cases.api import VISIBILITY
from peacetrack.cases.models import Party
from peacetrack.cases.records import CaseRecord
from peacetrack.cases.visibility import visibility_fields
from peacetrack.methodology.loader import get_methodology

router = Router(tags=["analysis"])


class IssueEvent(Schema):
    """One dated entry of an issue's history."""

    date: datetime.date
    description: str = Field(max_length=500, pattern=r"^[^\x00]*[^\s\x00][^\x00]*$")


def _python_type(rtype: RecordType, name: str) -> tuple[Any, str]:
    """(annotation, payload key) for one field."""
    field = rtype.field(name)
    if isinstance(field, models.ForeignKey):  # named by the public id of what it points at
        return (str | None if field.null else str), f"{name}_id"
    if isinstance(field, models.DateField):
        return (datetime.date | None if field.null or field.blank else datetime.date), name
    if isinstance(field, models.BooleanField):
        return bool, name
    if isinstance(field, models.PositiveSmallIntegerField):
        bounds = {
            "ge" if isinstance(v, MinValueValidator) else "le": v.limit_value
            for v in field.validators
            if isinstance(v, MinValueValidator | MaxValueValidator)
        }
        return Annotated[int, Field(**{"ge": 0, **bounds})], name
    if name == "levels":
        level = Literal[tuple(IssueLevel.values)]
        return list[level], name
    if name in LIST_LABELS:  # a key of one of the methodology's lists
        keys = [item.key for item in get_methodology().lists[LIST_LABELS[name]].items]
        return Literal[tuple(keys)], name
    if name == "events":
        return list[IssueEvent], name
    if field.choices:
        return Literal[tuple(str(k) for k, _ in field.choices)], name
    required = not (field.blank or field.null or field.has_default())
    length = StringConstraints(min_length=1 if required else None, max_length=field.max_length)
    return Annotated[str, length], name


def _schemas(rtype: RecordType) -> tuple[Any, Any, Any]:
    create_fields: dict[str, Any] = {}
    patch_fields: dict[str, Any] = {}
    out_fields: dict[str, Any] = {
        "id": (str, ...),
        "task_key": (str, ...),
        "url": (str, ...),
        "visibility": (str, ...),
    }
    for name in rtype.fields:
        annotation, key = _python_type(rtype, name)
        field = rtype.field(name)
        required = not (field.blank or getattr(field, "null", False) or field.has_default())
        create_fields[key] = (annotation, ... if required else field.get_default())
        # Only what is sent changes; null only where the field may be empty (a date, a link).
        patch_fields[key] = (annotation, None)
        out_fields[key] = (annotation | None, None)
    create_fields["visibility"] = (str, Field("team", pattern=VISIBILITY))
    patch_fields["visibility"] = (str, Field(None, pattern=VISIBILITY))
    if rtype.has_profile:
        create_fields["profile"] = (dict[str, str], {})
        patch_fields["profile"] = (dict[str, str], None)
        out_fields["profile"] = (dict[str, str], {})
    name = rtype.model.__name__
    return (
        create_model(f"{name}In", **create_fields),
        create_model(f"{name}Patch", **patch_fields),
        create_model(f"{name}Out", **out_fields),
    )


def _out(rtype: RecordType, record: CaseRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": record.public_id,
        "task_key": record.task_key,
        "url": record_url(record),
        "visibility": record.visibility_code,
    }
    for name in rtype.fields:
        field = rtype.field(name)
        if isinstance(field, models.ForeignKey):
            target = getattr(record, name)
            data[f"{name}_id"] = target.public_id if target is not None else None
        else:
            data[name] = getattr(record, name)
    if rtype.has_profile:
        data["profile"] = record.profile
    return data


def _values(rtype: RecordType, access: CaseAccess, payload: dict[str, Any]) -> dict[str, Any]:
    """Payload (public ids) → service values (objects of this case, or a clear error)."""
    values: dict[str, Any] = {}
    for name in rtype.fields:
        field = rtype.field(name)
        if isinstance(field, models.ForeignKey):
            key = f"{name}_id"
            if key not in payload:
                continue
            ident = payload[key]
            if ident is None:
                values[name] = None
                continue
            related: Any = field.related_model
            target = (
                Party.objects.filter(case=access.case, public_id=ident).first()
                if related is Party
                else records_visible(_rtype_for(related), access.membership)
                .filter(public_id=ident)
                .first()
            )
            if target is None:
                raise ValidationError(
                    {key: f"No {related._meta.verbose_name} {ident} on this case."}
                )
            values[name] = target
        elif name in payload:
            values[name] = payload[name]
    if "profile" in payload and payload["profile"] is not None:
        values["profile"] = payload["profile"]
    if payload.get("visibility") is not None:
        values.update(visibility_fields(payload["visibility"], access.case.parties.all()))
    return values


def _rtype_for(model: Any) -> RecordType:
    return next(rtype for rtype in RECORD_TYPES if rtype.model is model)


def _add_routes(rtype: RecordType) -> None:
    create_schema, patch_schema, out_schema = _schemas(rtype)
    base = f"/{{case_id}}/analysis/{rtype.slug}"
    label = rtype.plural.lower()

    @router.get(
        base,
        response=list[out_schema],
        operation_id=f"{rtype.slug}_list",
        summary=f"List {label} you may read",
    )
    def list_records(request: HttpRequest, case_id: str) -> list[dict[str, Any]]:
        access = case_get_for_user(request.user, case_id)
        return [_out(rtype, r) for r in records_visible(rtype, access.membership)]

    @router.post(
        base,
        response={201: out_schema},
        operation_id=f"{rtype.slug}_create",
        summary=f"Add to {label}",
    )
    def create_record(
        request: HttpRequest, case_id: str, payload: create_schema
    ) -> Status[dict[str, Any]]:
        access = case_get_for_user(request.user, case_id, write=True)
        values = _values(rtype, access, payload.model_dump())
        values.setdefault("visibility", "team")
        record = services.record_create(
            actor=request.user, case=access.case, rtype=rtype, values=values
        )
        return Status(201, _out(rtype, record))

    @router.get(f"{base}/{{record_id}}", response=out_schema, operation_id=f"{rtype.slug}_get")
    def get_record(
        request: HttpRequest, case_id: str, record_id: str, response: HttpResponse
    ) -> dict[str, Any]:
        """Answers the record's ETag: send it in If-Match to change or delete it."""
        _, _, record = record_get_for_user(request.user, case_id, rtype.slug, record_id)
        with_etag(response, record)
        return _out(rtype, record)

    @router.patch(f"{base}/{{record_id}}", response=out_schema, operation_id=f"{rtype.slug}_update")
    def update_record(
        request: HttpRequest,
        case_id: str,
        record_id: str,
        payload: patch_schema,
        response: HttpResponse,
    ) -> dict[str, Any]:
        """Requires If-Match: the record's ETag as you read it (428 without, 412 if stale)."""
        access, _, record = record_get_for_user(
            request.user, case_id, rtype.slug, record_id, write=True
        )
        version = if_match_version(request, record)
        values = _values(rtype, access, payload.model_dump(exclude_unset=True))
        services.record_update(
            actor=request.user,
            record=record,
            rtype=rtype,
            values=values,
            expected_version=version,
        )
        with_etag(response, record)
        return _out(rtype, record)

    @router.delete(
        f"{base}/{{record_id}}", response={204: None}, operation_id=f"{rtype.slug}_delete"
    )
    def delete_record(request: HttpRequest, case_id: str, record_id: str) -> Status[None]:
        """Requires If-Match: the record's ETag as you read it (428 without, 412 if stale)."""
        _, _, record = record_get_for_user(request.user, case_id, rtype.slug, record_id, write=True)
        if_match_version(request, record)
        services.record_delete(actor=request.user, record=record, rtype=rtype)
        return Status(204, None)


for _rtype in RECORD_TYPES:
    _add_routes(_rtype)
    VERSIONED_WRITES.update({f"{_rtype.slug}_update", f"{_rtype.slug}_delete"})


@router.get(
    "/{case_id}/actor-map",
    response=dict[str, Any],
    operation_id="actor_map",
    summary="Actors, ties and network analysis for the actor map",
)
def actor_map(request: HttpRequest, case_id: str) -> dict[str, Any]:
    access = case_get_for_user(request.user, case_id)
    network = actor_network(access)
    data = map_data(network, url_for=actor_url)
    data["analysis"] = {
        "brokers": [
            {"id": b.actor.public_id, "name": b.actor.name, "score": round(b.score, 4)}
            for b in network.brokers
        ],
        "isolated": [a.public_id for a in network.isolated],
        "clusters": [[a.public_id for a in cluster] for cluster in network.clusters],
        "bridges": [{"id": b.actor.public_id, "sides": b.sides} for b in network.bridges],
        "spoilers": [
            {"id": s.spoiler.public_id, "tied": [a.public_id for a, _ in s.tied]}
            for s in network.spoilers
        ],
        "estimated": network.estimated,
    }
    return data
