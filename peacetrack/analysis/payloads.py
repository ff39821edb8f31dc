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
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    SerializerFunctionWrapHandler,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_serializer,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from peacetrack.analysis.models.actors import ActorKind, Constituency, Strength, TieKind
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
from peacetrack.cases.dates import ApproxDate, ApproxDateStr, OptionalApproxDateStr
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
    blank: bool = False  # "" too (not stated)

    def check(self, value: str) -> str:
        if self.blank and value == "":
            return value
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
        return {"type": "string", "enum": ([""] if self.blank else []) + list(self.values)}


def choice(choices: type[models.TextChoices], *, blank: bool = False) -> Choice:
    return Choice(tuple(str(value) for value in choices.values), blank=blank)


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
    """Marks a field that names another record or a party (a foreign key of the model), or
    several records (`many`: a many-to-many field of the model)."""

    many: bool = False


def _a_record(value: Any) -> Any:
    if value is not None and not isinstance(value, models.Model):
        raise refuse(_("Name a record of this case."))
    return value


# A reference as the services receive it: the object (checked to be of this case by the
# services); in the API and the case file, a string.
Ref = Annotated[Any, Reference(), AfterValidator(_a_record), WithJsonSchema({"type": "string"})]


def _records(values: Any) -> list[Any]:
    found: list[Any] = []
    for value in values or []:
        _a_record(value)
        if value is None:
            raise refuse(_("Name a record of this case."))
        if value not in found:  # named twice: once
            found.append(value)
    return found


