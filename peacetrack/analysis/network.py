"""Network analysis of the actor map, computed on the server (Step 1.2).

The network is signed and weighted. Hostility and rivalry are negative ties, every other kind
is positive (models.NEGATIVE_TIE_KINDS); a tie weighs its strength (1 to 3) times the team's
confidence in it (low 0.33, medium 0.67, high 1; unrated counts as medium), and its length on
a path is 1 / weight.

- Brokers, bridges and the channels between sides use the positive ties only: an actor hostile
  to everyone links nobody, however many ties it has.
- Camps come from both signs: the division of the tied actors that leaves the least weight of
  "frustrated" ties (hostile ties inside a camp, positive ties between camps), found by a
  seeded local search, so the same network always gives the same camps. The ties it could not
  place are listed: they cut across the camps.

Always computed on what the viewer may see: a tie hidden from a delegate must not make an actor
look like a broker to that delegate.
"""

from __future__ import annotations

import operator
import random
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import igraph
from django.utils.translation import gettext

from peacetrack.analysis.models import NEGATIVE_TIE_KINDS, Actor, ActorKind, Tie, TieKind

if TYPE_CHECKING:
    import datetime

# Exact weighted betweenness costs about one shortest-path search per actor; above this many
# actors it is estimated from a fixed, seeded sample of starting actors (repeatable results,
# bounded time: bench/analysis.py prints it at 2,000 actors and 10,000 ties).
EXACT_BETWEENNESS_UP_TO = 500
BETWEENNESS_SAMPLE = 150
CONFIDENCE_WEIGHT = {"low": 0.33, "medium": 0.67, "high": 1.0}
UNRATED_CONFIDENCE = 0.67
# The camps' search: this many seeded runs, the best kept.
CAMP_RUNS = 5
_GENERATOR = threading.Lock()
SEED = 7
BROKERS_SHOWN = 10
_EPSILON = 1e-9


@dataclass(frozen=True)
class TieRow:
    """What the analysis and the map need of a tie, without loading model instances."""

    id: int
    public_id: str
    source_id: int
    target_id: int
    kind: str
    directed: bool
    strength: int
    confidence: str

    FIELDS = (
        "id",
        "public_id",
        "source_id",
        "target_id",
        "kind",
        "directed",
        "strength",
        "confidence",
    )

    @property
    def kind_label(self) -> str:
        return str(TieKind(self.kind).label)

    @cached_property
    def positive(self) -> bool:
        return self.kind not in NEGATIVE_TIE_KINDS

    @cached_property
    def weight(self) -> float:
        """Strength × confidence."""
        return self.strength * CONFIDENCE_WEIGHT.get(self.confidence, UNRATED_CONFIDENCE)


# Ties that connect actors without aligning them: left out when camps are worked out.
NOT_ALIGNING = frozenset({TieKind.CHANNEL})


@dataclass
class Broker:
    actor: Actor
    score: float  # betweenness, 0 to 1 (the map sizes by it; never shown as a number)
    pairs: int  # pairs of actors whose shortest cooperative route runs through this one
    sides: list[str] = field(default_factory=list)  # sides its positive ties reach


@dataclass
class Bridge:
    actor: Actor
    sides: list[str]


@dataclass
class Channels:
    """The cooperative routes between two sides: direct positive ties between their actors,
    and routes through one actor of neither side; `carrier` is on the most of them."""

    sides: tuple[str, str]
    total: int
    carrier: Actor
    carried: int


@dataclass
class Camp:
    index: int
    members: list[Actor]
    named_after: Actor


@dataclass
class SpoilerLinks:
    spoiler: Actor
    tied: list[tuple[Actor, TieKind]]


