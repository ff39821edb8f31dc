# mypy: disable-error-code="valid-type"
"""API routes for splits and mergers of actors (analysis/lineage.py), added to the analysis
router before the record routes (so that `actors/merge` is not read as a record id).

No `from __future__ import annotations`: django-ninja reads the schemas from the annotations."""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field, StringConstraints

from peacetrack.accounts.types import person_of
from peacetrack.analysis import lineage
from peacetrack.analysis.access import record_get_for_user, records_visible
from peacetrack.analysis.models import Actor, ActorChange, ActorKind
from peacetrack.analysis.models.lineage import APPROXIMATE_DATE
from peacetrack.analysis.registry import BY_MODEL
from peacetrack.cases.access import CaseAccess, case_get_for_user
from peacetrack.cases.api import VISIBILITY

DatePattern = Annotated[str, StringConstraints(pattern=APPROXIMATE_DATE.pattern, max_length=12)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]
Description = Annotated[str, StringConstraints(max_length=3000, pattern=r"^[^\x00]*$")]
Id = Annotated[str, StringConstraints(min_length=1, max_length=12)]
Kind = Annotated[str, Field(json_schema_extra={"enum": list(ActorKind.values)})]


class SplitIn(Schema):
    date: DatePattern = Field(description="1976, 1976-12 or 1976-12-04; a trailing ~: about")
    successor_ids: list[Id] = Field(default_factory=list, description="existing actors")
    new_names: list[Name] = Field(default_factory=list, description="actors to create")
    new_kind: Kind | None = None
    description: Description = ""
    visibility: str | None = Field(None, pattern=VISIBILITY)


class MergeIn(Schema):
    actor_ids: list[Id] = Field(min_length=2, description="the actors that merge")
    date: DatePattern
    into_id: Id | None = Field(None, description="the existing actor they become")
    new_name: Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00]*$")] = ""
    new_kind: Kind | None = None
    description: Description = ""
    visibility: str = Field("team", pattern=VISIBILITY)


class ActorChangeOut(Schema):
    id: str
    kind: str
    date: str
    description: str
    before_ids: list[str]
    after_ids: list[str]
    visibility: str


def _out(change: ActorChange) -> dict[str, Any]:
    return {
        "id": change.public_id,
        "kind": change.kind,
        "date": change.date,
        "description": change.description,
        "before_ids": [a.public_id for a in change.before.all()],
        "after_ids": [a.public_id for a in change.after.all()],
        "visibility": change.visibility_code,
    }


def _actors(access: CaseAccess, ids: list[str], field: str) -> list[Actor]:
    found = {
        a.public_id: a
        for a in records_visible(BY_MODEL[Actor], access.membership).filter(public_id__in=ids)
    }
    missing = [ident for ident in ids if ident not in found]
    if missing:
        raise ValidationError(
            {field: _("No actor %(id)s on this case.") % {"id": ", ".join(missing)}}
        )
    return [found[ident] for ident in dict.fromkeys(ids)]


def _kind(value: str | None, field: str) -> str:
    if value is not None and value not in ActorKind.values:
        raise ValidationError(
            {field: _("Choose one of: %(keys)s.") % {"keys": ", ".join(ActorKind.values)}}
        )
    return value or ""


# The services' field names as the API names them.
API_FIELDS = {"successors": "successor_ids", "merging": "actor_ids", "into": "into_id"}


def _renamed(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {API_FIELDS.get(name, name): messages for name, messages in exc.message_dict.items()}
    )


def add_routes(router: Router) -> None:
    @router.post(
        "/{case_id}/analysis/actors/merge",
        response={201: ActorChangeOut},
        operation_id="actors_merge",
        summary="Record that several actors became one",
    )
    def merge(request: HttpRequest, case_id: str, payload: MergeIn) -> Status[dict[str, Any]]:
        access = case_get_for_user(request.user, case_id, write=True)
        merging = _actors(access, payload.actor_ids, "actor_ids")
        into = _actors(access, [payload.into_id], "into_id")[0] if payload.into_id else None
        try:
            change = lineage.actor_merge(
                actor=person_of(request),
                case=access.case,
                merging=merging,
                date=payload.date,
                into=into,
                new_name=payload.new_name,
                new_kind=_kind(payload.new_kind, "new_kind"),
                description=payload.description,
                visibility=payload.visibility,
            )
        except ValidationError as exc:
            raise _renamed(exc) from None
        return Status(201, _out(change))

    @router.post(
        "/{case_id}/analysis/actors/{record_id}/split",
        response={201: ActorChangeOut},
        operation_id="actors_split",
        summary="Record that an actor split into two or more",
    )
    def split(
        request: HttpRequest, case_id: str, record_id: str, payload: SplitIn
    ) -> Status[dict[str, Any]]:
        access, _rtype, record = record_get_for_user(
            request.user, case_id, "actors", record_id, write=True
        )
        assert isinstance(record, Actor)
        successors = _actors(access, payload.successor_ids, "successor_ids")
        try:
            change = lineage.actor_split(
                actor=person_of(request),
                predecessor=record,
                date=payload.date,
                successors=successors,
                new_names=payload.new_names,
                new_kind=_kind(payload.new_kind, "new_kind"),
                description=payload.description,
                visibility=payload.visibility,
            )
        except ValidationError as exc:
            raise _renamed(exc) from None
        return Status(201, _out(change))
