"""The advisor's snapshot of a case, built from the database: step 1's records as the reader
may see them, with their links; a fixed number of queries whatever the case's size; the network
analysis read from its cache only (pending while it is recomputed); findings cached until the
case changes."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from peacetrack.advisor import rules as rules_module
from peacetrack.advisor.engine import ACKNOWLEDGED, OPEN, PENDING
from peacetrack.advisor.rules import Fact, Hit, Rule, RuleText
from peacetrack.advisor.selectors import findings_for, snapshot_build
from peacetrack.advisor.services import finding_acknowledge
from peacetrack.advisor.snapshot import CaseSnapshot
from peacetrack.analysis.advice.build import step1_build
from peacetrack.analysis.advice.facts import Step1Facts
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.analysis.tasks import network_recompute
from peacetrack.cases import services
from peacetrack.cases.access import case_get_for_user
from peacetrack.conftest import build_analysis

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_queue() -> Iterator[None]:
    HUEY.flush()
    yield
    HUEY.flush()


def _run_queue() -> int:
    """Run the network recomputes queued, as the job queue's consumer would."""
    ran = 0
    while (task := HUEY.dequeue()) is not None:
        assert task.name == "network_recompute"
        network_recompute.call_local(*task.args)
        ran += 1
    return ran


def _add(world: Any, slug: str, visibility: str = "team", **values: Any) -> Any:
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG[slug],
        values={"visibility": visibility, **values},
    )


def _access(world: Any, persona: str = "lead") -> Any:
    return case_get_for_user(world.users[persona], world.case.public_id)


def _part(world: Any, persona: str = "lead") -> Step1Facts:
    return snapshot_build(access=_access(world, persona)).part(Step1Facts)


def _url(world: Any, slug: str, record: Any) -> str:
    return reverse("analysis:detail", args=[world.case.public_id, slug, record.public_id])


def test_the_snapshot_holds_every_step1_record_with_its_name_and_page(world):
    records = build_analysis(world)
    part = _part(world)
    army = part.actor(records["actors"].public_id)
    assert army is not None
    assert army.ref.label == "National Army"
    assert army.ref.type == "actor"
    assert army.ref.url == _url(world, "actors", records["actors"])
    assert army.party is not None
    assert army.party.id == world.party_a.public_id
    assert army.party.label == "Government"
    assert army.stands_for is None
    assert army.profile_asked > 0
    assert army.profile_answered == 0
    front = part.actor(records["front"].public_id)
    assert front is not None
    assert front.potential_spoiler
    # the actors standing for the parties, made with them
    assert {a.ref.label for a in part.party_actors()} == {"Government", "Rebel front"}

    expected = {
        "issues": ("issue", "Land"),
        "positions": ("position", "GOV on Land"),
        "ties": ("tie", "National Army — Liberation Front"),
        "beneficiaries": ("beneficiary", "Liberation Front: Wealth"),
        "institutions": ("institution", "Elders' council"),
        "resources": ("resource", "National Army: Armed forces"),
        "strength": ("strength", "GOV 2026-01-01: 4"),
        "events": ("event", "1 May 2020: Uprising"),
        "mediations": ("attempt", "Church council (2021)"),
    }
    found = {
        "issues": part.issues,
        "positions": part.positions,
        "ties": part.ties,
        "beneficiaries": part.beneficiaries,
        "institutions": part.institutions,
        "resources": part.resources,
        "strength": part.strengths,
        "events": part.events,
        "mediations": part.attempts,
        "intractability": part.factors,
        "leverage": part.leverage,
    }
    for slug, facts in found.items():
        assert len(facts) == 1, slug
        ref = facts[0].ref
        assert ref.id == records[slug].public_id
        assert ref.url == _url(world, slug, records[slug])
        assert ref.digest
        if slug in expected:
            assert (ref.type, ref.label) == expected[slug], slug
    assert part.factors[0].ref.type == "factor"
    assert part.factors[0].status == "present"
    assert part.leverage[0].ref.type == "leverage"
    assert [h.label for h in part.leverage[0].holders] == ["National Army"]
    event = part.events[0]
    assert [a.label for a in event.actors] == ["National Army"]
    assert [i.label for i in event.issues] == ["Land"]
    position = part.positions[0]
    assert position.actor.label == "Government"
    assert position.issue.label == "Land"
    assert part.ties[0].source == army.ref
    assert part.ties[0].kind == "hostility"


def test_a_split_names_the_actors_before_and_after_and_links_to_the_first(world):
    from peacetrack.analysis.lineage import actor_split

    records = build_analysis(world)
    actor_split(
        actor=world.users["lead"],
        predecessor=records["front"],
        date="2024-06",
        new_names=["Front North", "Front South"],
    )
    (change,) = _part(world).changes
    assert change.kind == "split"
    assert change.date == "2024-06"
    assert [r.label for r in change.before] == ["Liberation Front"]
    assert [r.label for r in change.after] == ["Front North", "Front South"]
    assert change.ref.type == "change"
    assert change.ref.label == "Liberation Front split into Front North, Front South"
    assert change.ref.url == _url(world, "actors", records["front"])


