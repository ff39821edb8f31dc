"""Step 1's rules about the actors (analysis/advice/rules_actors.py), each on a snapshot made by
hand where it fires and one where it does not; then once through the database."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from peacetrack.advisor.engine import PENDING, Finding, evaluate
from peacetrack.advisor.present import finding_text
from peacetrack.advisor.rules import rule_get
from peacetrack.advisor.snapshot import CaseFacts, CaseSnapshot, PartyFacts, Ref, content_digest
from peacetrack.analysis.advice import rules_actors
from peacetrack.analysis.advice.facts import (
    ActorFacts,
    CampFacts,
    ChangeFacts,
    IssueFacts,
    NetworkFacts,
    Provenance,
    ResourceFacts,
    SpoilerTiesFacts,
    Step1Facts,
    TieFacts,
)

TODAY = datetime.date(2026, 11, 30)
GOV = PartyFacts(
    Ref("party", "p-gov", "Government", digest=content_digest("GOV")),
    "GOV",
    "Government",
    "government",
)
REB = PartyFacts(
    Ref("party", "p-reb", "Rebel front", digest=content_digest("REB")),
    "REB",
    "Rebel front",
    "armed_group",
)
CONFIRMED = Provenance(confidence="high")
LOW = Provenance(confidence="low")


# Snapshots by hand


def ref(kind: str, label: str) -> Ref:
    key = re.sub(r"\W+", "-", label.lower())
    return Ref(kind, f"{kind}-{key}", label, url=f"/{kind}/{key}/", digest=content_digest(label))


def actor(
    name: str,
    kind: str = "other",
    *,
    party: PartyFacts | None = None,
    stands: bool = False,
    spoiler: bool = False,
    constituencies: tuple[str, ...] = (),
    answered: int = 4,
    asked: int = 4,
    description: str = "Described.",
) -> ActorFacts:
    return ActorFacts(
        ref=ref("actor", name),
        kind=kind,
        party=party.ref if party else None,
        stands_for=party.ref if party and stands else None,
        potential_spoiler=spoiler,
        constituencies=constituencies,
        description=description,
        profile_answered=answered,
        profile_asked=asked,
    )


def party_actor(party: PartyFacts, answered: int = 7) -> ActorFacts:
    return actor(party.name, "conflict_party", party=party, stands=True, answered=answered, asked=7)


def tie(
    source: ActorFacts, target: ActorFacts, kind: str = "alliance", prov: Provenance = CONFIRMED
) -> TieFacts:
    return TieFacts(
        ref=ref("tie", f"{source.ref.label} - {target.ref.label} {kind}"),
        source=source.ref,
        target=target.ref,
        kind=kind,
        directed=kind in {"funding_supply", "command", "influence"},
        strength=2,
        prov=prov,
    )


def network(**values: Any) -> NetworkFacts:
    defaults: dict[str, Any] = {
        "computed_at": datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC),
        "camps": (),
        "channels": (),
        "cut_off_camps": (),
        "spoilers": (),
        "isolated": (),
        "brokers": (),
    }
    return NetworkFacts(**{**defaults, **values})


def snapshot(*parties: PartyFacts, **step1: Any) -> CaseSnapshot:
    case = CaseFacts(
        Ref("case", "c1", "Highlands case", digest="d"), "War", "Region", "", "active", None
    )
    return CaseSnapshot(
        case=case,
        today=TODAY,
        parties=parties,
        tasks={},
        parts={Step1Facts: Step1Facts(**step1)},
    )


def findings(rule_id: str, snap: CaseSnapshot) -> list[Finding]:
    return evaluate(snap, [rule_get(rule_id)])


def facts_of(finding: Finding) -> list[tuple[str, str]]:
    return [(f.role, f.ref.label) for f in finding.facts]


def begun(*more: ActorFacts) -> tuple[ActorFacts, ...]:
    """Both parties' actors and a stakeholder: the map is begun."""
    return (
        party_actor(GOV),
        party_actor(REB),
        actor("Chamber of Commerce", "civil_society"),
        *more,
    )


