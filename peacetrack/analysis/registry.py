"""The kinds of step-1 record, described once and used by the services, pages, API and case file.

Each RecordType names its model, the fields people edit, how lists filter, which other records
it points at (for visibility), the task it serves, and its own rules (`check`). Adding a record
type means adding one entry here plus its model (docs/architecture.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone

from peacetrack.analysis.models import (
    Actor,
    Beneficiary,
    ContestedIssue,
    HistoryEvent,
    Institution,
    IntractabilityAssessment,
    LeverageSource,
    MediationAttempt,
    Position,
    Resource,
    StrengthAssessment,
    Tie,
)
from peacetrack.analysis.models.actors import ACTOR_TASKS
from peacetrack.analysis.models.issues import IssueLevel
from peacetrack.analysis.profiles import clean_profile
from peacetrack.cases.models import Case
from peacetrack.cases.records import CaseRecord
from peacetrack.methodology.loader import get_methodology

Check = Callable[[Case, dict[str, Any]], None]


@dataclass(frozen=True)
class RecordType:
    slug: str
    model: type[CaseRecord]
    label: str
    plural: str
    activity: str  # the methodology activity it belongs to, e.g. "1.2"
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    filters: tuple[str, ...] = ()
    through: tuple[str, ...] = ()  # foreign keys to other visible analysis records
    related: tuple[str, ...] = ()  # select_related for lists
    ref: str = ""  # case-file reference prefix for records others point at
    search: tuple[str, ...] = ()
    check: Check | None = None
    tasks: tuple[str, ...] = ()  # every task key its records can serve
    # For records that answer one of the handbook's lists item by item ("checklist" types):
    # the list's key and the field holding the item key.
    handbook_list: str = ""
    list_field: str = ""

    def field(self, name: str) -> models.Field[Any, Any]:
        """A concrete model field (typed for the checker; every name here is one)."""
        return cast("models.Field[Any, Any]", self.model._meta.get_field(name))

    @property
    def has_profile(self) -> bool:
        return any(f.name == "profile" for f in self.model._meta.get_fields())


def _check_issue(case: Case, values: dict[str, Any]) -> None:
    levels = values.get("levels") or []
    if not isinstance(levels, list) or any(level not in IssueLevel.values for level in levels):
        raise ValidationError({"levels": f"Levels must be among {', '.join(IssueLevel.values)}."})
    values["levels"] = [level for level in IssueLevel.values if level in levels]
    events = values.get("events") or []
    if not isinstance(events, list):
        raise ValidationError({"events": "Events must be a list of dated entries."})
    cleaned = []
    for position, event in enumerate(events, start=1):
        if not isinstance(event, dict) or set(event) - {"date", "description"}:
            raise ValidationError(
                {"events": f"Event {position} must have a date and a description."}
            )
        try:
            date = datetime.date.fromisoformat(str(event.get("date", "")))
        except ValueError:
            raise ValidationError(
                {"events": f"Event {position}: {event.get('date')!r} is not a date (YYYY-MM-DD)."}
            ) from None
        description = str(event.get("description", "")).strip()
        if not description or len(description) > 500:
            raise ValidationError(
                {"events": f"Event {position} needs a description of at most 500 characters."}
            )
        cleaned.append({"date": date.isoformat(), "description": description})
    values["events"] = sorted(cleaned, key=lambda e: e["date"])


def _check_actor(case: Case, values: dict[str, Any]) -> None:
    try:
        values["profile"] = clean_profile(
            values.get("kind", ""),
            bool(values.get("potential_spoiler")),
            values.get("profile") or {},
        )
    except ValueError as exc:
        raise ValidationError({"profile": str(exc)}) from None


def _check_tie(case: Case, values: dict[str, Any]) -> None:
    source, target = values.get("source"), values.get("target")
    if source is not None and target is not None and source == target:
        raise ValidationError({"target": "A tie links two different actors."})
    since = values.get("since")
    if since and since > timezone.localdate():
        raise ValidationError({"since": "The tie cannot start in the future."})


def _check_list_key(field: str, list_key: str) -> Check:
    def check(case: Case, values: dict[str, Any]) -> None:
        allowed = [item.key for item in get_methodology().lists[list_key].items]
        if values.get(field) not in allowed:
            raise ValidationError({field: f"Choose one of: {', '.join(allowed)}."})

    return check


def _check_dates(start: str, end: str) -> Check:
    def check(case: Case, values: dict[str, Any]) -> None:
        if values.get(start) and values.get(end) and values[end] < values[start]:
            raise ValidationError({end: "The end date is before the start date."})

    return check


RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType(
        slug="issues",
        model=ContestedIssue,
        label="Contested issue",
        plural="Contested issues",
        activity="1.1",
        ref="I",
        tasks=("1.1.1",),
        fields=(
            "title",
            "category",
            "levels",
            "scope",
            "description",
            "emergence",
            "events",
            "positions_clash",
            "interests_compatible",
            "compatibility_note",
        ),
        columns=("category", "scope", "levels"),
        filters=("category", "scope"),
        search=("title", "description"),
        check=_check_issue,
    ),
    RecordType(
        slug="positions",
        model=Position,
        label="Position and interests",
        plural="Positions and interests",
        activity="1.1",
        tasks=("1.1.2",),
        fields=("party", "issue", "position", "interests", "fears", "flexibility", "confidence"),
        columns=("party", "issue", "flexibility", "confidence"),
        filters=("flexibility", "confidence"),
        through=("issue",),
        related=("party", "issue"),
        search=("position", "interests", "fears"),
    ),
    RecordType(
        slug="actors",
        model=Actor,
        label="Actor",
        plural="Actors",
        activity="1.2",
        ref="A",
        tasks=tuple(sorted(set(ACTOR_TASKS.values()))),
        fields=("name", "kind", "party", "potential_spoiler", "description"),
        columns=("kind", "party", "potential_spoiler"),
        filters=("kind", "potential_spoiler"),
        related=("party",),
        search=("name", "description"),
        check=_check_actor,
    ),
    RecordType(
        slug="ties",
        model=Tie,
        label="Tie",
        plural="Ties between actors",
        activity="1.2",
        tasks=("1.2.1",),
        fields=(
            "source",
            "target",
            "kind",
            "directed",
            "strength",
            "since",
            "confidence",
            "source_note",
            "note",
        ),
        columns=("kind", "strength", "confidence", "since"),
        filters=("kind", "confidence"),
        through=("source", "target"),
        related=("source", "target"),
        search=("note", "source_note"),
        check=_check_tie,
    ),
    RecordType(
        slug="beneficiaries",
        model=Beneficiary,
        label="Who gains from the conflict",
        plural="Who gains from the conflict continuing",
        activity="1.1",
        tasks=("1.1.2",),
        fields=("actor", "gain", "how"),
        columns=("actor", "gain"),
        filters=("gain",),
        through=("actor",),
        related=("actor",),
        search=("how",),
    ),
    RecordType(
        slug="institutions",
        model=Institution,
        label="Institution",
        plural="Institutions for managing conflict",
        activity="1.3",
        tasks=("1.3.1",),
        fields=("name", "kind", "origin", "capacity", "legitimacy", "description"),
        columns=("kind", "origin", "capacity", "legitimacy"),
        filters=("kind", "origin"),
        search=("name", "description"),
    ),
    RecordType(
        slug="intractability",
        model=IntractabilityAssessment,
        label="Characteristic of intractability",
        plural="Characteristics of intractability",
        activity="1.3",
        tasks=("1.3.2",),
        fields=("factor", "status", "evidence"),
        columns=("status",),
        filters=("status",),
        search=("evidence",),
        check=_check_list_key("factor", "intractability_factors"),
        handbook_list="intractability_factors",
        list_field="factor",
    ),
    RecordType(
        slug="resources",
        model=Resource,
        label="Resource",
        plural="Resources and control",
        activity="1.4",
        tasks=("1.4.1",),
        fields=("actor", "kind", "hold", "description"),
        columns=("actor", "kind", "hold"),
        filters=("kind", "hold"),
        through=("actor",),
        related=("actor",),
        search=("description",),
    ),
    RecordType(
        slug="strength",
        model=StrengthAssessment,
        label="Strength assessment",
        plural="Relative strength over time",
        activity="1.4",
        tasks=("1.4.2",),
        fields=("party", "assessed_on", "strength", "trend", "rationale"),
        columns=("party", "assessed_on", "strength", "trend"),
        filters=("trend",),
        related=("party",),
        search=("rationale",),
    ),
    RecordType(
        slug="leverage",
        model=LeverageSource,
        label="Source of leverage",
        plural="Sources of leverage",
        activity="1.4",
        tasks=("1.4.2",),
        fields=("source", "offers", "holder"),
        columns=("holder",),
        through=("holder",),
        related=("holder",),
        search=("offers",),
        check=_check_list_key("source", "sources_of_leverage"),
        handbook_list="sources_of_leverage",
        list_field="source",
    ),
    RecordType(
        slug="events",
        model=HistoryEvent,
        label="Historical event",
        plural="History",
        activity="1.1",
        tasks=("1.1.1",),
        fields=("date", "title", "kind", "issue", "description"),
        columns=("date", "kind", "issue"),
        filters=("kind",),
        through=("issue",),
        related=("issue",),
        search=("title", "description"),
    ),
    RecordType(
        slug="mediations",
        model=MediationAttempt,
        label="Earlier mediation attempt",
        plural="Earlier mediation attempts",
        activity="1.1",
        tasks=("3.3.1",),
        fields=("mediator", "started_on", "ended_on", "format", "outcome", "helps", "hurts"),
        columns=("started_on", "ended_on", "outcome"),
        filters=("outcome",),
        search=("mediator", "format", "helps", "hurts"),
        check=_check_dates("started_on", "ended_on"),
    ),
)

BY_SLUG = {rtype.slug: rtype for rtype in RECORD_TYPES}
BY_MODEL = {rtype.model: rtype for rtype in RECORD_TYPES}


def record_type(slug: str) -> RecordType:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise Http404 from None