def test_a_records_digest_follows_its_content_not_its_ids(world):
    records = build_analysis(world)
    before = _part(world).actor(records["actors"].public_id)
    assert before is not None
    again = _part(world).actor(records["actors"].public_id)
    assert again is not None
    assert again.ref.digest == before.ref.digest
    from peacetrack.analysis.services import record_update

    record_update(
        actor=world.users["lead"],
        record=records["actors"],
        rtype=BY_SLUG["actors"],
        values={"description": "Now split in two"},
    )
    after = _part(world).actor(records["actors"].public_id)
    assert after is not None
    assert after.ref.digest != before.ref.digest


def test_the_builder_applies_the_readers_visibility(world):
    records = build_analysis(world)  # every record for the team only
    shared = _add(world, "actors", visibility="party:GOV", name="Shared militia", kind="faction")
    _add(
        world,
        "events",
        visibility="parties",
        date=datetime.date(2021, 3, 1),
        title="Ceasefire talks",
        kind="mediation",
        actors=[records["actors"], shared],
    )
    _add(
        world,
        "ties",
        visibility="party:GOV",
        source=shared,
        target=records["actors"],
        kind="command",
    )

    team = _part(world, "lead")
    assert {"National Army", "Shared militia"} <= {a.ref.label for a in team.actors}
    assert len(team.ties) == 2

    gov = snapshot_build(access=_access(world, "delegate_a")).part(Step1Facts)
    assert {a.ref.label for a in gov.actors} == {"Government", "Rebel front", "Shared militia"}
    assert gov.issues == ()
    assert gov.positions == ()
    assert gov.leverage == ()
    # a tie to an actor the delegate may not see is not there, though shared with them
    assert gov.ties == ()
    (event,) = gov.events
    assert [a.label for a in event.actors] == ["Shared militia"]  # not the hidden army

    reb = step1_build(_access(world, "delegate_b"), datetime.date(2026, 1, 1))
    assert "Shared militia" not in {a.ref.label for a in reb.actors}
    assert [a.label for e in reb.events for a in e.actors] == []


def _grow(world: Any, size: int) -> None:
    """More of every record that names others, so that a query per row would show."""
    lead = world.users["lead"]
    actors = [
        _add(world, "actors", name=f"Militia {i}", kind="faction", party=world.party_b)
        for i in range(size)
    ]
    issues = [_add(world, "issues", title=f"Issue {i}", category="territory") for i in range(size)]
    for i in range(size):
        _add(world, "ties", source=actors[i], target=actors[i - 1], kind="alliance")
        _add(world, "positions", actor=actors[i], issue=issues[i], position="Ours")
        _add(world, "beneficiaries", actor=actors[i], gain="power", how="Taxes")
        _add(world, "resources", actor=actors[i], kind="territory")
        _add(
            world,
            "strength",
            actor=actors[i],
            assessed_on=datetime.date(2025, 1, 1),
            strength=2,
            rationale="Small",
        )
        _add(
            world,
            "events",
            date=datetime.date(2020, 1, 1 + i),
            title=f"Clash {i}",
            kind="violence",
            actors=actors[i : i + 2],
            issues=[issues[i]],
        )
        _add(world, "institutions", name=f"Court {i}", kind="court", origin="indigenous")
        _add(world, "mediations", mediator=f"Envoy {i}", outcome="no_agreement")
    assert lead


def _counted(world: Any) -> tuple[int, int, Step1Facts]:
    """The queries of step 1's part, and of the whole snapshot (the foundation's and every
    part's), and the part."""
    access = _access(world)
    with CaptureQueriesContext(connection) as queries:
        part = step1_build(access, datetime.date(2026, 1, 1))
    with CaptureQueriesContext(connection) as whole:
        snapshot_build(access=access)
    return len(queries), len(whole), part


def test_the_snapshot_takes_the_same_number_of_queries_whatever_the_cases_size(world):
    build_analysis(world)
    small, small_whole, part = _counted(world)
    assert len(part.actors) == 4
    _grow(world, 12)
    large, large_whole, part = _counted(world)
    assert len(part.actors) == 16
    assert len(part.events) == 13
    assert len(part.positions) == 13
    assert large == small
    assert large_whole == small_whole
    assert small <= 20