# Per rule: a snapshot where it fires (also used to check its texts), then the tests.

ARMY = actor("National Army", "military_wing", party=GOV)
FRONT = party_actor(REB)
ELDERS = actor("Valley elders", "civil_society")


def fires_fewer_than_two_parties() -> CaseSnapshot:
    return snapshot(GOV, actors=(party_actor(GOV),))


def fires_only_parties_mapped() -> CaseSnapshot:
    return snapshot(GOV, REB, actors=(party_actor(GOV), party_actor(REB)))


def fires_party_unprofiled() -> CaseSnapshot:
    return snapshot(GOV, REB, actors=(party_actor(GOV, answered=3), party_actor(REB)))


def fires_factions_unanalysed() -> CaseSnapshot:
    hardliners = actor("Hardliners", "faction", party=GOV, answered=1, asked=7)
    doves = actor("Doves", "faction", party=GOV, answered=7, asked=7)
    return snapshot(GOV, REB, actors=begun(hardliners, doves))


def fires_no_leader_profile() -> CaseSnapshot:
    leader = actor("President Arn", "top_leader", party=GOV, answered=6, asked=6)
    return snapshot(GOV, REB, actors=begun(leader))


def fires_spoiler_without_profile() -> CaseSnapshot:
    spoiler = actor("Ridge Brigade", "faction", party=REB, spoiler=True, answered=2, asked=10)
    return snapshot(GOV, REB, actors=begun(spoiler))


BRIGADE = actor("Ridge Brigade", "faction", party=REB, spoiler=True)
COLONEL = actor("Colonel Vask", "mid_leader", party=GOV, spoiler=True)


def fires_spoiler_several_sides() -> CaseSnapshot:
    return snapshot(
        GOV,
        REB,
        actors=begun(ARMY, BRIGADE, COLONEL),
        network=network(
            spoilers=(
                SpoilerTiesFacts(
                    BRIGADE.ref, ((ARMY.ref, "kinship"), (FRONT.ref, "part_of")), ("GOV", "REB")
                ),
                SpoilerTiesFacts(
                    COLONEL.ref,
                    ((ARMY.ref, "command"), (FRONT.ref, "funding_supply")),
                    ("GOV", "REB"),
                ),
            )
        ),
    )


def fires_no_civil_society() -> CaseSnapshot:
    return snapshot(GOV, REB, actors=(party_actor(GOV), party_actor(REB), ARMY))


def fires_no_womens_organisations() -> CaseSnapshot:
    return snapshot(
        GOV,
        REB,
        actors=begun(actor("Camp committee", "populace_group", constituencies=("displaced",))),
    )


def fires_no_displaced_people() -> CaseSnapshot:
    return snapshot(
        GOV, REB, actors=begun(actor("Women's network", "civil_society", constituencies=("women",)))
    )


def fires_broker_between_sides() -> CaseSnapshot:
    return snapshot(
        GOV,
        REB,
        actors=begun(ARMY, ELDERS),
        ties=(
            tie(ELDERS, ARMY, "kinship"),
            tie(ELDERS, FRONT, "influence"),
            tie(ARMY, FRONT, "hostility"),
        ),
        network=network(brokers=(ELDERS.ref,)),
    )


def issue(title: str, *levels: str, scope: str = "core") -> IssueFacts:
    return IssueFacts(
        ref=ref("issue", title),
        category="territory",
        levels=levels,
        scope=scope,
        positions_clash=False,
        interests_compatible="unknown",
        compatibility_note="",
        description="",
    )


def fires_no_regional_actors() -> CaseSnapshot:
    return snapshot(
        GOV,
        REB,
        actors=begun(),
        issues=(
            issue("Border crossing", "regional"),
            issue("Land", "local"),
            issue("Oil exports", "international"),
        ),
    )


NEIGHBOUR = actor("Republic of Sarn", "state")


