"""What each kind of step-1 record holds, as one pydantic payload per type.

A payload is the single source for a record type's values: the API builds its input and output
schemas from it (analysis/api.py), the case file's JSON Schema for the type is derived from it
(analysis/casefile.py), and the services validate every write with it (analysis/services.py),
so the type's own rules are validators here. Field names are the model's; a reference to
another record or a party is a `Ref` (the services receive the object; the API names it by
public id as `<name>_id`, the case file by file reference or short name).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from peacetrack.analysis.models.actors import ActorKind, Strength, TieKind
from peacetrack.analysis.models.base import Confidence, Rating
from peacetrack.analysis.models.context import FactorStatus, InstitutionKind, Origin
from peacetrack.analysis.models.history import EventKind, Outcome
from peacetrack.analysis.models.issues import (
    Compatibility,
    Flexibility,
    Gain,
    IssueLevel,
    IssueScope,
)
from peacetrack.analysis.models.lists import OWN_KEY_MAX, OWN_KEY_PATTERN
from peacetrack.analysis.models.power import Hold, ResourceKind, Trend
from peacetrack.analysis.profiles import MAX_ANSWER, clean_profile
from peacetrack.api.messages import pydantic_message
from peacetrack.methodology.loader import get_methodology


def refuse(message: str) -> PydanticCustomError:
    """A rule's refusal with exactly this message (already translated)."""
    return PydanticCustomError("rule", "{message}", {"message": message})


@dataclass(frozen=True)
class Choice:
    """A string that must be one of `values` (a model's choices or a handbook list's keys);
    the JSON Schema lists them as an enum."""

    values: tuple[str, ...]
    handbook: bool = False  # the keys of one of the handbook's lists

    def check(self, value: str) -> str:
        if value not in self.values:
            if self.handbook:
                raise refuse(_("Choose one of: %(keys)s.") % {"keys": ", ".join(self.values)})
            raise refuse(
                _("Value %(value)r is not a valid choice. Choose one of: %(keys)s.")
                % {"value": value, "keys": ", ".join(self.values)}
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


def choice(choices: type[models.TextChoices]) -> Choice:
    return Choice(tuple(str(value) for value in choices.values))


def handbook_list(key: str) -> Choice:
    return Choice(tuple(item.key for item in get_methodology().lists[key].items), handbook=True)


@dataclass(frozen=True)
class Extensible:
    """A string that is an item of a list the team can extend (analysis/lists.py): a built-in
    key, or one of the case's own (`own-...`), which the services check against the case."""

    list_key: str

    def builtin(self) -> tuple[str, ...]:
        from peacetrack.analysis.lists import builtin_keys

        return builtin_keys(self.list_key)

    def check(self, value: str) -> str:
        if value not in self.builtin() and not OWN_KEY.match(value):
            raise refuse(
                _("Choose one of: %(keys)s, or one of the case's own items.")
                % {"keys": ", ".join(self.builtin())}
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "string", "enum": list(self.builtin())},
                {"type": "string", "pattern": OWN_KEY_PATTERN, "maxLength": OWN_KEY_MAX},
            ]
        }


def extensible(list_key: str) -> Extensible:
    return Extensible(list_key)


OWN_KEY = re.compile(OWN_KEY_PATTERN)


@dataclass(frozen=True)
class Reference:
    """Marks a field that names another record or a party (a foreign key of the model; with
    `many`, a list of records: a many-to-many field)."""

    many: bool = False


def _a_record(value: Any) -> Any:
    if value is not None and not isinstance(value, models.Model):
        raise refuse(_("Name a record of this case."))
    return value


# A reference as the services receive it: the object (checked to be of this case by the
# services); in the API and the case file, a string.
Ref = Annotated[Any, Reference(), AfterValidator(_a_record), WithJsonSchema({"type": "string"})]


def _records(values: Any) -> Any:
    for value in values:
        _a_record(value)
    return values


# Several records (a many-to-many field); in the API and the case file, a list of strings.
RefList = Annotated[
    list[Any],
    Reference(many=True),
    AfterValidator(_records),
    WithJsonSchema({"type": "array", "items": {"type": "string"}}),
]
OptionalRef = Annotated[
    Any,
    Reference(),
    AfterValidator(_a_record),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "null"}]}),
]


def Text(max_length: int, *, required: bool = False) -> StringConstraints:
    return StringConstraints(max_length=max_length, min_length=1 if required else None)