def test_the_network_is_pending_until_its_recompute_has_run_then_read_from_the_cache(world):
    records = build_analysis(world)
    part = _part(world)
    assert part.network is None
    assert part.pending == frozenset({"network"})
    assert _run_queue() == 1  # the snapshot queued the recompute; it computed nothing itself

    part = _part(world)
    assert part.pending == frozenset()
    network = part.network
    assert network is not None
    # the parties' own actors have no tie: isolated
    assert {r.label for r in network.isolated} == {"Government", "Rebel front"}
    # hostility only between the sides: no channel, and each camp is cut off from the other
    (channel,) = network.channels
    assert channel.sides == ("GOV", "REB")
    assert channel.total == 0
    assert channel.carrier is None
    assert len(network.camps) == 2
    assert set(network.cut_off_camps) == {0, 1}
    (spoiler,) = network.spoilers
    assert spoiler.spoiler.label == "Liberation Front"
    assert [(r.label, kind) for r, kind in spoiler.tied] == [("National Army", "hostility")]
    assert spoiler.sides == ()  # a hostile tie reaches no side

    # A church that talks to both: a channel between the sides, which it carries.
    church = _add(world, "actors", name="Council of Churches", kind="civil_society")
    _add(world, "ties", source=church, target=records["actors"], kind="channel")
    _add(world, "ties", source=church, target=records["front"], kind="alliance")
    assert _part(world).network is None  # stale: pending again, never computed in the request
    _run_queue()
    network = _part(world).network
    assert network is not None
    (channel,) = network.channels
    assert channel.total == 1
    assert channel.carrier is not None
    assert channel.carrier.label == "Council of Churches"
    assert [b.label for b in network.brokers] == ["Council of Churches"]
    assert network.cut_off_camps == ()
    (spoiler,) = network.spoilers
    assert spoiler.sides == ()  # the church is on no side; the army is hostile


def test_no_actors_no_network_and_nothing_pending(db):
    from peacetrack.conftest import make_organiser

    lead = make_organiser("solo@example.org", "Solo Lead")
    case = services.case_create(creator=lead, title="Empty", conflict="x", region="y")
    part = snapshot_build(access=case_get_for_user(lead, case.public_id)).part(Step1Facts)
    assert part.actors == ()
    assert part.network is None
    assert part.pending == frozenset()
    assert HUEY.dequeue() is None


# Findings, cached


def test_findings_are_cached_until_the_case_changes_and_reviews_show_at_once(db):
    from peacetrack.conftest import make_organiser

    lead = make_organiser("solo@example.org", "Solo Lead")
    case = services.case_create(creator=lead, title="One side", conflict="x", region="y")
    services.party_create(actor=lead, case=case, short_name="GOV", name="Government")
    access = case_get_for_user(lead, case.public_id)

    def rule_ids() -> dict[str, str]:
        return {f.rule.id: f.status for f in findings_for(access=access)}

    with CaptureQueriesContext(connection) as first:
        assert rule_ids()["1.2.fewer-than-two-parties"] == OPEN
    with CaptureQueriesContext(connection) as second:
        assert rule_ids()["1.2.fewer-than-two-parties"] == OPEN
    assert len(second) <= 3 < len(first)

    (finding,) = [f for f in findings_for(access=access) if f.rule.id.endswith("two-parties")]
    finding_acknowledge(case=case, user=lead, finding=finding)
    assert rule_ids()["1.2.fewer-than-two-parties"] == ACKNOWLEDGED

    services.party_create(actor=lead, case=case, short_name="REB", name="Rebels")
    assert "1.2.fewer-than-two-parties" not in rule_ids()


def _isolated_rule() -> Rule:
    """A rule reading the network: one finding per isolated actor."""

    def isolated(snapshot: CaseSnapshot) -> Iterator[Hit]:
        network = snapshot.part(Step1Facts).network
        for ref in network.isolated if network else ():
            yield Hit(facts=(Fact("actor", ref),))

    text = RuleText(
        id="1.2.test-isolated",
        task="1.2.1",
        kind="gap",
        severity="low",
        title="Isolated actor",
        message="An actor with no tie (Step 1.2).",
        recommendation="Record its ties.",
        resolves="A tie recorded.",
        facts={"actor": "The actor."},
        reads=["network"],
    )
    return Rule(text, isolated)


def test_network_findings_are_pending_then_appear_once_the_recompute_is_done(world, monkeypatch):
    monkeypatch.setitem(rules_module._RULES, "1.2.test-isolated", _isolated_rule())
    build_analysis(world)
    access = _access(world)

    def isolated() -> list[tuple[str, list[str]]]:
        return [
            (f.status, [fact.ref.label for fact in f.facts])
            for f in findings_for(access=access)
            if f.rule.id == "1.2.test-isolated"
        ]

    assert isolated() == [(PENDING, [])]
    assert isolated() == [(PENDING, [])]  # (from the cache: the recompute has not run)
    _run_queue()
    assert sorted(isolated()) == [(OPEN, ["Government"]), (OPEN, ["Rebel front"])]