def fires_outside_backer() -> CaseSnapshot:
    return snapshot(
        GOV,
        REB,
        actors=begun(NEIGHBOUR, ARMY),
        ties=(
            tie(NEIGHBOUR, FRONT, "funding_supply"),
            tie(NEIGHBOUR, party_actor(GOV), "hostility"),
            tie(NEIGHBOUR, ELDERS, "channel"),
        ),
    )


def fires_no_media() -> CaseSnapshot:
    return snapshot(GOV, REB, actors=begun())


def resource(label: str, kind: str, owner: ActorFacts) -> ResourceFacts:
    return ResourceFacts(ref(label=label, kind="resource"), owner.ref, kind, False, "secure", "")


def fires_diaspora_funding_unmapped() -> CaseSnapshot:
    return snapshot(
        GOV,
        REB,
        actors=begun(),
        resources=(
            resource("Remittances from abroad", "diaspora_funding", FRONT),
            resource("Tin", "natural_resources", FRONT),
        ),
    )


SPLINTER = actor("Sentinel Command", "faction", party=REB)
SPLINTER_LEADER = actor("Commander Vreel", "top_leader", party=REB)


def fires_camp_without_channel() -> CaseSnapshot:
    return snapshot(
        GOV,
        REB,
        actors=begun(SPLINTER, SPLINTER_LEADER),
        network=network(
            camps=(
                CampFacts(0, (party_actor(GOV).ref, FRONT.ref), party_actor(GOV).ref),
                CampFacts(1, (SPLINTER.ref, SPLINTER_LEADER.ref), SPLINTER.ref),
            ),
            cut_off_camps=(1,),
        ),
    )


def fires_isolated_actors() -> CaseSnapshot:
    loners = (actor("Bar Association", "civil_society"), actor("Mining company"))
    return snapshot(
        GOV,
        REB,
        actors=begun(*loners),
        ties=(tie(party_actor(GOV), FRONT, "hostility"),),
        network=network(isolated=tuple(a.ref for a in loners)),
    )


def fires_ties_unconfirmed() -> CaseSnapshot:
    return snapshot(
        GOV,
        REB,
        actors=begun(ARMY, ELDERS),
        ties=(
            tie(ARMY, FRONT, "channel", LOW),
            tie(ELDERS, ARMY, "channel", CONFIRMED),
            tie(ELDERS, FRONT, "channel", Provenance(confidence="medium", alleged_by="The army")),
            tie(ARMY, FRONT, "hostility", CONFIRMED),
        ),
    )


FIRING: dict[str, Callable[[], CaseSnapshot]] = {
    "1.2.fewer-than-two-parties": fires_fewer_than_two_parties,
    "1.2.only-parties-mapped": fires_only_parties_mapped,
    "1.2.party-unprofiled": fires_party_unprofiled,
    "1.2.factions-unanalysed": fires_factions_unanalysed,
    "1.2.no-leader-profile": fires_no_leader_profile,
    "1.2.spoiler-without-profile": fires_spoiler_without_profile,
    "1.2.spoiler-several-sides": fires_spoiler_several_sides,
    "1.2.no-civil-society": fires_no_civil_society,
    "1.2.no-womens-organisations": fires_no_womens_organisations,
    "1.2.no-displaced-people": fires_no_displaced_people,
    "1.2.broker-between-sides": fires_broker_between_sides,
    "1.2.no-regional-actors": fires_no_regional_actors,
    "1.2.outside-backer": fires_outside_backer,
    "1.2.no-media": fires_no_media,
    "1.2.diaspora-funding-unmapped": fires_diaspora_funding_unmapped,
    "1.2.camp-without-channel": fires_camp_without_channel,
    "1.2.isolated-actors": fires_isolated_actors,
    "1.2.ties-unconfirmed": fires_ties_unconfirmed,
}


# The rules' data


def test_every_rule_has_a_case_where_it_fires_and_at_least_thirteen_rules():
    ids = {text.id for text in rules_actors.RULES.texts()}
    assert len(ids) >= 13
    assert set(FIRING) == ids


