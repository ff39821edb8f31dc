"""The kinds of step-1 record, described once and used by the services, pages, API and case file.

Each RecordType names its model, its payload (analysis/payloads.py: the values it holds, their
JSON Schema and its own rules), the fields people edit on its form, how lists filter, which
other records it points at (for visibility), the task it serves, and the hooks for what is its
own (analysis/hooks.py): a special form field, how a value reads, extra sections of its pages.
The generic modules call these hooks and never test for a type. Adding a record type means
adding one entry here plus its model and payload (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from peacetrack.analysis import hooks
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
from peacetrack.analysis.models.actors import ACTOR_TASKS, ActorKind
from peacetrack.analysis.models.history import Outcome
from peacetrack.analysis.models.issues import Compatibility
from peacetrack.analysis.payloads import (
    PROVENANCE_FIELDS,
    ActorPayload,
    BeneficiaryPayload,
    HistoryEventPayload,
    InstitutionPayload,
    IntractabilityPayload,
    IssuePayload,
    LeveragePayload,
    MediationPayload,
    PositionPayload,
    RecordPayload,
    ResourcePayload,
    StrengthPayload,
    TiePayload,
)
from peacetrack.cases.records import CaseRecord
from peacetrack.cases.sources import Informs

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django_stubs_ext import StrOrPromise

    from peacetrack.cases.access import CaseAccess


def _lower(text: StrOrPromise) -> str:
    return str(text).lower()


# The label as it reads inside a sentence, translated when it is read ("added actor …").
lower_lazy = lazy(_lower, str)


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class FormField:
    """A form field of the type's own: how it is made, and how its value becomes the payload's
    (and back, to fill the form)."""

    build: Callable[[], forms.Field]
    to_value: Callable[[Any], Any] = _same
    to_initial: Callable[[Any], Any] = _same


@dataclass(frozen=True)
class Format:
    """How a payload field's value reads on the record's page (`text`; `long`: in a block) and
    in the trail (`trail`, by default `text`)."""

    text: Callable[[Any], str]
    long: bool = False
    trail: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class RecordType:
    slug: str
    model: type[CaseRecord]
    payload: type[RecordPayload]
    label: StrOrPromise  # "Actor" (translated when read)
    plural: StrOrPromise  # "Actors"
    activity: str  # the methodology activity it belongs to, e.g. "1.2"
    # on its form and page, in order (the payload may hold more: where its facts came from,
    # shown by every type in one fieldset, see forms.provenance_fields)
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    filters: tuple[str, ...] = ()
    through: tuple[str, ...] = ()  # foreign keys to other visible analysis records
    related: tuple[str, ...] = ()  # select_related for lists
    ref: str = ""  # case-file reference prefix for records others point at
    search: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()  # every task key its records can serve
    # later tasks some of its records inform (shown on their pages, with the reason)
    informs: tuple[Informs, ...] = ()
    # For records that answer one of the handbook's lists item by item ("checklist" types):
    # the list's key and the field holding the item key.
    handbook_list: str = ""
    list_field: str = ""
    # Hooks: what is the type's own (analysis/hooks.py).
    form_fields: Mapping[str, FormField] = field(default_factory=dict, hash=False, compare=False)
    formats: Mapping[str, Format] = field(default_factory=dict, hash=False, compare=False)
    # labels and value renderers of the keys inside its JSON values (`profile.<key>`), for the
    # trail
    trail_keys: Callable[[], tuple[dict[str, Any], dict[str, Any]]] | None = None
    # extra context of its list page and of a record's page
    list_extra: Callable[[CaseAccess], dict[str, Any]] | None = None
    detail_extra: Callable[[HttpRequest, CaseAccess, Any], dict[str, Any]] | None = None
    # where the form goes once one is added (None: the record's page, or a blank form)
    created: Callable[[HttpRequest, Any], HttpResponse] | None = None
    # a record created with each party (the actor that stands for it): its values for a party,
    # and the one-to-one field naming the party (services.party_records_create; the case-file
    # import adds one for each party the file gives none)
    with_party: Callable[[Any], dict[str, Any]] | None = None
    party_link: str = ""

    def field(self, name: str) -> models.Field[Any, Any]:
        """A concrete model field (typed for the checker; every name here is one)."""
        return cast("models.Field[Any, Any]", self.model._meta.get_field(name))

    def filter_options(self, name: str) -> tuple[list[tuple[str, str]], bool]:
        """The options of a list filter on `name`, and whether the field holds a list of keys
        (a JSON list whose form field is a multiple choice: a record matches if its list holds
        the key)."""
        field = self.field(name)
        if field.get_internal_type() == "BooleanField":
            return [("yes", str(_("Yes"))), ("no", str(_("No")))], False
        own = self.form_fields.get(name)
        if own is not None and isinstance(field, models.JSONField):
            built = own.build()
            choices = getattr(built, "choices", None) or []
            return [(str(k), str(v)) for k, v in choices], True
        return [(str(k), str(v)) for k, v in field.choices or []], False

    @property
    def singular(self) -> StrOrPromise:
        """The label as it reads inside a sentence ("actor"), in the reader's language."""
        return lower_lazy(self.label)

    @property
    def values(self) -> tuple[str, ...]:
        """Every value a record of this type holds: its payload's fields, its own first, then
        where they came from (ProvenancePayload's)."""
        return _own_first(self.payload)