@dataclass
class NetworkAnalysis:
    actors: list[Actor]
    ties: list[TieRow]
    degree: dict[int, int] = field(default_factory=dict)
    betweenness: dict[int, float] = field(default_factory=dict)
    camp_of: dict[int, int] = field(default_factory=dict)
    brokers: list[Broker] = field(default_factory=list)
    isolated: list[Actor] = field(default_factory=list)
    camps: list[Camp] = field(default_factory=list)
    frustrated: list[int] = field(default_factory=list)  # tie ids, heaviest first
    spoilers: list[SpoilerLinks] = field(default_factory=list)
    bridges: list[Bridge] = field(default_factory=list)
    channels: list[Channels] = field(default_factory=list)
    estimated: bool = False
    as_of: datetime.date | None = None

    @property
    def aligning_count(self) -> int:
        """How many ties the camps are worked out from (all but communication channels)."""
        return sum(1 for t in self.ties if t.kind not in NOT_ALIGNING)

    def frustrated_ties(self) -> list[tuple[TieRow, Actor, Actor]]:
        """The ties that cut across the camps, with their actors (heaviest first)."""
        by_id = {a.pk: a for a in self.actors}
        rows = {t.id: t for t in self.ties}
        return [
            (rows[i], by_id[rows[i].source_id], by_id[rows[i].target_id])
            for i in self.frustrated
            if i in rows
        ]


def tie_rows(ties: list[Tie]) -> list[TieRow]:
    return [TieRow(*(getattr(t, name) for name in TieRow.FIELDS)) for t in ties]


def analyse(actors: list[Actor], ties: list[TieRow]) -> NetworkAnalysis:
    """Brokers, bridges, channels between sides, camps and the ties that cut across them,
    isolated actors, and who is tied to potential spoilers."""
    by_id = {actor.pk: actor for actor in actors}
    ties = [t for t in ties if t.source_id in by_id and t.target_id in by_id]
    result = NetworkAnalysis(actors=actors, ties=ties)
    neighbours: dict[int, list[tuple[int, TieRow]]] = defaultdict(list)
    for tie in ties:
        neighbours[tie.source_id].append((tie.target_id, tie))
        neighbours[tie.target_id].append((tie.source_id, tie))
    result.degree = {a.pk: len(neighbours[a.pk]) for a in actors}
    strength = {a.pk: sum(t.weight for _, t in neighbours[a.pk]) for a in actors}
    result.isolated = sorted((a for a in actors if not neighbours[a.pk]), key=lambda a: a.name)

    # The positive network: one edge per pair of actors, as short as its strongest tie.
    positive: dict[tuple[int, int], float] = {}
    for tie in ties:
        if tie.positive:
            pair = _pair(tie.source_id, tie.target_id)
            positive[pair] = max(positive.get(pair, 0.0), tie.weight)
    friends: dict[int, set[int]] = defaultdict(set)
    for a, b in positive:
        friends[a].add(b)
        friends[b].add(a)

    side = {a.pk: _side(a) for a in actors}
    _brokers(result, by_id, positive, friends, side)
    _bridges_and_channels(result, by_id, friends, strength, side)
    _camps(result, by_id, strength)

    for actor in actors:
        if actor.potential_spoiler:
            tied = sorted(
                # the kind, not its label: the result is cached, read in each reader's language
                ((by_id[n], TieKind(t.kind)) for n, t in neighbours[actor.pk]),
                key=lambda item: item[0].name,
            )
            result.spoilers.append(SpoilerLinks(spoiler=actor, tied=tied))
    return result


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _side(actor: Actor) -> str:
    return actor.party.short_name if actor.party_id and actor.party else ""