@pytest.mark.parametrize("rule_id", sorted(FIRING))
def test_texts_are_filled_from_the_hit_and_every_fact_role_is_explained(rule_id):
    text = rule_get(rule_id).text
    found = findings(rule_id, FIRING[rule_id]())
    assert found, f"{rule_id} does not fire on its own example"
    texts = [text.title, text.message, text.recommendation, text.resolves, *text.facts.values()]
    assert all(t.strip() for t in texts)
    assert "(Step 1.2)" in text.message
    for finding in found:
        placeholders = {p for t in texts for p in re.findall(r"%\((\w+)\)s", t)}
        assert placeholders <= set(finding.params), "a placeholder the condition does not give"
        assert {f.role for f in finding.facts} <= set(text.facts)
        with translation.override("en"):
            shown = finding_text(finding)
        assert "%(" not in shown.title + shown.message + shown.recommendation + shown.resolves
        assert all(fact.why for fact in shown.facts)


def test_every_fact_role_written_in_a_condition_is_in_its_data_file():
    import inspect

    for text in rules_actors.RULES.texts():
        source = inspect.getsource(rules_actors.RULES.conditions[text.id])
        for role in re.findall(r'Fact\("([a-z_]+)"', source):
            assert role in text.facts, f"{text.id}: role {role} has no text"


# 1.2.1 The parties


def test_fewer_than_two_parties():
    [finding] = findings("1.2.fewer-than-two-parties", fires_fewer_than_two_parties())
    assert facts_of(finding) == [("party", "Government")]
    assert findings("1.2.fewer-than-two-parties", snapshot(GOV, REB)) == []


def test_only_parties_mapped_until_a_stakeholder_is_recorded():
    [finding] = findings("1.2.only-parties-mapped", fires_only_parties_mapped())
    assert facts_of(finding) == [("party", "Government"), ("party", "Rebel front")]
    assert findings("1.2.only-parties-mapped", snapshot(GOV, REB, actors=begun())) == []


def test_a_party_with_most_of_its_profile_unanswered():
    [finding] = findings("1.2.party-unprofiled", fires_party_unprofiled())
    assert facts_of(finding) == [("party", "Government")]
    assert finding.params == {"party": "Government"}
    profiled = snapshot(GOV, REB, actors=(party_actor(GOV, answered=4), party_actor(REB)))
    assert findings("1.2.party-unprofiled", profiled) == []


def test_factions_unanalysed_names_the_party_and_the_thin_faction_only():
    [finding] = findings("1.2.factions-unanalysed", fires_factions_unanalysed())
    assert facts_of(finding) == [("party", "Government"), ("faction", "Hardliners")]
    assert finding.params == {"party": "GOV"}
    undescribed = actor("Hardliners", "faction", party=GOV, answered=7, asked=7, description=" ")
    assert findings("1.2.factions-unanalysed", snapshot(GOV, REB, actors=begun(undescribed)))
    described = actor("Hardliners", "faction", party=GOV, answered=4, asked=7)
    assert findings("1.2.factions-unanalysed", snapshot(GOV, REB, actors=begun(described))) == []


def test_a_split_of_a_party_left_undescribed():
    splinter = actor("Sentinel Command", "faction", answered=6, asked=7)
    split = ChangeFacts(
        ref("split", "Split of 2025"), "split", "2025-10", "", (FRONT.ref,), (splinter.ref,)
    )
    [finding] = findings(
        "1.2.factions-unanalysed", snapshot(GOV, REB, actors=begun(splinter), changes=(split,))
    )
    assert facts_of(finding) == [("party", "Rebel front"), ("split", "Split of 2025")]
    assert finding.params == {"party": "REB"}
    told = ChangeFacts(
        split.ref, "split", "2025-10", "Broke away over the talks.", split.before, split.after
    )
    assert (
        findings(
            "1.2.factions-unanalysed", snapshot(GOV, REB, actors=begun(splinter), changes=(told,))
        )
        == []
    )
    merger = ChangeFacts(split.ref, "merge", "2025-10", "", split.before, split.after)
    assert (
        findings(
            "1.2.factions-unanalysed", snapshot(GOV, REB, actors=begun(splinter), changes=(merger,))
        )
        == []
    )