# Several records (a many-to-many field): in the API a list of public ids, in the case file a
# list of file references.
Refs = Annotated[
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


def _information_not_in_the_future(day: datetime.date | None) -> datetime.date | None:
    if day is not None and day > timezone.localdate():
        raise refuse(_("The date of the information cannot be in the future."))
    return day


class ProvenancePayload(BaseModel):
    """Where a fact came from (the record core's Provenance, cases/records.py): every step-1
    record holds these four values, and so does each answer of an actor's profile. All
    optional; a blank confidence means "not stated"."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    source_note: Annotated[str, Text(500)] = ""
    information_date: Annotated[
        datetime.date | None, AfterValidator(_information_not_in_the_future)
    ] = None
    confidence: Annotated[str, choice(Confidence, blank=True)] = ""
    alleged_by: Annotated[str, Text(200)] = ""


PROVENANCE_FIELDS = tuple(ProvenancePayload.model_fields)


class RecordPayload(ProvenancePayload):
    """The values of one step-1 record (subclassed once per record type), with where they
    came from (ProvenancePayload)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def references(cls) -> tuple[str, ...]:
        """The fields that name another record or a party (one, or several)."""
        return _references(cls)

    @classmethod
    def many_references(cls) -> tuple[str, ...]:
        """The fields that name several records (the model's many-to-many fields)."""
        return _many_references(cls)

    @classmethod
    def extensible(cls) -> dict[str, str]:
        """The fields holding an item of a list the team can extend: {field: list key}."""
        return _extensible(cls)


@functools.cache
def _references(payload: type[RecordPayload]) -> tuple[str, ...]:
    return tuple(
        name
        for name, info in payload.model_fields.items()
        if any(isinstance(m, Reference) for m in info.metadata)
    )


@functools.cache
def _many_references(payload: type[RecordPayload]) -> tuple[str, ...]:
    return tuple(
        name
        for name, info in payload.model_fields.items()
        if any(isinstance(m, Reference) and m.many for m in info.metadata)
    )


# Dates. Step 1 records the past: a date may be a year, a month or a day, "about" or not
# (cases/dates.py); none before the year 1000 (a typing slip, not a history). The pages ask to
# confirm one before 1900 (analysis/forms.py); the API and imports accept it.
EARLIEST_YEAR = 1000


def _not_before_1000(value: str | None) -> str | None:
    if value and ApproxDate.parse(value).year < EARLIEST_YEAR:
        raise refuse(_("A year before 1000 is surely a typing slip: check the date."))
    return value


def _real_date_not_before_1000(value: datetime.date) -> datetime.date:
    if value.year < EARLIEST_YEAR:
        raise refuse(_("A year before 1000 is surely a typing slip: check the date."))
    return value


PastDate = Annotated[ApproxDateStr, AfterValidator(_not_before_1000)]
OptionalPastDate = Annotated[OptionalApproxDateStr, AfterValidator(_not_before_1000)]


def _starts_before_it_ends(start: str | None, end: str | None) -> None:
    """An end may not come before the start (at the precision recorded: "2019" may end in
    "2019-05")."""
    if start and end and ApproxDate.parse(end).last_day < ApproxDate.parse(start).first_day:
        raise refuse(_("The end date is before the start date."))


def _extensible(payload: type[RecordPayload]) -> dict[str, str]:
    return {
        name: m.list_key
        for name, info in payload.model_fields.items()
        for m in info.metadata
        if isinstance(m, Extensible)
    }


# Contested issues (1.1.1)


def _levels_in_order(levels: list[str]) -> list[str]:
    return [level for level in IssueLevel.values if level in levels]


RANK_MAX = 999  # an issue's place in the team's order (ContestedIssue.rank)


class IssuePayload(RecordPayload):
    title: Annotated[str, Text(200, required=True)]
    category: Annotated[str, extensible("issue_categories")]
    levels: Annotated[
        list[Annotated[str, choice(IssueLevel)]], AfterValidator(_levels_in_order)
    ] = Field(default_factory=list)
    scope: Annotated[str, choice(IssueScope)] = IssueScope.CORE.value
    rank: Annotated[int, Field(ge=1, le=RANK_MAX)] | None = None
    description: Annotated[str, Text(5000)] = ""
    emergence: Annotated[str, Text(5000)] = ""
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


class PositionPayload(RecordPayload):
    actor: Ref  # a party's position is its standing actor's
    issue: Ref
    position: Annotated[str, Text(3000, required=True)]
    interests: Annotated[str, Text(3000)] = ""
    fears: Annotated[str, Text(3000)] = ""
    flexibility: Annotated[str, choice(Flexibility)] = Flexibility.UNKNOWN.value


# Actors and ties (1.2)


class ProfileAnswer(ProvenancePayload):
    """One answer of an actor's profile, with where it came from. The API and the case file
    accept a plain string as shorthand for {"text": ...}; they always give objects back, the
    text first and without empty provenance values."""

    # (an empty answer is no answer: the actor's profile leaves it out)
    text: Annotated[str, StringConstraints(max_length=MAX_ANSWER)]

    @model_serializer(mode="wrap")
    def _text_first(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        dumped: dict[str, Any] = handler(self)
        return {
            key: dumped[key]
            for key in ("text", *PROVENANCE_FIELDS)
            if dumped.get(key) not in (None, "")
        }


def _shorthand(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


Answer = Annotated[
    ProfileAnswer,
    BeforeValidator(_shorthand),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "maxLength": MAX_ANSWER},
                {**ProfileAnswer.model_json_schema(), "additionalProperties": False},
            ]
        }
    ),
]


def _constituencies_in_order(keys: list[str]) -> list[str]:
    return [key for key in Constituency.values if key in keys]


class ActorPayload(RecordPayload):
    name: Annotated[str, Text(200, required=True)]
    kind: Annotated[str, choice(ActorKind)]
    party: OptionalRef = None
    # The party this actor stands for (its side is that party); set when the party is created.
    stands_for: OptionalRef = None
    potential_spoiler: bool = False
    constituencies: Annotated[
        list[Annotated[str, choice(Constituency)]], AfterValidator(_constituencies_in_order)
    ] = Field(default_factory=list)
    description: Annotated[str, Text(5000)] = ""
    # Answers to the profile questions of the actor's kind (analysis/profiles.py).
    profile: dict[str, Answer] = Field(default_factory=dict)

    @field_validator("stands_for")
    @classmethod
    def _sides_with_its_party(cls, stands_for: Any, info: ValidationInfo) -> Any:
        party = info.data.get("party")
        if stands_for is not None and party is not None and party != stands_for:
            raise refuse(_("An actor that stands for a party sides with that party."))
        return stands_for

    @field_validator("constituencies", mode="before")
    @classmethod
    def _known_constituencies(cls, value: Any) -> Any:
        return [] if value is None else value

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