def _own_first(payload: type[RecordPayload]) -> tuple[str, ...]:
    names = tuple(payload.model_fields)
    shared = tuple(name for name in PROVENANCE_FIELDS if name in names)
    return tuple(name for name in names if name not in shared) + shared


RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType(
        slug="issues",
        model=ContestedIssue,
        payload=IssuePayload,
        label=_("Contested issue"),
        plural=_("Contested issues"),
        activity="1.1",
        ref="I",
        tasks=("1.1.1",),
        fields=(
            "title",
            "category",
            "levels",
            "scope",
            "rank",
            "description",
            "emergence",
            "positions_clash",
            "interests_compatible",
            "compatibility_note",
        ),
        columns=("category", "scope", "levels"),
        informs=(
            Informs(
                task="4.4.3",
                why=_("Positions clash but the interests could fit: room for a new formula."),
                where=Q(positions_clash=True, interests_compatible=Compatibility.YES),
            ),
        ),
        filters=("category", "scope"),
        search=("title", "description"),
        form_fields={"levels": FormField(build=hooks.levels_field)},
        formats={"levels": Format(hooks.levels_text)},
        detail_extra=hooks.issue_timeline,
    ),
    RecordType(
        slug="actors",
        model=Actor,
        payload=ActorPayload,
        label=_("Actor"),
        plural=_("Actors"),
        activity="1.2",
        ref="A",
        tasks=tuple(sorted(set(ACTOR_TASKS.values()))),
        fields=("name", "kind", "party", "potential_spoiler", "constituencies", "description"),
        columns=("kind", "party", "stands_for", "constituencies", "potential_spoiler"),
        informs=(
            Informs(
                task="4.2.2",
                why=_("Flagged as a potential spoiler."),
                where=Q(potential_spoiler=True),
            ),
            Informs(
                task="4.2.3",
                why=_(
                    "Civil society, a group in the populace or a constituency at risk of "
                    "exclusion: a voice to include."
                ),
                where=Q(kind__in=[ActorKind.CIVIL_SOCIETY, ActorKind.POPULACE_GROUP])
                | ~Q(constituencies=[]),
            ),
            Informs(
                task="6.3.4",
                why=_("An outside state or organisation that could support implementation."),
                where=Q(kind__in=[ActorKind.STATE, ActorKind.INTERNATIONAL_ORG]),
            ),
        ),
        filters=("kind", "constituencies", "potential_spoiler"),
        related=("party", "stands_for"),
        search=("name", "description"),
        form_fields={"constituencies": FormField(build=hooks.constituencies_field)},
        formats={"constituencies": Format(hooks.constituencies_text)},
        trail_keys=hooks.profile_trail_labels,
        list_extra=hooks.actor_list,
        detail_extra=hooks.actor_detail,
        with_party=hooks.party_actor_values,
        party_link="stands_for",
        created=hooks.actor_created,
    ),
    RecordType(
        slug="positions",
        model=Position,
        payload=PositionPayload,
        label=_("Position and interests"),
        plural=_("Positions and interests"),
        activity="1.1",
        tasks=("1.1.2",),
        # (confidence, with the source, date and allegation: "Where this comes from", as for
        # every type)
        fields=("actor", "issue", "position", "interests", "fears", "flexibility"),
        # (its name says whose position on which issue: "GOV on Autonomy")
        columns=("position", "flexibility", "confidence"),
        informs=(
            Informs(task="4.4.1", why=_("What each side holds to and fears, on each issue.")),
        ),
        filters=("actor", "issue", "flexibility", "confidence"),
        through=("actor", "issue"),
        related=("actor__stands_for", "issue"),
        search=("position", "interests", "fears"),
    ),
    RecordType(
        slug="ties",
        model=Tie,
        payload=TiePayload,
        label=_("Tie"),
        plural=_("Ties between actors"),
        activity="1.2",
        tasks=("1.2.1",),
        fields=(
            "source",
            "target",
            "kind",
            "directed",
            "strength",
            "started",
            "ended",
            "note",
        ),
        columns=("kind", "strength", "confidence", "started", "ended"),
        filters=("kind", "confidence"),
        through=("source", "target"),
        related=("source", "target"),
        search=("note", "source_note"),
    ),
    RecordType(
        slug="beneficiaries",
        model=Beneficiary,
        payload=BeneficiaryPayload,
        label=_("Who gains from the conflict"),
        plural=_("Who gains from the conflict continuing"),
        activity="1.1",
        tasks=("1.1.2",),
        fields=("actor", "gain", "how"),
        columns=("actor", "gain"),
        informs=(
            Informs(
                task="4.2.2",
                why=_("Gains from the conflict continuing: a motive to spoil a settlement."),
            ),
            Informs(
                task="3.2.5",
                why=_("A benefit of the conflict that a settlement would have to change."),
            ),
        ),
        filters=("gain",),
        through=("actor",),
        related=("actor",),
        search=("how",),
    ),
    RecordType(
        slug="institutions",
        model=Institution,
        payload=InstitutionPayload,
        label=_("Institution"),
        plural=_("Institutions for managing conflict"),
        activity="1.3",
        tasks=("1.3.1",),
        fields=("name", "kind", "origin", "capacity", "legitimacy", "description"),
        columns=("kind", "origin", "capacity", "legitimacy"),
        informs=(
            Informs(
                task="6.3.3",
                why=_("An existing institution that could help settle disputes later."),
            ),
        ),
        filters=("kind", "origin"),
        search=("name", "description"),
    ),
    RecordType(
        slug="intractability",
        model=IntractabilityAssessment,
        payload=IntractabilityPayload,
        label=_("Characteristic of intractability"),
        plural=_("Characteristics of intractability"),
        activity="1.3",
        tasks=("1.3.2",),
        fields=("factor", "status", "evidence"),
        columns=("status",),
        filters=("status",),
        search=("evidence",),
        handbook_list="intractability_factors",
        list_field="factor",
    ),
    RecordType(
        slug="resources",
        model=Resource,
        payload=ResourcePayload,
        label=_("Resource"),
        plural=_("Resources and control"),
        activity="1.4",
        tasks=("1.4.1",),
        fields=("actor", "kind", "lootable", "hold", "description"),
        columns=("actor", "kind", "lootable", "hold"),
        filters=("kind", "lootable", "hold"),
        through=("actor",),
        related=("actor",),
        search=("description",),
    ),
    RecordType(
        slug="strength",
        model=StrengthAssessment,
        payload=StrengthPayload,
        label=_("Strength assessment"),
        plural=_("Relative strength over time"),
        activity="1.4",
        tasks=("1.4.2",),
        fields=("actor", "assessed_on", "strength", "trend", "rationale"),
        columns=("actor", "assessed_on", "strength", "trend"),
        informs=(
            Informs(task="3.1.1", why=_("How the balance of strength has moved.")),
            Informs(task="3.2.4", why=_("How the balance of strength has moved.")),
        ),
        filters=("trend",),
        through=("actor",),
        related=("actor__stands_for",),
        search=("rationale",),
        list_extra=hooks.strength_charts,
    ),
    RecordType(
        slug="leverage",
        model=LeverageSource,
        payload=LeveragePayload,
        label=_("Source of leverage"),
        plural=_("Sources of leverage"),
        activity="1.4",
        tasks=("1.4.2",),
        fields=("source", "offers", "holders"),
        columns=("holders",),
        informs=(Informs(task="4.4.5", why=_("Leverage the case offers, and who holds it.")),),
        through=("holders",),
        search=("offers",),
        handbook_list="sources_of_leverage",
        list_field="source",
    ),
    RecordType(
        slug="mediations",
        model=MediationAttempt,
        payload=MediationPayload,
        label=_("Earlier mediation attempt"),
        plural=_("Earlier mediation attempts"),
        activity="1.1",
        ref="M",
        tasks=("3.3.1",),
        fields=("mediator", "started_on", "ended_on", "format", "outcome", "helps", "hurts"),
        columns=("started_on", "ended_on", "outcome"),
        informs=(
            Informs(
                task="2.5.1",
                why=_("Another mediation effort still going on."),
                where=Q(outcome=Outcome.ONGOING),
            ),
            Informs(
                task="3.3.2",
                why=_("What an earlier attempt tried, to sequence or frame things anew."),
            ),
        ),
        filters=("outcome",),
        search=("mediator", "format", "helps", "hurts"),
        list_extra=hooks.timeline_charts,
    ),
    RecordType(
        slug="events",
        model=HistoryEvent,
        payload=HistoryEventPayload,
        label=_("Historical event"),
        plural=_("History"),
        activity="1.1",
        tasks=("1.1.1",),
        fields=("date", "title", "kind", "actors", "issues", "mediation", "description"),
        columns=("date", "kind", "issues"),
        # (actors, issues: names of records the reader may not see are left out; an event of
        # a mediation attempt the reader may not see stays hidden)
        filters=("kind", "actors", "issues"),
        through=("mediation",),
        related=("mediation",),
        search=("title", "description"),
        list_extra=hooks.timeline_charts,
    ),
)

BY_SLUG = {rtype.slug: rtype for rtype in RECORD_TYPES}
BY_MODEL = {rtype.model: rtype for rtype in RECORD_TYPES}


def record_type(slug: str) -> RecordType:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise Http404 from None