def test_no_leader_profile_for_a_party_without_a_leader_or_with_an_unanswered_one():
    [finding] = findings("1.2.no-leader-profile", fires_no_leader_profile())
    assert facts_of(finding) == [("party", "Rebel front")]
    assert finding.params == {"party": "REB"}
    silent = actor("General Tor", "top_leader", party=REB, answered=0, asked=6)
    leaders = begun(actor("President Arn", "top_leader", party=GOV, answered=6, asked=6), silent)
    [finding] = findings("1.2.no-leader-profile", snapshot(GOV, REB, actors=leaders))
    assert facts_of(finding) == [("party", "Rebel front"), ("leader", "General Tor")]
    profiled = actor("General Tor", "top_leader", party=REB, answered=3, asked=6)
    leaders = begun(actor("President Arn", "top_leader", party=GOV, answered=6, asked=6), profiled)
    assert findings("1.2.no-leader-profile", snapshot(GOV, REB, actors=leaders)) == []
    # While only the parties are mapped, that one finding says it all.
    assert findings("1.2.no-leader-profile", fires_only_parties_mapped()) == []


def test_a_potential_spoiler_without_a_profile():
    [finding] = findings("1.2.spoiler-without-profile", fires_spoiler_without_profile())
    assert facts_of(finding) == [("spoiler", "Ridge Brigade")]
    assert finding.params == {"spoiler": "Ridge Brigade"}
    assert [o for o in finding.rule.text.options if o.startswith("spoiler_strategies.")]
    profiled = actor("Ridge Brigade", "faction", party=REB, spoiler=True, answered=5, asked=10)
    not_spoiler = actor("Ridge Brigade", "faction", party=REB, answered=0, asked=7)
    for quiet in (profiled, not_spoiler):
        assert (
            findings("1.2.spoiler-without-profile", snapshot(GOV, REB, actors=begun(quiet))) == []
        )


def test_potential_spoilers_tied_to_several_sides_in_one_finding():
    [finding] = findings("1.2.spoiler-several-sides", fires_spoiler_several_sides())
    assert facts_of(finding) == [
        ("spoiler", "Ridge Brigade"),
        ("spoiler", "Colonel Vask"),
        ("tied", "National Army"),
        ("tied", "Rebel front"),
    ]
    assert finding.params == {"sides": "GOV, REB"}
    one_side = network(
        spoilers=(SpoilerTiesFacts(BRIGADE.ref, ((FRONT.ref, "part_of"),), ("REB",)),)
    )
    quiet = snapshot(GOV, REB, actors=begun(BRIGADE), network=one_side)
    assert findings("1.2.spoiler-several-sides", quiet) == []


def test_network_rules_are_pending_while_the_network_is_recomputed():
    snap = snapshot(GOV, REB, actors=begun(BRIGADE), pending=frozenset({"network"}))
    [finding] = findings("1.2.spoiler-several-sides", snap)
    assert finding.status == PENDING


# 1.2.2 Civil society and the populace


@pytest.mark.parametrize(
    ("rule_id", "present"),
    [
        ("1.2.no-civil-society", actor("Council of Churches", "civil_society")),
        (
            "1.2.no-womens-organisations",
            actor("Mothers for peace", "other", constituencies=("women",)),
        ),
        (
            "1.2.no-displaced-people",
            actor("Camp committee", "populace_group", constituencies=("displaced",)),
        ),
        ("1.2.no-media", actor("Radio Valley", "media")),
    ],
)
def test_missing_stakeholders_only_once_the_map_is_begun(rule_id, present):
    [finding] = findings(rule_id, FIRING[rule_id]())
    assert facts_of(finding) == [("case", "Highlands case")]
    assert findings(rule_id, snapshot(GOV, REB, actors=begun(present))) == []
    assert findings(rule_id, fires_only_parties_mapped()) == []