def _not_in_the_future(started: str | None) -> str | None:
    if started and ApproxDate.parse(started).first_day > timezone.localdate():
        raise refuse(_("The tie cannot start in the future."))
    return started


class TiePayload(RecordPayload):
    source: Ref
    target: Ref
    kind: Annotated[str, choice(TieKind)]
    directed: bool = False
    strength: Annotated[int, Field(ge=min(Strength.values), le=max(Strength.values))] = (
        Strength.MODERATE.value
    )
    started: Annotated[OptionalPastDate, AfterValidator(_not_in_the_future)] = None
    ended: OptionalPastDate = None
    note: Annotated[str, Text(3000)] = ""

    @field_validator("target")
    @classmethod
    def _two_actors(cls, target: Any, info: ValidationInfo) -> Any:
        source = info.data.get("source")
        if source is not None and target is not None and source == target:
            raise refuse(_("A tie links two different actors."))
        return target

    @field_validator("ended")
    @classmethod
    def _ends_after_it_starts(cls, ended: str | None, info: ValidationInfo) -> str | None:
        _starts_before_it_ends(info.data.get("started"), ended)
        return ended


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
    actor: Ref  # who controls it
    kind: Annotated[str, choice(ResourceKind)]
    lootable: bool = False
    hold: Annotated[str, choice(Hold)] = Hold.UNKNOWN.value
    description: Annotated[str, Text(3000)] = ""


def _not_after_today(assessed_on: datetime.date) -> datetime.date:
    if assessed_on > timezone.localdate():
        raise refuse(_("An assessment cannot be dated in the future."))
    return assessed_on


class StrengthPayload(RecordPayload):
    actor: Ref  # a party's strength is its standing actor's
    assessed_on: Annotated[
        datetime.date,
        AfterValidator(_real_date_not_before_1000),
        AfterValidator(_not_after_today),
    ]
    strength: Annotated[int, Field(ge=1, le=5)]
    trend: Annotated[str, choice(Trend)] = Trend.STABLE.value
    rationale: Annotated[str, Text(3000, required=True)]


class LeveragePayload(RecordPayload):
    source: Annotated[str, extensible("sources_of_leverage")]
    offers: Annotated[str, Text(3000, required=True)]
    holders: Refs = Field(default_factory=list)


# History (1.1)


class HistoryEventPayload(RecordPayload):
    date: PastDate
    title: Annotated[str, Text(200, required=True)]
    kind: Annotated[str, choice(EventKind)] = EventKind.EVENT.value
    actors: Refs = Field(default_factory=list)
    issues: Refs = Field(default_factory=list)
    mediation: OptionalRef = None
    description: Annotated[str, Text(5000)] = ""


class MediationPayload(RecordPayload):
    mediator: Annotated[str, Text(200, required=True)]
    started_on: OptionalPastDate = None
    ended_on: OptionalPastDate = None
    format: Annotated[str, Text(300)] = ""
    outcome: Annotated[str, choice(Outcome)] = Outcome.UNKNOWN.value
    helps: Annotated[str, Text(3000)] = ""
    hurts: Annotated[str, Text(3000)] = ""

    @field_validator("ended_on")
    @classmethod
    def _ends_after_it_starts(cls, ended_on: str | None, info: ValidationInfo) -> str | None:
        _starts_before_it_ends(info.data.get("started_on"), ended_on)
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
