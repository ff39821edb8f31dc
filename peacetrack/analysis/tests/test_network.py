"""Network analysis of the actor map on small graphs whose answers are known."""

from __future__ import annotations

import pytest

from peacetrack.analysis.models import Actor
from peacetrack.analysis.network import EXACT_BETWEENNESS_UP_TO, TieRow, analyse, map_data
from peacetrack.cases.models import Party


def _actor(pk: int, name: str, party: Party | None = None, spoiler: bool = False) -> Actor:
    actor = Actor(pk=pk, name=name, kind="faction", potential_spoiler=spoiler)
    if party is not None:
        actor.party = party
    return actor


def _tie(pk: int, a: Actor, b: Actor, kind: str = "alliance") -> TieRow:
    return TieRow(
        id=pk,
        public_id=f"tie{pk:07d}",
        source_id=a.pk,
        target_id=b.pk,
        kind=kind,
        directed=False,
        strength=2,
        confidence="medium",
    )


def test_the_middle_of_a_chain_is_the_top_broker_and_a_loner_is_isolated():
    a, b, c, d = (_actor(i, n) for i, n in enumerate("ABCD", start=1))
    loner = _actor(9, "Loner")
    result = analyse([a, b, c, d, loner], [_tie(1, a, b), _tie(2, b, c), _tie(3, c, d)])
    assert [x.actor.name for x in result.brokers[:2]] == ["B", "C"]
    assert [x.name for x in result.isolated] == ["Loner"]
    assert result.degree[b.pk] == 2
    assert not result.estimated


def test_two_separate_cliques_are_two_clusters():
    left = [_actor(i, f"L{i}") for i in range(1, 5)]
    right = [_actor(i + 10, f"R{i}") for i in range(1, 5)]
    ties = []
    for group in (left, right):
        for i, x in enumerate(group):
            for y in group[i + 1 :]:
                ties.append(_tie(len(ties) + 1, x, y))
    result = analyse(left + right, ties)
    assert sorted(sorted(a.name for a in cluster) for cluster in result.clusters) == [
        ["L1", "L2", "L3", "L4"],
        ["R1", "R2", "R3", "R4"],
    ]


def test_an_actor_with_channels_to_two_parties_is_a_bridge_and_spoiler_ties_are_listed():
    gov, reb = Party(pk=1, short_name="GOV"), Party(pk=2, short_name="REB")
    minister = _actor(1, "Minister", gov)
    commander = _actor(2, "Commander", reb, spoiler=True)
    bishop = _actor(3, "Bishop")
    ties = [
        _tie(1, bishop, minister, "channel"),
        _tie(2, bishop, commander, "kinship"),
        _tie(3, minister, commander, "hostility"),
    ]
    result = analyse([minister, commander, bishop], ties)
    assert [(b.actor.name, b.sides) for b in result.bridges] == [("Bishop", ["GOV", "REB"])]
    assert [(a.name, kind) for a, kind in result.spoilers[0].tied] == [
        ("Bishop", "Kinship or cross-cutting membership"),
        ("Minister", "Hostility"),
    ]


def test_large_maps_estimate_betweenness_from_a_fixed_sample():
    actors = [_actor(i, f"N{i}") for i in range(1, EXACT_BETWEENNESS_UP_TO + 20)]
    ties = [_tie(i, actors[i - 1], actors[i]) for i in range(1, len(actors))]
    first = analyse(actors, ties)
    again = analyse(actors, ties)
    assert first.estimated
    assert first.betweenness == again.betweenness  # repeatable


@pytest.mark.parametrize("empty", [True, False])
def test_map_data_lists_nodes_links_and_only_the_kinds_present(empty):
    a, b = _actor(1, "A"), _actor(2, "B")
    ties = [] if empty else [_tie(7, a, b, "command")]
    data = map_data(analyse([a, b], ties), url_for=lambda actor: f"/actors/{actor.pk}/")
    assert [n["url"] for n in data["nodes"]] == ["/actors/1/", "/actors/2/"]
    assert data["kinds"]["actor"] == [["faction", "Faction"]]
    assert data["kinds"]["tie"] == ([] if empty else [["command", "Command"]])
    assert all(n["isolated"] == empty for n in data["nodes"])