class RecordPayload(BaseModel):
    """The values of one step-1 record (subclassed once per record type)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def references(cls) -> tuple[str, ...]:
        """The fields that name another record or a party (one, or a list)."""
        return _references(cls)

    @classmethod
    def many_references(cls) -> tuple[str, ...]:
        """The fields that name a list of records (many-to-many)."""
        return _references(cls, many=True)

    @classmethod
    def extensible(cls) -> dict[str, str]:
        """The fields holding an item of a list the team can extend: {field: list key}."""
        return _extensible(cls)


@functools.cache
def _references(payload: type[RecordPayload], many: bool = False) -> tuple[str, ...]:
    return tuple(
        name
        for name, info in payload.model_fields.items()
        if any(isinstance(m, Reference) and (m.many or not many) for m in info.metadata)
    )


@functools.cache
def _extensible(payload: type[RecordPayload]) -> dict[str, str]:
    return {
        name: m.list_key
        for name, info in payload.model_fields.items()
        for m in info.metadata
        if isinstance(m, Extensible)
    }


# Contested issues (1.1.1)


class DatedEntry(BaseModel):
    """One dated entry of an issue's history."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    date: datetime.date
    # Not blank, in both regex dialects: JSON Schema's \s (ECMA) lacks some of what Python
    # strips (\x1c-\x1f, \x85), so they are named.
    description: Annotated[
        str,
        StringConstraints(
            min_length=1, max_length=500, pattern=r"^[^\x00]*[^\x00\s\x1c-\x1f\x85][^\x00]*$"
        ),
    ]


def _levels_in_order(levels: list[str]) -> list[str]:
    return [level for level in IssueLevel.values if level in levels]


def _events_in_order(events: list[DatedEntry]) -> list[DatedEntry]:
    return sorted(events, key=lambda event: event.date)


class IssuePayload(RecordPayload):
    title: Annotated[str, Text(200, required=True)]
    category: Annotated[str, extensible("issue_categories")]
    levels: Annotated[
        list[Annotated[str, choice(IssueLevel)]], AfterValidator(_levels_in_order)
    ] = Field(default_factory=list)
    scope: Annotated[str, choice(IssueScope)] = IssueScope.CORE.value
    description: Annotated[str, Text(5000)] = ""
    emergence: Annotated[str, Text(5000)] = ""
    events: Annotated[list[DatedEntry], AfterValidator(_events_in_order)] = Field(
        default_factory=list
    )
    positions_clash: bool = False
    interests_compatible: Annotated[str, choice(Compatibility)] = Compatibility.UNKNOWN.value
    compatibility_note: Annotated[str, Text(2000)] = ""

    @field_validator("levels", mode="before")
    @classmethod
    def _known_levels(cls, value: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, list) or any(level not in IssueLevel.values for level in value):
            raise refuse(
                _("Levels must be among %(levels)s.") % {"levels": ", ".join(IssueLevel.values)}
            )
        return value

    @field_validator("events", mode="before")
    @classmethod
    def _dated_entries(cls, value: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, list):
            raise refuse(_("Events must be a list of dated entries."))
        for position, event in enumerate(value, start=1):
            if isinstance(event, DatedEntry):
                continue
            if not isinstance(event, dict) or set(event) - {"date", "description"}:
                raise refuse(_("Event %(n)d must have a date and a description.") % {"n": position})
            date = event.get("date", "")
            if not isinstance(date, datetime.date):
                try:
                    datetime.date.fromisoformat(str(date))
                except ValueError:
                    raise refuse(
                        _("Event %(n)d: %(date)r is not a date (YYYY-MM-DD).")
                        % {"n": position, "date": date}
                    ) from None
            description = event.get("description", "")
            if (
                not isinstance(description, str)
                or not description.strip()
                or len(description.strip()) > 500
            ):
                raise refuse(
                    _("Event %(n)d needs a description of at most 500 characters.")
                    % {"n": position}
                )
        return value


class PositionPayload(RecordPayload):
    party: Ref
    issue: Ref
    position: Annotated[str, Text(3000, required=True)]
    interests: Annotated[str, Text(3000)] = ""
    fears: Annotated[str, Text(3000)] = ""
    flexibility: Annotated[str, choice(Flexibility)] = Flexibility.UNKNOWN.value
    confidence: Annotated[str, choice(Confidence)] = Confidence.MEDIUM.value


# Actors and ties (1.2)

Answer = Annotated[str, StringConstraints(max_length=MAX_ANSWER)]


class ActorPayload(RecordPayload):
    name: Annotated[str, Text(200, required=True)]
    kind: Annotated[str, choice(ActorKind)]
    party: OptionalRef = None
    potential_spoiler: bool = False
    description: Annotated[str, Text(5000)] = ""
    # Answers to the profile questions of the actor's kind (analysis/profiles.py).
    profile: dict[str, Answer] = Field(default_factory=dict)

    @field_validator("profile", mode="before")
    @classmethod
    def _questions_of_its_kind(cls, value: Any, info: ValidationInfo) -> Any:
        if "kind" not in info.data:
            return value or {}  # the kind is refused already; its questions are unknown
        try:
            return clean_profile(
                info.data["kind"], bool(info.data.get("potential_spoiler")), value or {}
            )
        except ValueError as exc:
            raise refuse(str(exc)) from None


