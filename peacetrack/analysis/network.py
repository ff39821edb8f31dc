"""Network analysis of the actor map, computed on the server (Step 1.2).

Always computed on what the viewer may see: a tie hidden from a delegate must not make an actor
look like a broker to that delegate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
from django.utils.translation import gettext as _
from networkx.algorithms.community import louvain_communities

from peacetrack.analysis.models import Actor, ActorKind, Tie, TieKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Exact betweenness costs O(actors × ties); above this size it is estimated from a fixed,
# seeded sample of source actors (repeatable results, bounded time; see bench/analysis.py).
EXACT_BETWEENNESS_UP_TO = 400
BETWEENNESS_SAMPLE = 150
CHANNEL_KINDS = frozenset({TieKind.CHANNEL, TieKind.INFLUENCE, TieKind.KINSHIP})


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


@dataclass
class Broker:
    actor: Actor
    score: float


@dataclass
class Bridge:
    actor: Actor
    sides: list[str]


@dataclass
class SpoilerLinks:
    spoiler: Actor
    tied: list[tuple[Actor, StrOrPromise]]


@dataclass
class NetworkAnalysis:
    actors: list[Actor]
    ties: list[TieRow]
    degree: dict[int, int] = field(default_factory=dict)
    betweenness: dict[int, float] = field(default_factory=dict)
    cluster_of: dict[int, int] = field(default_factory=dict)
    brokers: list[Broker] = field(default_factory=list)
    isolated: list[Actor] = field(default_factory=list)
    clusters: list[list[Actor]] = field(default_factory=list)
    spoilers: list[SpoilerLinks] = field(default_factory=list)
    bridges: list[Bridge] = field(default_factory=list)
    estimated: bool = False


def tie_rows(ties: list[Tie]) -> list[TieRow]:
    return [TieRow(*(getattr(t, name) for name in TieRow.FIELDS)) for t in ties]


def analyse(actors: list[Actor], ties: list[TieRow]) -> NetworkAnalysis:
    """Brokers (betweenness), isolated actors, clusters, who is tied to spoilers, and who has
    channels to more than one side."""
    result = NetworkAnalysis(actors=actors, ties=ties)
    by_id = {actor.pk: actor for actor in actors}
    graph = nx.Graph()
    graph.add_nodes_from(by_id)
    for tie in ties:
        if tie.source_id in by_id and tie.target_id in by_id:
            graph.add_edge(tie.source_id, tie.target_id)
    result.degree = dict(graph.degree())

    if graph.number_of_edges():
        if graph.number_of_nodes() > EXACT_BETWEENNESS_UP_TO:
            result.estimated = True
            result.betweenness = nx.betweenness_centrality(
                graph, k=BETWEENNESS_SAMPLE, normalized=True, seed=7
            )
        else:
            result.betweenness = nx.betweenness_centrality(graph, normalized=True)
        connected = graph.subgraph(n for n, d in graph.degree() if d)
        communities = louvain_communities(connected, seed=7)
        ranked = sorted(
            (sorted(c) for c in communities if len(c) > 1), key=lambda c: (-len(c), c[0])
        )
        for index, members in enumerate(ranked):
            for node in members:
                result.cluster_of[node] = index
            result.clusters.append(
                sorted((by_id[n] for n in members), key=lambda a: (-result.degree[a.pk], a.name))
            )
    top = sorted(
        ((score, pk) for pk, score in result.betweenness.items() if score > 0),
        key=lambda item: (-item[0], by_id[item[1]].name),
    )[:10]
    result.brokers = [Broker(actor=by_id[pk], score=score) for score, pk in top]
    result.isolated = sorted(
        (a for a in actors if not result.degree.get(a.pk)), key=lambda a: a.name
    )

    neighbours: dict[int, list[tuple[int, TieRow]]] = defaultdict(list)
    for tie in ties:
        if tie.source_id in by_id and tie.target_id in by_id:
            neighbours[tie.source_id].append((tie.target_id, tie))
            neighbours[tie.target_id].append((tie.source_id, tie))
    for actor in actors:
        if actor.potential_spoiler:
            tied: list[tuple[Actor, StrOrPromise]] = sorted(
                # the label stays lazy: the result is cached, and read in each reader's language
                ((by_id[n], TieKind(t.kind).label) for n, t in neighbours[actor.pk]),
                key=lambda item: item[0].name,
            )
            result.spoilers.append(SpoilerLinks(spoiler=actor, tied=tied))
        sides = {
            _side(by_id[n])
            for n, t in neighbours[actor.pk]
            if t.kind in CHANNEL_KINDS and _side(by_id[n])
        }
        if len(sides) >= 2:
            result.bridges.append(Bridge(actor=actor, sides=sorted(sides)))
    result.bridges.sort(key=lambda b: (-len(b.sides), b.actor.name))
    return result


def _side(actor: Actor) -> str:
    return actor.party.short_name if actor.party_id and actor.party else ""


def map_data(analysis: NetworkAnalysis, *, url_for: Any) -> dict[str, Any]:
    """The JSON the actor-map island draws (static/analysis/actor-map.js). Actors and ties are
    named by their public ids: the analysis works on integer keys, the browser never sees them."""
    public = {a.pk: a.public_id for a in analysis.actors}
    kinds_present = {a.kind for a in analysis.actors}
    tie_kinds_present = {t.kind for t in analysis.ties}
    # TEMPORARY (map-page branch): a stand-in for the map data contract that signed-network
    # delivers (camp, stands_for_party, important, sign, weight, camps, frustrated). At merge,
    # keep signed-network's version of this function and drop this block.
    camp_of = analysis.cluster_of
    by_pk = {a.pk: a for a in analysis.actors}
    camps = []
    for index, members in enumerate(analysis.clusters):
        head = next((a for a in members if a.stands_for_id), members[0])
        label = _("%(actor)s's camp") % {"actor": by_pk[head.pk].name if head.pk in by_pk else ""}
        camps.append({"index": index, "label": label, "size": len(members)})
    negative = {"hostility", "rivalry"}
    confidence = {"low": 0.33, "medium": 0.67, "high": 1.0}

    def _frustrated(t: TieRow) -> bool:
        a, b = camp_of.get(t.source_id), camp_of.get(t.target_id)
        if a is None or b is None:
            return False
        return (a == b) == (t.kind in negative)

    frustrated = [t.public_id for t in analysis.ties if _frustrated(t)]
    # (end of the temporary block; the keys below marked "temporary" go with it)
    return {
        "nodes": [
            {
                "id": a.public_id,
                "name": a.name,
                "kind": a.kind,
                "kind_label": a.get_kind_display(),
                "party": _side(a) or None,
                "spoiler": a.potential_spoiler,
                "url": url_for(a),
                "degree": analysis.degree.get(a.pk, 0),
                "cluster": analysis.cluster_of.get(a.pk),
                "camp": camp_of.get(a.pk),  # temporary
                "stands_for_party": a.stands_for_id is not None,  # temporary
                "important": a.stands_for_id is not None or a.potential_spoiler,  # temporary
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
                "sign": "negative" if t.kind in negative else "positive",  # temporary
                "weight": round(t.strength * confidence.get(t.confidence, 0.67), 3),  # temporary
            }
            for t in analysis.ties
            if t.source_id in public and t.target_id in public
        ],
        "camps": camps,  # temporary
        "frustrated": frustrated,  # temporary
        "kinds": {
            "actor": [[k, str(label)] for k, label in ActorKind.choices if k in kinds_present],
            "tie": [[k, str(label)] for k, label in TieKind.choices if k in tie_kinds_present],
        },
    }


def detach(analysis: NetworkAnalysis) -> NetworkAnalysis:
    """A copy holding actor ids instead of actors, cheap to cache."""

    def ref(actor: Actor) -> Actor:
        return Actor(pk=actor.pk)

    return NetworkAnalysis(
        actors=[],
        ties=[],
        degree=analysis.degree,
        betweenness=analysis.betweenness,
        cluster_of=analysis.cluster_of,
        estimated=analysis.estimated,
        brokers=[Broker(ref(b.actor), b.score) for b in analysis.brokers],
        isolated=[ref(a) for a in analysis.isolated],
        clusters=[[ref(a) for a in cluster] for cluster in analysis.clusters],
        spoilers=[
            SpoilerLinks(ref(s.spoiler), [(ref(a), k) for a, k in s.tied])
            for s in analysis.spoilers
        ],
        bridges=[Bridge(ref(b.actor), b.sides) for b in analysis.bridges],
    )


def reattach(cached: NetworkAnalysis, actors: list[Actor], ties: list[TieRow]) -> NetworkAnalysis:
    """The cached result with the freshly loaded actors put back in place of their ids."""
    by_id = {actor.pk: actor for actor in actors}
    return NetworkAnalysis(
        actors=actors,
        ties=ties,
        degree=cached.degree,
        betweenness=cached.betweenness,
        cluster_of=cached.cluster_of,
        estimated=cached.estimated,
        brokers=[Broker(by_id[b.actor.pk], b.score) for b in cached.brokers],
        isolated=[by_id[a.pk] for a in cached.isolated],
        clusters=[[by_id[a.pk] for a in cluster] for cluster in cached.clusters],
        spoilers=[
            SpoilerLinks(by_id[s.spoiler.pk], [(by_id[a.pk], k) for a, k in s.tied])
            for s in cached.spoilers
        ],
        bridges=[Bridge(by_id[b.actor.pk], b.sides) for b in cached.bridges],
    )