def _brokers(
    result: NetworkAnalysis,
    by_id: dict[int, Actor],
    positive: dict[tuple[int, int], float],
    friends: dict[int, set[int]],
    side: dict[int, str],
) -> None:
    """Weighted betweenness on the positive ties (igraph: networkx is far too slow here)."""
    nodes = sorted(friends)
    if not nodes:
        return
    index = {pk: i for i, pk in enumerate(nodes)}
    pairs = sorted(positive)
    graph = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in pairs])
    lengths = [1.0 / positive[pair] for pair in pairs]
    n = len(nodes)
    if n > EXACT_BETWEENNESS_UP_TO:
        result.estimated = True
        sample = sorted(random.Random(SEED).sample(range(n), BETWEENNESS_SAMPLE))
        partial = graph.betweenness(directed=False, weights=lengths, sources=sample)
        raw = [value * n / len(sample) for value in partial]
    else:
        raw = graph.betweenness(directed=False, weights=lengths)
    scale = (n - 1) * (n - 2) / 2 if n > 2 else 1.0
    result.betweenness = {pk: min(1.0, raw[index[pk]] / scale) for pk in nodes}
    ranked = sorted(
        (pk for pk in nodes if raw[index[pk]] > _EPSILON),
        key=lambda pk: (-raw[index[pk]], by_id[pk].name, pk),
    )[:BROKERS_SHOWN]
    result.brokers = [
        Broker(
            actor=by_id[pk],
            score=result.betweenness[pk],
            pairs=max(1, round(raw[index[pk]])),
            sides=sorted({side[f] for f in friends[pk]} - {""}),
        )
        for pk in ranked
    ]