def test_no_civil_society_fires_beside_a_party_wing_only():
    assert findings("1.2.no-civil-society", fires_no_civil_society())


def test_a_broker_outside_the_parties_is_a_possible_channel():
    [finding] = findings("1.2.broker-between-sides", fires_broker_between_sides())
    assert facts_of(finding) == [
        ("broker", "Valley elders"),
        ("tied", "National Army"),
        ("tied", "Rebel front"),
    ]
    assert finding.params == {"broker": "Valley elders", "sides": "GOV, REB"}
    assert finding.kind == "option"
    used = fires_broker_between_sides().part(Step1Facts)
    already = snapshot(
        GOV,
        REB,
        actors=used.actors,
        ties=(*used.ties, tie(ELDERS, ARMY, "channel")),
        network=used.network,
    )
    assert findings("1.2.broker-between-sides", already) == []
    partisan = actor("Valley elders", "civil_society", party=REB)
    own = snapshot(GOV, REB, actors=begun(ARMY, partisan), ties=used.ties, network=used.network)
    assert findings("1.2.broker-between-sides", own) == []


# 1.2.3 International actors


def test_regional_issues_with_no_outside_state_or_organisation():
    [finding] = findings("1.2.no-regional-actors", fires_no_regional_actors())
    assert facts_of(finding) == [("issue", "Border crossing"), ("issue", "Oil exports")]
    with_body = snapshot(
        GOV,
        REB,
        actors=begun(actor("Basin Community", "international_org")),
        issues=fires_no_regional_actors().part(Step1Facts).issues,
    )
    assert findings("1.2.no-regional-actors", with_body) == []
    local = snapshot(GOV, REB, actors=begun(), issues=(issue("Land", "local", "national"),))
    assert findings("1.2.no-regional-actors", local) == []


def test_a_state_backing_one_side_only():
    [finding] = findings("1.2.outside-backer", fires_outside_backer())
    assert facts_of(finding) == [
        ("state", "Republic of Sarn"),
        ("tie", "Republic of Sarn - Rebel front funding_supply"),
    ]
    assert finding.params == {"state": "Republic of Sarn", "sides": "REB"}
    used = fires_outside_backer().part(Step1Facts)
    both = snapshot(
        GOV, REB, actors=used.actors, ties=(*used.ties, tie(NEIGHBOUR, ARMY, "channel"))
    )
    assert findings("1.2.outside-backer", both) == []
    # Funding that flows to the state is no backing of the side.
    funded = snapshot(GOV, REB, actors=used.actors, ties=(tie(FRONT, NEIGHBOUR, "funding_supply"),))
    assert findings("1.2.outside-backer", funded) == []
    # States are allied with governments as a matter of course: only supply backs one.
    allied = snapshot(GOV, REB, actors=used.actors, ties=(tie(NEIGHBOUR, ARMY, "alliance"),))
    assert findings("1.2.outside-backer", allied) == []
    armed = snapshot(GOV, REB, actors=used.actors, ties=(tie(NEIGHBOUR, ARMY, "funding_supply"),))
    [supplier] = findings("1.2.outside-backer", armed)
    assert supplier.params == {"state": "Republic of Sarn", "sides": "GOV"}


# 1.2.4 Other players


def test_diaspora_funding_without_a_diaspora():
    [finding] = findings("1.2.diaspora-funding-unmapped", fires_diaspora_funding_unmapped())
    assert facts_of(finding) == [("resource", "Remittances from abroad")]
    resources = fires_diaspora_funding_unmapped().part(Step1Facts).resources
    diaspora = actor("Committees abroad", "diaspora", party=REB)
    assert (
        findings(
            "1.2.diaspora-funding-unmapped",
            snapshot(GOV, REB, actors=begun(diaspora), resources=resources),
        )
        == []
    )


# The network of ties


