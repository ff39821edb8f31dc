"""Step 1's part of the advisor's snapshot (advisor/snapshot.py): the assessment as plain,
frozen objects. Built by build.py for one reader; read by the step-1 rules (rules_*.py).

Every record has its `ref` (type, public id, label, page, content digest). References between
records are the other record's `Ref` (a position's actor and issue), so a rule can name them
and the digest of a record takes the other's label, never its id. Values of choices are the
stored codes (models' TextChoices values); dates of history are the stored approximate-date
text ("1976", "1976-12~"); `Provenance` is the record's source, date and confidence.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from peacetrack.advisor.snapshot import Ref


@dataclass(frozen=True, slots=True)
class Provenance:
    source_note: str = ""
    information_date: datetime.date | None = None
    confidence: str = ""  # "", "low", "medium", "high"
    alleged_by: str = ""

    @property
    def unconfirmed(self) -> bool:
        """Rated low confidence, or only alleged by someone (as the record core says)."""
        return self.confidence == "low" or bool(self.alleged_by)


@dataclass(frozen=True, slots=True)
class ActorFacts:
    ref: Ref
    kind: str  # ActorKind
    party: Ref | None  # the party it belongs to (a faction's, a leader's party)
    stands_for: Ref | None  # the party this actor is (one per party)
    potential_spoiler: bool
    constituencies: tuple[str, ...]  # Constituency codes
    description: str
    # Profile questions (analysis/profiles.py) answered, and asked of its kind.
    profile_answered: int
    profile_asked: int
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class TieFacts:
    ref: Ref
    source: Ref
    target: Ref
    kind: str  # TieKind
    directed: bool
    strength: int  # 1..3
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class IssueFacts:
    ref: Ref
    category: str
    levels: tuple[str, ...]  # IssueLevel codes: local, national, regional, international
    scope: str  # core, secondary, out_of_scope
    positions_clash: bool
    interests_compatible: str  # yes, no, unknown
    compatibility_note: str
    description: str
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class PositionFacts:
    ref: Ref
    actor: Ref
    issue: Ref
    position: str
    interests: str
    fears: str
    flexibility: str  # rigid, low, moderate, high, unknown
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class BeneficiaryFacts:
    ref: Ref
    actor: Ref
    gain: str
    how: str
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class ResourceFacts:
    ref: Ref
    actor: Ref  # who controls it
    kind: str  # ResourceKind
    lootable: bool
    hold: str  # secure, contested, precarious, unknown
    description: str
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class StrengthFacts:
    ref: Ref
    actor: Ref
    assessed_on: datetime.date
    strength: int  # 1..5
    trend: str  # rising, stable, falling
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class FactorFacts:
    """One characteristic of intractability judged for the case (intractability_factors)."""

    ref: Ref
    factor: str  # key of the handbook's intractability_factors list
    status: str  # present, absent, unknown
    evidence: str
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class AttemptFacts:
    """An earlier mediation attempt."""

    ref: Ref
    mediator: str
    started_on: str
    ended_on: str
    outcome: str  # agreement_held, agreement_failed, no_agreement, ongoing, unknown
    helps: str
    hurts: str
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class EventFacts:
    ref: Ref
    date: str
    kind: str  # EventKind
    actors: tuple[Ref, ...]
    issues: tuple[Ref, ...]
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class InstitutionFacts:
    ref: Ref
    kind: str
    origin: str  # indigenous / international (Origin)
    capacity: str
    legitimacy: str
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class LeverageFacts:
    ref: Ref
    source: str  # key of the sources_of_leverage list
    offers: str
    holders: tuple[Ref, ...]
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class ChangeFacts:
    """A split or a merger of actors."""

    ref: Ref
    kind: str  # split, merge
    date: str
    description: str
    before: tuple[Ref, ...]
    after: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class CampFacts:
    index: int
    members: tuple[Ref, ...]  # actors
    named_after: Ref


@dataclass(frozen=True, slots=True)
class ChannelFacts:
    """Cooperative routes between two sides (party short names): direct positive ties and
    routes through one actor of neither side; `carrier` is on the most of them."""

    sides: tuple[str, str]
    total: int
    carrier: Ref | None


@dataclass(frozen=True, slots=True)
class SpoilerTiesFacts:
    spoiler: Ref
    tied: tuple[tuple[Ref, str], ...]  # (actor, TieKind code)
    # The sides (party short names) the spoiler's positive ties reach.
    sides: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NetworkFacts:
    """The cached network analysis (analysis/network_cache.py) as the rules read it."""

    computed_at: datetime.datetime
    camps: tuple[CampFacts, ...]
    # Between every pair of sides that have actors: their cooperative routes (0 if none).
    channels: tuple[ChannelFacts, ...]
    # Camps with no positive tie (nor channel) to any actor outside the camp.
    cut_off_camps: tuple[int, ...]
    spoilers: tuple[SpoilerTiesFacts, ...]
    isolated: tuple[Ref, ...]
    brokers: tuple[Ref, ...]  # most central first


@dataclass(frozen=True)
class Step1Facts:
    """Step 1 (assess the conflict) as the reader may see it."""

    actors: tuple[ActorFacts, ...] = ()
    ties: tuple[TieFacts, ...] = ()
    issues: tuple[IssueFacts, ...] = ()
    positions: tuple[PositionFacts, ...] = ()
    beneficiaries: tuple[BeneficiaryFacts, ...] = ()
    resources: tuple[ResourceFacts, ...] = ()
    strengths: tuple[StrengthFacts, ...] = ()
    factors: tuple[FactorFacts, ...] = ()
    attempts: tuple[AttemptFacts, ...] = ()
    events: tuple[EventFacts, ...] = ()
    institutions: tuple[InstitutionFacts, ...] = ()
    leverage: tuple[LeverageFacts, ...] = ()
    changes: tuple[ChangeFacts, ...] = ()
    # None while `pending` holds "network" (being recomputed) or when there are no actors.
    network: NetworkFacts | None = None
    # Inputs being recomputed (advisor/engine.py shows the rules reading them as pending).
    pending: frozenset[str] = frozenset()

    def actor(self, ref_id: str) -> ActorFacts | None:
        for actor in self.actors:
            if actor.ref.id == ref_id:
                return actor
        return None

    def party_actors(self) -> tuple[ActorFacts, ...]:
        """The actors that stand for a party (one per party)."""
        return tuple(a for a in self.actors if a.stands_for is not None)
