"""Network analysis of the actor map on small signed networks whose answers are worked out by
hand, and on the demo case."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from peacetrack.analysis.map_texts import network_findings
from peacetrack.analysis.models import Actor
from peacetrack.analysis.network import (
    EXACT_BETWEENNESS_UP_TO,
    TieRow,
    analyse,
    detach,
    map_data,
    map_payload,
    payload_in_language,
    reattach,
)
from peacetrack.cases.models import Case, Party
from peacetrack.cases.public_ids import new_public_id


def _actor(
    pk: int, name: str, party: Party | None = None, spoiler: bool = False, stands: bool = False
) -> Actor:
    actor = Actor(
        pk=pk, name=name, kind="faction", potential_spoiler=spoiler, public_id=new_public_id()
    )
    if party is not None:
        actor.party = party
        if stands:
            actor.stands_for = party
    return actor


def _tie(
    pk: int,
    a: Actor,
    b: Actor,
    kind: str = "alliance",
    strength: int = 2,
    confidence: str = "medium",
) -> TieRow:
    return TieRow(
        id=pk,
        public_id=f"tie{pk:07d}",
        source_id=a.pk,
        target_id=b.pk,
        kind=kind,
        directed=False,
        strength=strength,
        confidence=confidence,
    )


class _Ties:
    """Numbers the ties of a test network."""

    def __init__(self) -> None:
        self.rows: list[TieRow] = []

    def add(self, a: Actor, b: Actor, kind: str = "alliance", **extra: object) -> TieRow:
        row = _tie(len(self.rows) + 1, a, b, kind, **extra)  # type: ignore[arg-type]
        self.rows.append(row)
        return row

    def clique(self, group: list[Actor], kind: str = "alliance") -> None:
        for i, x in enumerate(group):
            for y in group[i + 1 :]:
                self.add(x, y, kind)


def _camps(result: object) -> list[list[str]]:
    return sorted(sorted(a.name for a in c.members) for c in result.camps)  # type: ignore[attr-defined]


# Signs and weights


def test_a_tie_weighs_its_strength_times_the_confidence_in_it():
    a, b = _actor(1, "A"), _actor(2, "B")
    assert _tie(1, a, b, strength=3, confidence="high").weight == 3
    assert _tie(1, a, b, strength=1, confidence="low").weight == pytest.approx(0.33)
    assert _tie(1, a, b, strength=2, confidence="").weight == pytest.approx(1.34)  # unrated
    assert not _tie(1, a, b, "hostility").positive
    assert not _tie(1, a, b, "rivalry").positive
    assert _tie(1, a, b, "channel").positive


# Brokers


def test_a_hostile_hub_is_never_a_broker():
    hub = _actor(1, "Hub")
    others = [_actor(i, f"N{i}") for i in range(2, 8)]
    ties = _Ties()
    for other in others:
        ties.add(hub, other, "hostility", strength=3, confidence="high")
    ties.add(others[0], others[1])  # two pairs of friends, and the hub hostile to all
    ties.add(others[2], others[3])
    result = analyse([hub, *others], ties.rows)
    assert result.degree[hub.pk] == 6  # the most ties…
    assert result.brokers == []  # …and no route runs through hostility
    assert result.betweenness.get(hub.pk, 0.0) == 0.0


def test_a_bridge_between_two_cooperative_groups_is_the_top_broker():
    left = [_actor(i, f"L{i}") for i in range(1, 4)]
    right = [_actor(i + 10, f"R{i}") for i in range(1, 4)]
    bridge = _actor(99, "Bridge")
    hub = _actor(50, "Hostile hub")
    ties = _Ties()
    ties.clique(left)
    ties.clique(right)
    ties.add(bridge, left[0], "channel")
    ties.add(bridge, right[0], "channel")
    for actor in left + right:
        ties.add(hub, actor, "hostility", strength=3, confidence="high")
    result = analyse([*left, *right, bridge, hub], ties.rows)
    # Bridge lies between each of the 3 × 3 pairs across; L1 between L2, L3 and the 4 beyond it.
    assert [(b.actor.name, b.pairs) for b in result.brokers] == [
        ("Bridge", 9),
        ("L1", 8),
        ("R1", 8),
    ]
    assert "Hostile hub" not in [b.actor.name for b in result.brokers]
    assert not result.estimated


def test_stronger_ties_make_shorter_routes():
    a, b, c = _actor(1, "A"), _actor(2, "B"), _actor(3, "Via")
    strong = {"strength": 3, "confidence": "high"}  # length 1/3
    weak = {"strength": 1, "confidence": "low"}  # length 1/0.33
    direct_weak = [
        _tie(1, a, b, **weak),  # type: ignore[arg-type]
        _tie(2, a, c, **strong),  # type: ignore[arg-type]
        _tie(3, c, b, **strong),  # type: ignore[arg-type]
    ]
    assert [(x.actor.name, x.pairs) for x in analyse([a, b, c], direct_weak).brokers] == [
        ("Via", 1)
    ]
    direct_strong = [
        _tie(1, a, b, **strong),  # type: ignore[arg-type]
        _tie(2, a, c, **weak),  # type: ignore[arg-type]
        _tie(3, c, b, **weak),  # type: ignore[arg-type]
    ]
    assert analyse([a, b, c], direct_strong).brokers == []


def test_large_maps_estimate_betweenness_from_a_fixed_sample():
    actors = [_actor(i, f"N{i}") for i in range(1, EXACT_BETWEENNESS_UP_TO + 20)]
    ties = [_tie(i, actors[i - 1], actors[i]) for i in range(1, len(actors))]
    first = analyse(actors, ties)
    again = analyse(actors, ties)
    assert first.estimated
    assert first.betweenness == again.betweenness  # repeatable


# Camps


def _two_hostile_groups() -> tuple[list[Actor], list[Actor], _Ties]:
    left = [_actor(i, f"L{i}") for i in range(1, 4)]
    right = [_actor(i + 10, f"R{i}") for i in range(1, 4)]
    ties = _Ties()
    ties.clique(left)
    ties.clique(right)
    for x, y in zip(left, right, strict=True):
        ties.add(x, y, "hostility")
    return left, right, ties


def test_two_groups_split_into_two_camps_along_their_hostile_ties():
    left, right, ties = _two_hostile_groups()
    result = analyse(left + right, ties.rows)
    assert _camps(result) == [["L1", "L2", "L3"], ["R1", "R2", "R3"]]
    assert result.frustrated == []


def test_the_ties_that_cut_across_the_camps_are_listed_heaviest_first():
    left, right, ties = _two_hostile_groups()
    influence = ties.add(left[0], right[0], "influence", strength=1)  # weight 0.67, across
    rivalry = ties.add(left[1], left[2], "rivalry", strength=1, confidence="low")  # 0.33, inside
    ties.add(left[1], right[1], "channel", strength=3)  # talking is not siding: never across
    result = analyse(left + right, ties.rows)
    assert _camps(result) == [["L1", "L2", "L3"], ["R1", "R2", "R3"]]
    assert result.frustrated == [influence.id, rivalry.id]
    assert [(s.name, t.name) for _, s, t in result.frustrated_ties()] == [
        ("L1", "R1"),
        ("L2", "L3"),
    ]


def test_a_hostile_hub_is_a_camp_of_its_own():
    left, right, ties = _two_hostile_groups()
    hub = _actor(50, "Hub")
    for actor in left + right:
        ties.add(hub, actor, "hostility")
    result = analyse([*left, *right, hub], ties.rows)
    assert _camps(result) == [["Hub"], ["L1", "L2", "L3"], ["R1", "R2", "R3"]]
    assert result.camps[-1].members == [hub]  # the smallest camp comes last


def test_the_same_network_always_gives_the_same_camps_whatever_the_order():
    left, right, ties = _two_hostile_groups()
    for x in left:
        for y in right[1:]:
            ties.add(x, y, "channel", strength=1, confidence="low")  # pulls across, weakly
    first = analyse(left + right, ties.rows)
    again = analyse(list(reversed(left + right)), list(reversed(ties.rows)))
    assert first.camp_of == again.camp_of
    assert first.frustrated == again.frustrated


def test_a_camp_is_named_after_its_party_actor_else_its_most_tied_actor():
    gov = Party(pk=1, short_name="GOV")
    government = _actor(1, "Government", gov, stands=True)
    army = _actor(2, "Army", gov)
    minister, colonel = _actor(3, "Minister", gov), _actor(4, "Colonel", gov)
    hub, x, y = _actor(10, "Hub"), _actor(11, "X"), _actor(12, "Y")
    ties = _Ties()
    ties.add(army, minister)
    ties.add(army, colonel)
    ties.add(army, government)
    ties.add(hub, x)
    ties.add(hub, y)
    ties.add(government, hub, "hostility")
    result = analyse([government, army, minister, colonel, hub, x, y], ties.rows)
    names = {c.named_after.name for c in result.camps}
    assert names == {"Government", "Hub"}  # not "Army", which has more ties
    data = map_data(result, url_for=lambda actor: "")
    assert {c["label"] for c in data["camps"]} == {"Government's camp", "Hub's camp"}


# Sides: bridges and channels


def test_the_actor_carrying_most_channels_between_two_sides_is_named_in_plain_words():
    gov, reb = Party(pk=1, short_name="GOV"), Party(pk=2, short_name="REB")
    g1, g2 = _actor(1, "Minister", gov), _actor(2, "Governor", gov)
    r1, r2 = _actor(3, "Commander", reb), _actor(4, "Spokesman", reb)
    council = _actor(5, "Inter-faith council")
    ties = _Ties()
    for member in (g1, g2, r1, r2):
        ties.add(council, member, "channel")
    ties.add(g1, r1, "kinship")
    ties.add(g2, r2, "channel")
    ties.add(g1, r2, "hostility")  # no channel
    result = analyse([g1, g2, r1, r2, council], ties.rows)
    # 2 × 2 routes through the council, and 2 direct ties
    [channels] = result.channels
    assert (channels.sides, channels.total, channels.carrier.name, channels.carried) == (
        ("GOV", "REB"),
        6,
        "Inter-faith council",
        4,
    )
    assert (result.bridges[0].actor.name, result.bridges[0].sides) == (
        "Inter-faith council",
        ["GOV", "REB"],
    )
    found = network_findings(result, case=Case(public_id=new_public_id()))
    text = re.sub(r"<[^>]+>", "", " ".join(found.channels))
    assert text == "Inter-faith council carries 4 of the 6 channels between GOV and REB."


def test_findings_are_sentences_with_counts_never_bare_scores():
    left, right, ties = _two_hostile_groups()
    bridge = _actor(99, "Bridge")
    ties.add(bridge, left[0], "channel")
    ties.add(bridge, right[0], "channel")
    result = analyse([*left, *right, bridge], ties.rows)
    found = network_findings(result, case=Case(public_id=new_public_id()))
    words = re.sub(
        r"<[^>]+>", "", " ".join([*found.brokers, *found.cut_across, found.camps_summary])
    )
    assert "The shortest cooperative routes between 9 pairs of actors run through Bridge." in words
    assert "The ties that align actors divide them into 2 camps. No tie cuts across them." in words
    assert not re.search(r"\d\.\d", words)  # no score like 0.237
    assert [c.size for c in found.camps] == ["3 actors", "3 actors"]  # the bridge only talks


def test_a_single_channel_reads_as_the_only_one():
    gov, reb = Party(pk=1, short_name="GOV"), Party(pk=2, short_name="REB")
    g, r, priest = _actor(1, "Minister", gov), _actor(2, "Commander", reb), _actor(3, "Priest")
    ties = _Ties()
    ties.add(priest, g, "channel")
    ties.add(priest, r, "hostility")
    ties.add(g, r, "influence")
    case = Case(public_id=new_public_id())
    found = network_findings(analyse([g, r, priest], ties.rows), case=case)
    text = re.sub(r"<[^>]+>", "", " ".join(found.channels))
    assert text == "Commander carries the only channel between GOV and REB."


def test_spoiler_ties_are_listed_with_their_kind():
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
    assert [(a.name, kind.label) for a, kind in result.spoilers[0].tied] == [
        ("Bishop", "Kinship or cross-cutting membership"),
        ("Minister", "Hostility"),
    ]


# The map's data


@pytest.mark.parametrize("empty", [True, False])
def test_map_data_lists_nodes_links_and_only_the_kinds_present(empty):
    a, b = _actor(1, "A"), _actor(2, "B")
    ties = [] if empty else [_tie(7, a, b, "command")]
    data = map_data(analyse([a, b], ties), url_for=lambda actor: f"/actors/{actor.pk}/")
    assert [n["url"] for n in data["nodes"]] == ["/actors/1/", "/actors/2/"]
    assert data["kinds"]["actor"] == [["faction", "Faction"]]
    assert data["kinds"]["tie"] == ([] if empty else [["command", "Command"]])
    assert all(n["isolated"] == empty for n in data["nodes"])
    assert [n["camp"] for n in data["nodes"]] == ([None, None] if empty else [0, 0])


def test_map_data_gives_signs_weights_camps_and_the_ties_across_them():
    gov = Party(pk=1, short_name="GOV")
    government = _actor(1, "Government", gov, stands=True)
    rebels = _actor(2, "Rebels", spoiler=True)
    priest, loner = _actor(3, "Priest"), _actor(4, "Loner")
    ties = [
        _tie(1, government, rebels, "hostility", strength=3, confidence="high"),
        _tie(2, priest, government, "influence", strength=1, confidence="low"),
        _tie(3, priest, rebels, "kinship", strength=2, confidence="high"),
    ]
    data = map_data(analyse([government, rebels, priest, loner], ties), url_for=lambda a: "")
    nodes = {n["name"]: n for n in data["nodes"]}
    assert "cluster" not in nodes["Priest"]
    assert nodes["Government"]["stands_for_party"]
    assert nodes["Government"]["party"] == "GOV"
    assert nodes["Government"]["important"]  # a party's actor
    assert nodes["Rebels"]["important"]  # a potential spoiler
    assert nodes["Priest"]["important"]  # the broker between them
    assert not nodes["Loner"]["important"]
    assert nodes["Loner"]["camp"] is None
    # The priest sides with the rebels (the stronger tie); its weak channel to the government
    # cuts across the camps.
    assert nodes["Priest"]["camp"] == nodes["Rebels"]["camp"] != nodes["Government"]["camp"]
    assert data["frustrated"] == ["tie0000002"]
    links = {link["id"]: link for link in data["links"]}
    assert (links["tie0000001"]["sign"], links["tie0000001"]["weight"]) == ("negative", 3)
    assert (links["tie0000002"]["sign"], links["tie0000002"]["weight"]) == ("positive", 0.33)
    assert data["camps"] == [
        {"index": 0, "label": "Rebels' camp", "size": 2},
        {"index": 1, "label": "Government's camp", "size": 1},
    ]


def test_the_compact_map_data_names_actors_by_position_and_takes_words_in_the_readers_language():
    gov = Party(pk=1, short_name="GOV")
    government = _actor(1, "Government", gov, stands=True)
    rebels = _actor(2, "Rebels", spoiler=True)
    priest = _actor(3, "Priest")
    ties = [
        _tie(1, government, rebels, "hostility", strength=3, confidence="high"),
        _tie(2, priest, rebels, "kinship", strength=1, confidence="low"),
    ]
    payload = map_payload(analyse([government, rebels, priest], ties), actor_url="/a/{id}/")
    nodes, links = payload["nodes"], payload["links"]
    assert nodes["name"] == ["Government", "Rebels", "Priest"]
    assert nodes["id"] == [government.public_id, rebels.public_id, priest.public_id]
    assert [payload["sides"][s] if s is not None else None for s in nodes["side"]] == [
        "GOV",
        None,
        None,
    ]
    assert (nodes["stands_for_party"], nodes["spoiler"]) == ([0], [1])
    assert (links["source"], links["target"]) == ([0, 2], [1, 1])  # positions in the nodes
    assert payload["kinds"]["tie"] == [["hostility", True], ["kinship", False]]
    assert [payload["confidences"]["values"][c] for c in links["confidence"]] == ["high", "low"]
    assert links["strength"] == [3, 1]
    with translation.override("fr"):
        words = payload_in_language(payload)
    assert words["kinds"]["tie"][0] == ["hostility", "Hostilité", True]
    assert all(camp["label"] for camp in words["camps"])
    assert "label" not in payload["camps"][0]  # one computation serves every language


def test_the_cached_form_gives_back_the_same_analysis():
    left, right, ties = _two_hostile_groups()
    bridge = _actor(99, "Bridge", spoiler=True)
    ties.add(bridge, left[0], "channel")
    ties.add(bridge, right[0], "hostility")
    actors = [*left, *right, bridge]
    result = analyse(actors, ties.rows)
    again = reattach(detach(result), actors)
    url = lambda actor: actor.name  # noqa: E731
    assert map_data(again, url_for=url) == map_data(result, url_for=url)
    assert again.spoilers[0].tied == result.spoilers[0].tied
    assert [c.members for c in again.camps] == [c.members for c in result.camps]


def test_a_camp_named_after_a_plural_reads_as_english_writes_it():
    from peacetrack.analysis.network import Camp, camp_label

    villages, army = _actor(1, "Mining villages"), _actor(2, "Army")
    assert camp_label(Camp(index=0, members=[villages], named_after=villages)) == (
        "Mining villages' camp"
    )
    assert camp_label(Camp(index=1, members=[army], named_after=army)) == "Army's camp"