def test_a_party_camp_cut_off_from_every_other():
    [finding] = findings("1.2.camp-without-channel", fires_camp_without_channel())
    assert facts_of(finding) == [("camp", "Sentinel Command"), ("member", "Commander Vreel")]
    assert finding.params == {"camp": "Sentinel Command"}
    villages = actor("Mining villages", "populace_group")
    lone = snapshot(
        GOV,
        REB,
        actors=begun(villages),
        network=network(
            camps=(
                CampFacts(0, (FRONT.ref,), FRONT.ref),
                CampFacts(1, (villages.ref,), villages.ref),
            ),
            cut_off_camps=(1,),
        ),
    )
    assert findings("1.2.camp-without-channel", lone) == []
    # A lone breakaway faction is no camp: the faction rules speak of it.
    lone_faction = snapshot(
        GOV,
        REB,
        actors=begun(SPLINTER),
        network=network(
            camps=(
                CampFacts(0, (party_actor(GOV).ref, FRONT.ref), party_actor(GOV).ref),
                CampFacts(1, (SPLINTER.ref,), SPLINTER.ref),
            ),
            cut_off_camps=(1,),
        ),
    )
    assert findings("1.2.camp-without-channel", lone_faction) == []


def test_isolated_actors_in_one_finding():
    [finding] = findings("1.2.isolated-actors", fires_isolated_actors())
    assert facts_of(finding) == [("actor", "Bar Association"), ("actor", "Mining company")]
    used = fires_isolated_actors().part(Step1Facts)
    tied = snapshot(GOV, REB, actors=used.actors, ties=used.ties, network=network())
    assert findings("1.2.isolated-actors", tied) == []
    # A map with no tie at all: every actor is listed, in one finding.
    untied = begun()
    no_ties = snapshot(
        GOV, REB, actors=untied, network=network(isolated=tuple(a.ref for a in untied))
    )
    [finding] = findings("1.2.isolated-actors", no_ties)
    assert [label for _, label in facts_of(finding)] == [
        "Government",
        "Rebel front",
        "Chamber of Commerce",
    ]
    # Only the parties, untied: the map is not begun, another rule says so.
    parties = fires_only_parties_mapped().part(Step1Facts).actors
    alone = snapshot(
        GOV, REB, actors=parties, network=network(isolated=tuple(a.ref for a in parties))
    )
    assert findings("1.2.isolated-actors", alone) == []


def test_links_between_two_sides_resting_on_unconfirmed_ties():
    [finding] = findings("1.2.ties-unconfirmed", fires_ties_unconfirmed())
    assert facts_of(finding) == [
        ("tie", "National Army - Rebel front channel"),
        ("tie", "Valley elders - Rebel front channel"),
    ]
    assert finding.params == {"first": "GOV", "second": "REB"}
    used = fires_ties_unconfirmed().part(Step1Facts)
    checked = tie(ELDERS, FRONT, "channel", CONFIRMED)
    confirmed = snapshot(GOV, REB, actors=used.actors, ties=(*used.ties[:2], checked))
    assert findings("1.2.ties-unconfirmed", confirmed) == []


# Through the database


@pytest.mark.django_db
def test_a_potential_spoiler_recorded_without_a_profile_reaches_the_findings(world):
    from peacetrack.advisor.selectors import findings_for
    from peacetrack.analysis.registry import BY_SLUG
    from peacetrack.analysis.services import record_create
    from peacetrack.cases.access import case_get_for_user

    access = case_get_for_user(world.users["lead"], world.case.public_id)
    assert "1.2.spoiler-without-profile" not in [f.rule.id for f in findings_for(access=access)]
    record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["actors"],
        values={
            "name": "Ridge Brigade",
            "kind": "faction",
            "party": world.party_b,
            "potential_spoiler": True,
            "visibility": "team",
        },
    )
    found = [f for f in findings_for(access=access) if f.rule.id == "1.2.spoiler-without-profile"]
    assert [(fact.role, fact.ref.label) for f in found for fact in f.facts] == [
        ("spoiler", "Ridge Brigade")
    ]
    assert found[0].params == {"spoiler": "Ridge Brigade"}
    assert found[0].facts[0].ref.url