def _bridges_and_channels(
    result: NetworkAnalysis,
    by_id: dict[int, Actor],
    friends: dict[int, set[int]],
    strength: dict[int, float],
    side: dict[int, str],
) -> None:
    """Bridges: actors with positive ties to actors of two sides or more. Channels between two
    sides: their actors' direct positive ties, and routes through one actor of neither side."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    carried: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for pk in sorted(friends):
        own = side[pk]
        by_side: dict[str, int] = defaultdict(int)
        for other in friends[pk]:
            theirs = side[other]
            if theirs:
                by_side[theirs] += 1
                if own and theirs != own:  # a direct channel, counted once from its first end
                    key = (min(own, theirs), max(own, theirs))
                    carried[key][pk] += 1
                    if pk < other:
                        totals[key] += 1
        if len({*by_side, own} - {""}) >= 2:
            result.bridges.append(Bridge(actor=by_id[pk], sides=sorted({*by_side, own} - {""})))
        sides = sorted(s for s in by_side if s != own)
        for i, first in enumerate(sides):
            for second in sides[i + 1 :]:
                routes = by_side[first] * by_side[second]
                totals[(first, second)] += routes
                carried[(first, second)][pk] += routes
    result.bridges.sort(key=lambda b: (-len(b.sides), -strength[b.actor.pk], b.actor.name))
    for key in sorted(totals, key=lambda k: (-totals[k], k)):
        top = min(carried[key], key=lambda pk: (-carried[key][pk], by_id[pk].name, pk))
        result.channels.append(
            Channels(sides=key, total=totals[key], carrier=by_id[top], carried=carried[key][top])
        )


def _camps(result: NetworkAnalysis, by_id: dict[int, Actor], strength: dict[int, float]) -> None:
    """The division of the tied actors into camps with the least frustration (Step 1.2).

    A communication channel says that two actors talk, not that they stand together: the
    channels a mediator keeps to every side would otherwise pull enemies into one camp. Camps
    are worked out on the other ties; channels count for brokers and bridges."""
    aligning = [t for t in result.ties if t.kind not in NOT_ALIGNING]
    nodes = sorted({pk for t in aligning for pk in (t.source_id, t.target_id)})
    if not nodes:
        return
    index = {pk: i for i, pk in enumerate(nodes)}
    net: dict[tuple[int, int], float] = defaultdict(float)
    for tie in aligning:
        pair = _pair(index[tie.source_id], index[tie.target_id])
        net[pair] += tie.weight if tie.positive else -tie.weight
    pairs = sorted(pair for pair, w in net.items() if abs(w) > _EPSILON)
    weights = [net[pair] for pair in pairs]
    graph = igraph.Graph(n=len(nodes), edges=pairs)
    best: list[int] = []
    best_cost = float("inf")
    # The frustration is a constant minus the signed weight kept inside the camps, so the
    # division that keeps the most is the one sought: Leiden's search for the "constant Potts
    # model" at resolution 0 maximises exactly that. Seeded runs, the best kept: the same
    # network always gives the same camps. igraph draws from one global generator: the lock
    # keeps another request's draws out of ours.
    with _GENERATOR:
        try:
            for run in range(CAMP_RUNS):
                igraph.set_random_number_generator(random.Random(SEED + run))
                membership = graph.community_leiden(
                    objective_function="CPM", weights=weights, resolution=0, n_iterations=-1
                ).membership
                cost = sum(
                    (w if membership[a] != membership[b] else 0.0)
                    if w > 0
                    else (-w if membership[a] == membership[b] else 0.0)
                    for (a, b), w in zip(pairs, weights, strict=True)
                )
                if cost < best_cost - _EPSILON:
                    best, best_cost = membership, cost
        finally:
            igraph.set_random_number_generator(random)

    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(best):
        members[label].append(nodes[i])
    groups = sorted(members.values(), key=lambda g: (-len(g), g[0]))
    for number, group in enumerate(groups):
        for pk in group:
            result.camp_of[pk] = number
        actors = sorted((by_id[pk] for pk in group), key=lambda a: (-strength[a.pk], a.name, a.pk))
        parties = [a for a in actors if a.stands_for_id is not None]
        result.camps.append(Camp(index=number, members=actors, named_after=(parties or actors)[0]))
    frustrated = [
        t
        for t in aligning
        if (result.camp_of[t.source_id] == result.camp_of[t.target_id]) != t.positive
    ]
    result.frustrated = [t.id for t in sorted(frustrated, key=lambda t: (-t.weight, t.id))]


def camp_label(camp: Camp) -> str:
    return _camp_name(camp.named_after.name)


def camp_name_pattern(name: str) -> str:
    """ "%(name)s's camp", or "%(name)s' camp" after a name that ends in s ("the villages'")."""
    if name.rstrip().endswith("s"):
        return gettext("%(name)s' camp")
    return gettext("%(name)s's camp")


def map_data(analysis: NetworkAnalysis, *, url_for: Any) -> dict[str, Any]:
    """The JSON the actor-map island draws (static/analysis/actor-map.js). Actors and ties are
    named by their public ids: the analysis works on integer keys, the browser never sees them."""
    public = {a.pk: a.public_id for a in analysis.actors}
    kinds_present = {a.kind for a in analysis.actors}
    tie_kinds_present = {t.kind for t in analysis.ties}
    flagged = {b.actor.pk for b in analysis.brokers} | {b.actor.pk for b in analysis.bridges}
    rows = {t.id: t for t in analysis.ties}
    return {
        "nodes": [
            {
                "id": a.public_id,
                "name": a.name,
                "kind": a.kind,
                "kind_label": a.get_kind_display(),
                "party": _side(a) or None,
                "stands_for_party": a.stands_for_id is not None,
                "important": a.stands_for_id is not None or a.potential_spoiler or a.pk in flagged,
                "spoiler": a.potential_spoiler,
                "url": url_for(a),
                "degree": analysis.degree.get(a.pk, 0),
                "camp": analysis.camp_of.get(a.pk),
                "broker": round(analysis.betweenness.get(a.pk, 0.0), 4),
                "isolated": not analysis.degree.get(a.pk),
            }
            for a in analysis.actors
        ],
        "links": [
            {
                "id": t.public_id,
                "source": public[t.source_id],
                "target": public[t.target_id],
                "kind": t.kind,
                "kind_label": t.kind_label,
                "directed": t.directed,
                "strength": t.strength,
                "confidence": t.confidence,
                "sign": "positive" if t.positive else "negative",
                "weight": round(t.weight, 4),
            }
            for t in analysis.ties
            if t.source_id in public and t.target_id in public
        ],
        "camps": [
            {"index": c.index, "label": camp_label(c), "size": len(c.members)}
            for c in analysis.camps
        ],
        "frustrated": [rows[i].public_id for i in analysis.frustrated if i in rows],
        "kinds": {
            "actor": [[k, str(label)] for k, label in ActorKind.choices if k in kinds_present],
            "tie": [[k, str(label)] for k, label in TieKind.choices if k in tie_kinds_present],
        },
    }


_tie_fields = operator.attrgetter(*TieRow.FIELDS)


def detach(analysis: NetworkAnalysis) -> dict[str, Any]:
    """The result with ids in place of actors, and the tie rows as plain tuples: cheap to cache
    and to read back (a cache hit need not load the ties again)."""
    return {
        "ties": [_tie_fields(t) for t in analysis.ties],
        "degree": analysis.degree,
        "betweenness": analysis.betweenness,
        "camp_of": analysis.camp_of,
        "frustrated": analysis.frustrated,
        "estimated": analysis.estimated,
        "as_of": analysis.as_of,
        "brokers": [(b.actor.pk, b.score, b.pairs, b.sides) for b in analysis.brokers],
        "isolated": [a.pk for a in analysis.isolated],
        "camps": [(c.index, [a.pk for a in c.members], c.named_after.pk) for c in analysis.camps],
        "spoilers": [
            (s.spoiler.pk, [(a.pk, kind.value) for a, kind in s.tied]) for s in analysis.spoilers
        ],
        "bridges": [(b.actor.pk, b.sides) for b in analysis.bridges],
        "channels": [(c.sides, c.total, c.carrier.pk, c.carried) for c in analysis.channels],
    }


def reattach(cached: dict[str, Any], actors: list[Actor]) -> NetworkAnalysis:
    """The cached result with the freshly loaded actors put back in place of their ids."""
    by_id = {actor.pk: actor for actor in actors}
    return NetworkAnalysis(
        actors=actors,
        ties=[TieRow(*row) for row in cached["ties"]],
        degree=cached["degree"],
        betweenness=cached["betweenness"],
        camp_of=cached["camp_of"],
        frustrated=cached["frustrated"],
        estimated=cached["estimated"],
        as_of=cached["as_of"],
        brokers=[
            Broker(by_id[pk], score, pairs, sides) for pk, score, pairs, sides in cached["brokers"]
        ],
        isolated=[by_id[pk] for pk in cached["isolated"]],
        camps=[
            Camp(index, [by_id[pk] for pk in members], by_id[named])
            for index, members, named in cached["camps"]
        ],
        spoilers=[
            SpoilerLinks(by_id[pk], [(by_id[a], TieKind(kind)) for a, kind in tied])
            for pk, tied in cached["spoilers"]
        ],
        bridges=[Bridge(by_id[pk], sides) for pk, sides in cached["bridges"]],
        channels=[
            Channels(sides, total, by_id[pk], carried)
            for sides, total, pk, carried in cached["channels"]
        ],
    )


# The confidences a tie may have, in the order the compact map data numbers them.
CONFIDENCES = ("", "low", "medium", "high")


def map_payload(analysis: NetworkAnalysis, *, actor_url: str) -> dict[str, Any]:
    """The actor-map data the API sends (static/analysis/actor-map.js draws it), compact: a
    large case's map must stay small (2,000 actors and 10,000 ties in well under 300 KB).

    Columns instead of one object per actor or tie; a tie names its actors by their position in
    the node columns, its kind and confidence by their position in `kinds.tie` and
    `confidences`; a tie's sign and weight follow from its kind, strength and confidence, and
    each actor's page from `actor_url` (its public id in place of `{id}`). No words: the labels
    of the kinds and the camps' names are added in the reader's language (payload_labels), so
    one payload serves every language.
    """
    actors = analysis.actors
    position = {a.pk: i for i, a in enumerate(actors)}
    ties = [t for t in analysis.ties if t.source_id in position and t.target_id in position]
    link_of = {t.id: i for i, t in enumerate(ties)}
    actor_kinds_present = {a.kind for a in actors}
    tie_kinds_present = {t.kind for t in ties}
    actor_kinds = [k for k in ActorKind.values if k in actor_kinds_present]
    tie_kinds = [k for k in TieKind.values if k in tie_kinds_present]
    actor_kind, tie_kind = _numbered(actor_kinds), _numbered(tie_kinds)
    sides = sorted({_side(a) for a in actors} - {""})
    side_of = _numbered(sides)
    confidence = _numbered(list(CONFIDENCES))
    flagged = {b.actor.pk for b in analysis.brokers} | {b.actor.pk for b in analysis.bridges}
    return {
        "format": 2,
        "actor_url": actor_url,
        "sides": sides,
        "confidences": {
            "values": list(CONFIDENCES),
            "weights": [CONFIDENCE_WEIGHT.get(c, UNRATED_CONFIDENCE) for c in CONFIDENCES],
        },
        "nodes": {
            "id": [a.public_id for a in actors],
            "name": [a.name for a in actors],
            "kind": [actor_kind[a.kind] for a in actors],
            "side": [side_of.get(_side(a)) for a in actors],
            "degree": [analysis.degree.get(a.pk, 0) for a in actors],
            "camp": [analysis.camp_of.get(a.pk) for a in actors],
            "broker": [_short(analysis.betweenness.get(a.pk, 0.0)) for a in actors],
            # (sparse flags: the positions of the actors that have them)
            "stands_for_party": [i for i, a in enumerate(actors) if a.stands_for_id is not None],
            "spoiler": [i for i, a in enumerate(actors) if a.potential_spoiler],
            "flagged": [i for i, a in enumerate(actors) if a.pk in flagged],
        },
        "links": {
            "source": [position[t.source_id] for t in ties],
            "target": [position[t.target_id] for t in ties],
            "kind": [tie_kind[t.kind] for t in ties],
            "strength": [t.strength for t in ties],
            "confidence": [confidence.get(t.confidence, 0) for t in ties],
            "directed": [i for i, t in enumerate(ties) if t.directed],
        },
        "camps": [
            {"index": c.index, "size": len(c.members), "named_after": position[c.named_after.pk]}
            for c in analysis.camps
        ],
        "frustrated": [link_of[i] for i in analysis.frustrated if i in link_of],
        "kinds": {
            "actor": actor_kinds,
            "tie": [[k, k in NEGATIVE_TIE_KINDS] for k in tie_kinds],
        },
        "analysis": {
            "brokers": [[position[b.actor.pk], _short(b.score)] for b in analysis.brokers],
            "isolated": [position[a.pk] for a in analysis.isolated],
            "bridges": [
                [position[b.actor.pk], [side_of[s] for s in b.sides]] for b in analysis.bridges
            ],
            "channels": [
                {
                    "sides": [side_of[s] for s in c.sides],
                    "total": c.total,
                    "carrier": position[c.carrier.pk],
                    "carried": c.carried,
                }
                for c in analysis.channels
            ],
            "spoilers": [
                [position[s.spoiler.pk], [position[a.pk] for a, _ in s.tied]]
                for s in analysis.spoilers
            ],
            "estimated": analysis.estimated,
        },
    }


def payload_in_language(payload: dict[str, Any]) -> dict[str, Any]:
    """The map data with its words in the active language: each kind with its label
    (`kinds.actor`: [key, label]; `kinds.tie`: [key, label, negative]) and each camp with its
    name (`label`). map_payload leaves them out, so that one computation serves every language."""
    actor_labels, tie_labels = dict(ActorKind.choices), dict(TieKind.choices)
    names = payload["nodes"]["name"]
    return {
        **payload,
        "kinds": {
            "actor": [[k, str(actor_labels[k])] for k in payload["kinds"]["actor"]],
            "tie": [[k, str(tie_labels[k]), negative] for k, negative in payload["kinds"]["tie"]],
        },
        "camps": [{**c, "label": _camp_name(names[c["named_after"]])} for c in payload["camps"]],
    }


def _camp_name(name: str) -> str:
    return camp_name_pattern(name) % {"name": name}


def _numbered(values: list[str]) -> dict[str, int]:
    return {value: i for i, value in enumerate(values)}


def _short(score: float) -> float | int:
    """A score to three decimals, 0 written as 0 (most actors are no broker)."""
    value = round(score, 3)
    return value if value else 0