def _not_in_the_future(since: datetime.date | None) -> datetime.date | None:
    if since is not None and since > timezone.localdate():
        raise refuse(_("The tie cannot start in the future."))
    return since


class TiePayload(RecordPayload):
    source: Ref
    target: Ref
    kind: Annotated[str, choice(TieKind)]
    directed: bool = False
    strength: Annotated[int, Field(ge=min(Strength.values), le=max(Strength.values))] = (
        Strength.MODERATE.value
    )
    since: Annotated[datetime.date | None, AfterValidator(_not_in_the_future)] = None
    confidence: Annotated[str, choice(Confidence)] = Confidence.MEDIUM.value
    source_note: Annotated[str, Text(500)] = ""
    note: Annotated[str, Text(3000)] = ""

    @field_validator("target")
    @classmethod
    def _two_actors(cls, target: Any, info: ValidationInfo) -> Any:
        source = info.data.get("source")
        if source is not None and target is not None and source == target:
            raise refuse(_("A tie links two different actors."))
        return target


class BeneficiaryPayload(RecordPayload):
    actor: Ref
    gain: Annotated[str, choice(Gain)]
    how: Annotated[str, Text(3000, required=True)]


# Context (1.3)


class InstitutionPayload(RecordPayload):
    name: Annotated[str, Text(200, required=True)]
    kind: Annotated[str, choice(InstitutionKind)]
    origin: Annotated[str, choice(Origin)]
    capacity: Annotated[str, choice(Rating)] = Rating.UNKNOWN.value
    legitimacy: Annotated[str, choice(Rating)] = Rating.UNKNOWN.value
    description: Annotated[str, Text(5000)] = ""


class IntractabilityPayload(RecordPayload):
    factor: Annotated[str, extensible("intractability_factors")]
    status: Annotated[str, choice(FactorStatus)] = FactorStatus.UNKNOWN.value
    evidence: Annotated[str, Text(5000)] = ""


# Power (1.4)


class ResourcePayload(RecordPayload):
    actor: Ref
    kind: Annotated[str, choice(ResourceKind)]
    hold: Annotated[str, choice(Hold)] = Hold.UNKNOWN.value
    description: Annotated[str, Text(3000)] = ""


class StrengthPayload(RecordPayload):
    party: Ref
    assessed_on: datetime.date
    strength: Annotated[int, Field(ge=1, le=5)]
    trend: Annotated[str, choice(Trend)] = Trend.STABLE.value
    rationale: Annotated[str, Text(3000, required=True)]


class LeveragePayload(RecordPayload):
    source: Annotated[str, extensible("sources_of_leverage")]
    offers: Annotated[str, Text(3000, required=True)]
    holders: RefList = Field(default_factory=list)


# History (1.1)


class HistoryEventPayload(RecordPayload):
    date: datetime.date
    title: Annotated[str, Text(200, required=True)]
    kind: Annotated[str, choice(EventKind)] = EventKind.EVENT.value
    issue: OptionalRef = None
    description: Annotated[str, Text(5000)] = ""


class MediationPayload(RecordPayload):
    mediator: Annotated[str, Text(200, required=True)]
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    format: Annotated[str, Text(300)] = ""
    outcome: Annotated[str, choice(Outcome)] = Outcome.UNKNOWN.value
    helps: Annotated[str, Text(3000)] = ""
    hurts: Annotated[str, Text(3000)] = ""

    @field_validator("ended_on")
    @classmethod
    def _ends_after_it_starts(
        cls, ended_on: datetime.date | None, info: ValidationInfo
    ) -> datetime.date | None:
        started_on = info.data.get("started_on")
        if started_on and ended_on and ended_on < started_on:
            raise refuse(_("The end date is before the start date."))
        return ended_on


def error_messages(errors: Iterable[Any]) -> dict[str, list[str]]:
    """A pydantic ValidationError's errors as {field: [message]}, the first location naming
    the field (as Django's ValidationError carries them)."""
    found: dict[str, list[str]] = {}
    for error in errors:
        location = error.get("loc") or ("__all__",)
        field = str(location[0])
        message = pydantic_message(error)
        if len(location) > 1 and error["type"] != "rule":
            where = ".".join(str(part) for part in location[1:])
            message = f"{where}: {message}"
        found.setdefault(field, []).append(message)
    return found
