# mypy: disable-error-code="valid-type,attr-defined"
"""API routes for step-1 records, one set per record type (generated from the registry), plus
the actor-map data. Mounted under /api/v1/cases.

No `from __future__ import annotations` here: django-ninja reads the payload classes from the
route functions' annotations, which are built at import time (hence, for the type checker, the
payload classes made at run time are valid types here).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from pydantic import Field, create_model
from pydantic.fields import FieldInfo

from peacetrack.accounts.types import person_of
from peacetrack.analysis import services
from peacetrack.analysis.access import record_get_for_user, records_visible
from peacetrack.analysis.display import record_url
from peacetrack.analysis.lineage_api import add_routes as add_lineage_routes
from peacetrack.analysis.network_cache import actor_map_json, network_freshness
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.analysis.selectors import (
    MAX_MONTHS,
    provenance_filtered,
)
from peacetrack.api.errors import VERSIONED_WRITES
from peacetrack.api.etags import if_match_version, with_etag
from peacetrack.cases.access import CaseAccess, case_get_for_user
from peacetrack.cases.api import VISIBILITY
from peacetrack.cases.models import Party
from peacetrack.cases.public_ids import PATTERN as PUBLIC_ID
from peacetrack.cases.records import CaseRecord
from peacetrack.paging import PageQuery, api_page, envelope

router = Router(tags=["analysis"])


def _key(rtype: RecordType, name: str) -> str:
    """The API's name for a payload field: a reference is named by public id, `<name>_id`;
    several records by their public ids, `<singular>_ids` (`actors` → `actor_ids`)."""
    if name in rtype.payload.many_references():
        return f"{name.removesuffix('s')}_ids"
    return f"{name}_id" if name in rtype.payload.references() else name


def _annotation(rtype: RecordType, name: str, info: FieldInfo) -> Any:
    if name in rtype.payload.many_references():
        return list[str]
    if name in rtype.payload.references():
        return str | None if info.default is None and not info.is_required() else str
    return info.rebuild_annotation()


def _schemas(rtype: RecordType) -> tuple[Any, Any, Any]:
    """The API's input, patch and output schemas, from the type's payload."""
    create_fields: dict[str, Any] = {}
    patch_fields: dict[str, Any] = {}
    out_fields: dict[str, Any] = {
        "id": (str, ...),
        "task_key": (str, ...),
        "url": (str, ...),
        "visibility": (str, ...),
    }
    for name, info in rtype.payload.model_fields.items():
        annotation = _annotation(rtype, name, info)
        key = _key(rtype, name)
        if info.is_required():
            create_fields[key] = (annotation, ...)
        else:
            # (pydantic copies a list or dict default for each request)
            create_fields[key] = (annotation, info.get_default(call_default_factory=True))
        # Only what is sent changes; null only where the field may be empty (a date, a link).
        patch_fields[key] = (annotation, None)
        out_fields[key] = (annotation | None, None)
    create_fields["visibility"] = (str, Field("team", pattern=VISIBILITY))
    patch_fields["visibility"] = (str, Field(None, pattern=VISIBILITY))
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
    references = rtype.payload.references()
    many = rtype.payload.many_references()
    for name in rtype.values:
        value = getattr(record, name)
        if name in many:  # (only what the reader may see: records_visible prefetches them)
            data[_key(rtype, name)] = [related.public_id for related in value.all()]
        elif name in references:
            data[_key(rtype, name)] = value.public_id if value is not None else None
        else:
            data[name] = value
    return data


def _values(rtype: RecordType, access: CaseAccess, payload: dict[str, Any]) -> dict[str, Any]:
    """Payload (public ids) → service values (objects of this case, or a clear error); the
    visibility stays the portable code (the service resolves it)."""
    values: dict[str, Any] = {}
    references = rtype.payload.references()
    for name in rtype.values:
        key = _key(rtype, name)
        if key not in payload:
            continue
        if name not in references or payload[key] is None:
            values[name] = payload[key]
            continue
        if name in rtype.payload.many_references():
            values[name] = [_target(rtype, access, name, ident) for ident in payload[key]]
        else:
            values[name] = _target(rtype, access, name, payload[key])
    if payload.get("visibility") is not None:
        values["visibility"] = payload["visibility"]
    return values


def _target(rtype: RecordType, access: CaseAccess, name: str, ident: str, *, key: str = "") -> Any:
    """The party or the record of this case, visible to the reader, that `ident` names (a
    refusal names `key`, by default the field's name in the payload)."""
    related: Any = rtype.field(name).related_model
    target = (
        Party.objects.filter(case=access.case, public_id=ident).first()
        if related is Party
        else records_visible(_rtype_for(related), access.membership).filter(public_id=ident).first()
    )
    if target is None:
        raise ValidationError(
            {
                key or _key(rtype, name): _("No %(kind)s %(id)s on this case.")
                % {"kind": related._meta.verbose_name, "id": ident}
            }
        )
    return target


def _rtype_for(model: Any) -> RecordType:
    return next(rtype for rtype in RECORD_TYPES if rtype.model is model)


class ProvenanceFilters(PageQuery):
    """Where the facts came from, on every list (selectors.provenance_filtered), and the
    page (`cursor`, `limit`)."""

    unconfirmed: bool = False
    older_than: int | None = Field(None, ge=1, le=MAX_MONTHS)


def _reference_filters(rtype: RecordType) -> dict[str, str]:
    """The list's filters on the records it names, as on its page (the positions by actor and
    issue, the history by the actors and issues it names): field → query name, one public id
    named as the API names a reference (`actor_id`, `issue_id`)."""
    return {
        name: f"{name.removesuffix('s')}_id"
        for name in rtype.filters
        if rtype.field(name).is_relation
    }


def _filters_schema(rtype: RecordType) -> Any:
    """The list's query: where the facts came from, and the records it names."""
    fields: dict[str, Any] = {}
    for name, key in _reference_filters(rtype).items():
        related: Any = rtype.field(name).related_model
        kind = related._meta.verbose_name
        fields[key] = (
            str | None,
            Field(None, pattern=f"^{PUBLIC_ID}$", description=f"Only those naming this {kind}"),
        )
    return create_model(f"{rtype.model.__name__}Filters", __base__=ProvenanceFilters, **fields)


def _add_routes(rtype: RecordType) -> None:
    create_schema, patch_schema, out_schema = _schemas(rtype)
    filters_schema = _filters_schema(rtype)
    base = f"/{{case_id}}/analysis/{rtype.slug}"
    label = str(rtype.plural).lower()

    @router.get(
        base,
        response=envelope(out_schema),
        operation_id=f"{rtype.slug}_list",
        summary=f"List {label} you may read",
    )
    def list_records(
        request: HttpRequest,
        case_id: str,
        filters: Query[filters_schema],
    ) -> dict[str, Any]:
        """`unconfirmed=true`: only what the team rates low confidence or is only alleged by
        someone. `older_than=N`: only information dated more than N months ago (1 to 1200;
        records with no date of the information are left out). A filter on a record it names
        (`actor_id`, `issue_id`) takes that record's id; one you may not read answers 422, as one
        that does not exist. A page at a time, in the list page's order."""
        access = case_get_for_user(request.user, case_id)
        records = records_visible(rtype, access.membership)
        for name, key in _reference_filters(rtype).items():
            ident = getattr(filters, key)
            if ident is not None:
                records = records.filter(**{name: _target(rtype, access, name, ident, key=key)})
        params: dict[str, str] = {"unconfirmed": "yes" if filters.unconfirmed else ""}
        if filters.older_than is not None:  # (1 to MAX_MONTHS: the schema says so)
            params["older_than"] = str(filters.older_than)
        records = provenance_filtered(rtype, records, params, {})
        return api_page(records, filters, lambda rows: [_out(rtype, r) for r in rows])

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
        record = services.record_create(
            actor=person_of(request), case=access.case, rtype=rtype, values=values
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
            actor=person_of(request),
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
        services.record_delete(actor=person_of(request), record=record, rtype=rtype)
        return Status(204, None)


add_lineage_routes(router)  # first: `actors/merge` is not a record id
for _rtype in RECORD_TYPES:
    _add_routes(_rtype)
    VERSIONED_WRITES.update({f"{_rtype.slug}_update", f"{_rtype.slug}_delete"})


@router.get(
    "/{case_id}/actor-map",
    response=dict[str, Any],
    operation_id="actor_map",
    summary="Actors, ties and network analysis for the actor map",
)
def actor_map(
    request: HttpRequest, case_id: str, as_of: datetime.date | None = None
) -> HttpResponse:
    """The actor map now, or as it stood on a past day (`as_of=YYYY-MM-DD`: the ties that had
    started by then and not yet ended; today or a later day gives the map now). Compact, in
    columns (2,000 actors and 10,000 ties take about 250 KB):

    - `computed_at` (when the analysis was computed) and `recomputing` (true while a change
      made since is being taken into account in the background: the data is the last result,
      complete but not up to date; ask again later); `as_of`: the day shown, or null for now;
    - `nodes`: one list per field, the n-th item of each for the n-th actor: `id` (public id),
      `name`, `kind` (position in `kinds.actor`), `side` (position in `sides`: the party's
      short name, or null), `degree` (ties), `camp` (its `index` in `camps`, null without a
      tie), `broker` (0 to 1: how many cooperative routes run through it); then the positions
      of the actors that `stands_for_party`, that are a potential `spoiler`, and that are
      `flagged` by the analysis (brokers and bridges);
    - `links`: likewise one list per field, for each tie: `source` and `target` (positions in
      `nodes`), `kind` (position in `kinds.tie`), `strength` (1 to 3), `confidence` (position
      in `confidences.values`); `directed`: the positions of the directed ties;
    - `kinds.actor`: [key, label]; `kinds.tie`: [key, label, negative] (hostility and rivalry
      are negative; a tie's weight is its strength times `confidences.weights` of its
      confidence); `camps`: index, size, label and the actor it is `named_after`;
      `frustrated`: the ties (positions in `links`) that cut across the camps;
    - `analysis`: `brokers` [actor, score], `isolated` [actor], `bridges` [actor, [sides]],
      `channels` (sides, total, carrier actor, carried), `spoilers` [actor, [tied actors]],
      and whether betweenness was `estimated` from a sample; actors and sides by position;
    - `actor_url`: each actor's page, with its `id` in place of `{id}`."""
    access = case_get_for_user(request.user, case_id)
    day = as_of if as_of is not None and as_of < timezone.localdate() else None
    return HttpResponse(actor_map_json(access, as_of=day), content_type="application/json")


@router.get(
    "/{case_id}/actor-map/state",
    response=dict[str, Any],
    operation_id="actor_map_state",
    summary="Whether the actor map's analysis is being recomputed",
)
def actor_map_state(
    request: HttpRequest, case_id: str, as_of: datetime.date | None = None
) -> dict[str, Any]:
    """`computed_at` and `recomputing` of the actor map (same parameters): cheap to ask
    again and again until the recompute is done."""
    access = case_get_for_user(request.user, case_id)
    day = as_of if as_of is not None and as_of < timezone.localdate() else None
    return network_freshness(access, as_of=day).as_json()
