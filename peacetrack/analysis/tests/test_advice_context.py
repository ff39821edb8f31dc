"""Step 1's rules about the conflict and its context (analysis/advice/rules_context.py), each on
a small case made by hand: one where it fires, showing the records and words a team would
see, and one where it stays quiet. The last test goes through the database."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

from peacetrack.advisor.engine import Finding, evaluate
from peacetrack.advisor.present import finding_text
from peacetrack.advisor.rules import rule_get
from peacetrack.advisor.snapshot import (
    CaseFacts,
    CaseSnapshot,
    PartyFacts,
    Ref,
    TaskFacts,
    content_digest,
)
from peacetrack.analysis.advice.facts import (
    ActorFacts,
    AttemptFacts,
    BeneficiaryFacts,
    EventFacts,
    FactorFacts,
    InstitutionFacts,
    IssueFacts,
    LeverageFacts,
    PositionFacts,
    Provenance,
    ResourceFacts,
    Step1Facts,
    StrengthFacts,
)

TODAY = datetime.date(2026, 6, 1)


# --- a case by hand ---------------------------------------------------------------------------


def ref(type_: str, id_: str, label: str | None = None) -> Ref:
    label = label or id_
    return Ref(type_, id_, label, url=f"/{type_}/{id_}/", digest=content_digest(type_, label))


GOV = PartyFacts(ref("party", "p-gov", "Government"), "GOV", "Government", "government")
REB = PartyFacts(ref("party", "p-reb", "Rebel front"), "REB", "Rebel front", "armed_group")
MOV = PartyFacts(
    ref("party", "p-mov", "People's movement"), "MOV", "People's movement", "political_movement"
)


def actor(
    id_: str,
    label: str,
    *,
    kind: str = "conflict_party",
    stands_for: PartyFacts | None = None,
    party: PartyFacts | None = None,
) -> ActorFacts:
    return ActorFacts(
        ref=ref("actor", id_, label),
        kind=kind,
        party=(party or stands_for).ref if (party or stands_for) else None,
        stands_for=stands_for.ref if stands_for else None,
        potential_spoiler=False,
        constituencies=(),
        description="",
        profile_answered=0,
        profile_asked=0,
    )


GOV_ACTOR = actor("a-gov", "Government", stands_for=GOV)
REB_ACTOR = actor("a-reb", "Rebel front", stands_for=REB)
MOV_ACTOR = actor("a-mov", "People's movement", stands_for=MOV)
CHURCH = actor("a-church", "Council of churches", kind="civil_society")


def issue(
    id_: str,
    label: str,
    *,
    scope: str = "core",
    clash: bool = False,
    compatible: str = "unknown",
) -> IssueFacts:
    return IssueFacts(
        ref=ref("issue", id_, label),
        category="territory",
        levels=("national",),
        scope=scope,
        positions_clash=clash,
        interests_compatible=compatible,
        compatibility_note="",
        description="",
    )


def position(
    id_: str,
    who: ActorFacts,
    about: IssueFacts,
    *,
    interests: str = "Security for its people",
    prov: Provenance | None = None,
) -> PositionFacts:
    return PositionFacts(
        ref=ref("position", id_, f"{who.ref.label} on {about.ref.label}"),
        actor=who.ref,
        issue=about.ref,
        position="Wants it all",
        interests=interests,
        fears="",
        flexibility="low",
        prov=prov or Provenance(),
    )


def strength(
    id_: str,
    who: ActorFacts,
    on: datetime.date,
    level: int,
    trend: str = "stable",
    prov: Provenance | None = None,
) -> StrengthFacts:
    return StrengthFacts(
        ref=ref("strength", id_, f"{who.ref.label}, {on.isoformat()}"),
        actor=who.ref,
        assessed_on=on,
        strength=level,
        trend=trend,
        prov=prov or Provenance(),
    )


def resource(
    id_: str, who: ActorFacts, *, lootable: bool, kind: str = "predation"
) -> ResourceFacts:
    return ResourceFacts(
        ref=ref("resource", id_, f"{who.ref.label}: {kind}"),
        actor=who.ref,
        kind=kind,
        lootable=lootable,
        hold="secure",
        description="",
    )


def factor(key: str, status: str, evidence: str = "") -> FactorFacts:
    return FactorFacts(ref=ref("factor", key), factor=key, status=status, evidence=evidence)


def attempt(
    id_: str, mediator: str, outcome: str, *, helps: str = "", hurts: str = ""
) -> AttemptFacts:
    return AttemptFacts(
        ref=ref("attempt", id_, mediator),
        mediator=mediator,
        started_on="2011",
        ended_on="2012",
        outcome=outcome,
        helps=helps,
        hurts=hurts,
    )


def event(id_: str, title: str, kind: str) -> EventFacts:
    return EventFacts(ref=ref("event", id_, title), date="2016-02", kind=kind, actors=(), issues=())


def institution(id_: str, name: str, origin: str) -> InstitutionFacts:
    return InstitutionFacts(
        ref=ref("institution", id_, name), kind="council", origin=origin, capacity="", legitimacy=""
    )


def task(
    key: str,
    *,
    status: str = "not_started",
    due_on: datetime.date | None = None,
    notes: int = 0,
    records: int = 0,
) -> TaskFacts:
    overdue = due_on is not None and due_on < TODAY and status in {"not_started", "in_progress"}
    return TaskFacts(
        ref=ref("task", key, f"{key} A task"),
        step=key.split(".")[0],
        status=status,
        due_on=due_on,
        overdue=overdue,
        records=records,
        notes=notes,
    )


STEP_TASKS = ("1.1.1", "1.1.2", "1.2.1", "1.3.1", "1.3.2", "1.4.1", "1.4.2", "2.1.1", "4.1.1")


def snapshot(
    step1: Step1Facts | None = None,
    *,
    tasks: dict[str, TaskFacts] | None = None,
    status: str = "active",
    parties: tuple[PartyFacts, ...] = (GOV, REB),
) -> CaseSnapshot:
    every = {key: task(key) for key in STEP_TASKS}
    every.update(tasks or {})
    return CaseSnapshot(
        case=CaseFacts(ref("case", "c1", "Highlands"), "", "", "intrastate", status, None),
        today=TODAY,
        parties=parties,
        tasks=every,
        parts={Step1Facts: step1 or Step1Facts()},
    )


def step1(**records: Any) -> Step1Facts:
    """Step 1 with the parties' own actors, plus the records given."""
    actors = records.pop("actors", ())
    return Step1Facts(actors=(GOV_ACTOR, REB_ACTOR, *actors), **records)


def findings(rule_id: str, snap: CaseSnapshot) -> list[Finding]:
    found = evaluate(snap, [rule_get(rule_id)])
    for finding in found:
        finding_text(finding)  # every placeholder of the texts is filled from the params
    return found


def seen(finding: Finding) -> list[tuple[str, str]]:
    """The facts as a team sees them: each record's label, and why it matters."""
    return [(fact.ref.label, fact.why) for fact in finding_text(finding).facts]


# --- 1.1 --------------------------------------------------------------------------------------

LAND = issue("i-land", "Land titles")
LANGUAGE = issue("i-lang", "Language in schools", scope="secondary")
TRIALS = issue("i-trials", "War crimes trials", scope="out_of_scope")


def test_an_issue_in_scope_with_no_party_position_is_a_gap_naming_the_issue():
    by_church = position("p1", CHURCH, LANGUAGE)
    snap = snapshot(
        step1(
            actors=(CHURCH,),
            issues=(LAND, LANGUAGE, TRIALS),
            positions=(position("p0", GOV_ACTOR, LAND), by_church),
        )
    )
    (found,) = findings("1.1.issue-without-positions", snap)
    assert found.params == {"issue": "Language in schools"}
    assert seen(found) == [
        ("Language in schools", "An issue within scope on which no party's position is recorded.")
    ]
    text = finding_text(found)
    assert "“Language in schools”" in text.message
    assert "(Step 1.1)" in text.message


def test_a_position_of_a_party_faction_covers_the_issue():
    faction = actor("a-hard", "Hardliners", kind="faction", party=GOV)
    snap = snapshot(
        step1(
            actors=(faction,),
            issues=(LAND, TRIALS),
            positions=(position("p0", faction, LAND),),
        )
    )
    assert findings("1.1.issue-without-positions", snap) == []


def test_positions_without_interests_make_one_finding_per_actor():
    stated = (
        position("p1", REB_ACTOR, LAND, interests=""),
        position("p2", REB_ACTOR, LANGUAGE, interests="  "),
        position("p3", GOV_ACTOR, LAND),
    )
    (found,) = findings(
        "1.1.positions-without-interests",
        snapshot(step1(issues=(LAND, LANGUAGE), positions=stated)),
    )
    assert found.params == {"actor": "Rebel front"}
    why = "A position recorded without the interests behind it."
    assert seen(found) == [
        ("Rebel front on Land titles", why),
        ("Rebel front on Language in schools", why),
    ]
    assert finding_text(found).title == "Positions of Rebel front without the interests behind them"


def test_positions_with_their_interests_are_fine():
    stated = (position("p1", REB_ACTOR, LAND), position("p2", GOV_ACTOR, LAND))
    assert findings("1.1.positions-without-interests", snapshot(step1(positions=stated))) == []


def test_clashing_positions_with_compatible_interests_are_an_option_to_explore_a_formula():
    open_ = issue("i-rev", "Mining revenue", clash=True, compatible="yes")
    closed = issue("i-sec", "Disarmament", clash=True, compatible="no")
    out = issue("i-acc", "Accountability", scope="out_of_scope", clash=True, compatible="yes")
    (found,) = findings("1.1.explore-a-formula", snapshot(step1(issues=(open_, closed, out))))
    assert found.kind == "option"
    assert found.params == {"issue": "Mining revenue"}
    assert seen(found) == [
        (
            "Mining revenue",
            "The positions clash on this issue while the interests behind them could fit.",
        )
    ]
    text = finding_text(found)
    assert text.title == "A formula could bridge the positions on “Mining revenue”"
    assert "sources_of_leverage.settlement_formula" in [o.key for o in text.options]


def test_no_formula_finding_where_positions_do_not_clash():
    agreed = issue("i-lang", "Language", clash=False, compatible="yes")
    assert findings("1.1.explore-a-formula", snapshot(step1(issues=(agreed,)))) == []


def test_positions_recorded_but_nobody_gaining_from_the_conflict_is_a_gap_on_task_1_1_2():
    snap = snapshot(step1(issues=(LAND,), positions=(position("p0", GOV_ACTOR, LAND),)))
    (found,) = findings("1.1.nobody-gains", snap)
    assert seen(found) == [
        ("1.1.2 A task", "The task where those who gain from the conflict are recorded.")
    ]
    assert [e.key for e in finding_text(found).examples] == ["colombia-eln-farc-drug-economy"]


def test_someone_gaining_or_no_work_on_interests_yet_gives_no_nobody_gains_finding():
    gains = BeneficiaryFacts(ref("beneficiary", "b1", "Traders"), CHURCH.ref, "wealth", "Tin")
    positions = (position("p0", GOV_ACTOR, LAND),)
    with_gain = step1(issues=(LAND,), positions=positions, beneficiaries=(gains,))
    assert findings("1.1.nobody-gains", snapshot(with_gain)) == []
    assert findings("1.1.nobody-gains", snapshot(step1())) == []  # nothing begun on 1.1.2


def test_a_history_with_no_turning_point_is_thin_once_the_issues_are_recorded():
    events = (event("e1", "Independence", "event"), event("e2", "Accord signed", "agreement"))
    (found,) = findings("1.1.history-thin", snapshot(step1(issues=(LAND,), events=events)))
    assert seen(found) == [
        ("1.1.1 A task", "The task where the conflict's history and causes are written up.")
    ]
    assert found.severity == "low"


def test_a_turning_point_in_the_history_is_enough():
    events = (event("e1", "Council dissolved", "turning_point"),)
    assert findings("1.1.history-thin", snapshot(step1(issues=(LAND,), events=events))) == []
    assert findings("1.1.history-thin", snapshot(step1())) == []  # nothing begun at all


# --- 1.3 --------------------------------------------------------------------------------------


def test_only_international_institutions_is_a_gap_showing_them():
    friends = institution("n1", "Group of Friends", "international")
    (found,) = findings("1.3.no-indigenous-institutions", snapshot(step1(institutions=(friends,))))
    assert seen(found) == [
        ("Group of Friends", "An institution recorded, but one from outside the society.")
    ]


def test_no_institution_at_all_once_the_analysis_has_begun_points_to_the_task():
    (found,) = findings("1.3.no-indigenous-institutions", snapshot(step1(issues=(LAND,))))
    assert seen(found) == [
        ("1.3.1 A task", "The task where institutions for managing conflict are recorded.")
    ]


def test_an_indigenous_institution_is_enough():
    elders = institution("n2", "Elders' councils", "indigenous")
    friends = institution("n1", "Group of Friends", "international")
    snap = snapshot(step1(issues=(LAND,), institutions=(friends, elders)))
    assert findings("1.3.no-indigenous-institutions", snap) == []


def test_no_factor_judged_while_issues_and_positions_are_recorded_is_a_gap():
    snap = snapshot(
        step1(
            issues=(LAND,),
            positions=(position("p0", GOV_ACTOR, LAND),),
            factors=(factor("identity_politics", "unknown"),),
        )
    )
    (found,) = findings("1.3.intractability-unassessed", snap)
    assert seen(found) == [
        ("1.3.2 A task", "The task where the characteristics of intractability are judged.")
    ]


def test_one_factor_judged_is_enough_for_intractability_unassessed():
    snap = snapshot(
        step1(
            issues=(LAND,),
            positions=(position("p0", GOV_ACTOR, LAND),),
            factors=(factor("identity_politics", "absent", "Both sides share a faith"),),
        )
    )
    assert findings("1.3.intractability-unassessed", snap) == []


def test_factors_present_without_evidence_make_one_finding_listing_them():
    factors = (
        factor("material_stakes", "present"),
        factor("cocooned_elites", "present", "Leaders live abroad"),
        factor("identity_politics", "present", " "),
        factor("no_outside_help", "absent"),
    )
    (found,) = findings("1.3.intractability-unhandled", snapshot(step1(factors=factors)))
    why = "Marked present, with no note on whom it serves or how to handle it."
    assert seen(found) == [("material_stakes", why), ("identity_politics", why)]


def test_factors_present_with_evidence_are_handled():
    factors = (factor("material_stakes", "present", "Tin smuggling pays the splinter group"),)
    assert findings("1.3.intractability-unhandled", snapshot(step1(factors=factors))) == []


def test_a_failed_attempt_without_lessons_names_its_mediator():
    attempts = (
        attempt("m1", "Church council", "agreement_failed"),
        attempt("m2", "Regional body", "no_agreement", hurts="A leak ended it"),
        attempt("m3", "Neighbour", "ongoing"),
    )
    (found,) = findings("1.3.failed-attempts-without-lessons", snapshot(step1(attempts=attempts)))
    assert found.params == {"mediator": "Church council"}
    assert finding_text(found).title == "No lessons drawn from the attempt by Church council"
    assert seen(found) == [
        ("Church council", "An earlier attempt that failed, with no lessons recorded.")
    ]


def test_a_failed_attempt_with_what_helps_is_fine():
    attempts = (attempt("m1", "Church council", "agreement_failed", helps="A hotline"),)
    assert findings("1.3.failed-attempts-without-lessons", snapshot(step1(attempts=attempts))) == []


def test_failed_attempts_while_failed_mediations_is_judged_unknown_is_a_risk():
    attempts = (attempt("m1", "Church council", "agreement_failed", helps="A hotline"),)
    judged = (factor("failed_mediations", "unknown"),)
    (found,) = findings(
        "1.3.failed-mediations-not-weighed", snapshot(step1(attempts=attempts, factors=judged))
    )
    assert [(f.role, f.ref.label) for f in found.facts] == [
        ("attempt", "Church council"),
        ("factor", "failed_mediations"),
    ]


def test_failed_mediations_present_or_absent_with_a_reason_weighs_the_failures():
    attempts = (attempt("m1", "Church council", "agreement_failed"),)
    for judged in (
        factor("failed_mediations", "present", "Both sides say: not 2011 again"),
        factor("failed_mediations", "absent", "A new generation leads both sides"),
    ):
        snap = snapshot(step1(attempts=attempts, factors=(judged,)))
        assert findings("1.3.failed-mediations-not-weighed", snap) == []
    no_reason = snapshot(step1(attempts=attempts, factors=(factor("failed_mediations", "absent"),)))
    assert len(findings("1.3.failed-mediations-not-weighed", no_reason)) == 1


# --- 1.4 --------------------------------------------------------------------------------------


def test_lootable_resources_of_an_armed_actor_are_one_risk_per_actor():
    splinter = actor("a-spl", "Sentinel Command", kind="faction", party=REB)
    army = actor("a-army", "National Army", kind="military_wing", party=GOV)
    resources = (
        resource("r1", splinter, lootable=True),
        resource("r2", splinter, lootable=True, kind="natural_resources"),
        resource("r3", army, lootable=False, kind="armed_forces"),
        resource("r4", GOV_ACTOR, lootable=True, kind="natural_resources"),  # not armed
    )
    (found,) = findings(
        "1.4.lootable-resources-armed",
        snapshot(step1(actors=(splinter, army), resources=resources)),
    )
    assert found.severity == "high"
    assert found.kind == "risk"
    assert found.params == {"actor": "Sentinel Command"}
    assert seen(found) == [
        ("Sentinel Command", "An armed actor."),
        (
            "Sentinel Command: predation",
            "A source of income it controls that the team marks as lootable.",
        ),
        (
            "Sentinel Command: natural_resources",
            "A source of income it controls that the team marks as lootable.",
        ),
    ]


def test_lootable_resources_of_an_unarmed_actor_are_not_this_risk():
    traders = actor("a-tr", "Traders", kind="other")
    snap = snapshot(step1(actors=(traders,), resources=(resource("r1", traders, lootable=True),)))
    assert findings("1.4.lootable-resources-armed", snap) == []


def test_a_fighting_party_without_a_strength_assessment_is_a_gap():
    snap = snapshot(
        step1(
            actors=(MOV_ACTOR,),
            strengths=(strength("s1", GOV_ACTOR, TODAY, 4),),
        ),
        parties=(GOV, REB, MOV),
    )
    (found,) = findings("1.4.party-strength-unassessed", snap)
    assert found.params == {"actor": "Rebel front"}  # the political movement is not rated
    assert seen(found) == [("Rebel front", "A party to the fighting with no strength assessment.")]


def test_every_fighting_party_assessed_or_none_at_all_gives_no_unassessed_finding():
    both = (strength("s1", GOV_ACTOR, TODAY, 4), strength("s2", REB_ACTOR, TODAY, 2))
    assert findings("1.4.party-strength-unassessed", snapshot(step1(strengths=both))) == []
    assert findings("1.4.party-strength-unassessed", snapshot(step1())) == []


def test_the_stronger_side_rising_alone_is_one_side_gaining():
    earlier = TODAY - datetime.timedelta(days=60)
    strengths = (
        strength("s0", GOV_ACTOR, earlier, 3, "falling"),  # older: the latest one counts
        strength("s1", GOV_ACTOR, TODAY, 4, "rising"),
        strength("s2", REB_ACTOR, TODAY, 2, "stable"),
    )
    (found,) = findings("1.4.one-side-gaining", snapshot(step1(strengths=strengths)))
    assert found.params == {"actor": "Government"}
    assert [(f.role, f.ref.label) for f in found.facts] == [
        ("gaining", "Government, 2026-06-01"),
        ("other", "Rebel front, 2026-06-01"),
    ]
    assert finding_text(found).title == "Government is pulling ahead"


def test_the_other_sides_all_falling_is_one_side_gaining_too():
    strengths = (
        strength("s1", GOV_ACTOR, TODAY, 3, "stable"),
        strength("s2", REB_ACTOR, TODAY, 3, "falling"),
    )
    (found,) = findings("1.4.one-side-gaining", snapshot(step1(strengths=strengths)))
    assert found.params == {"actor": "Government"}


def test_a_weaker_side_rising_or_both_rising_is_not_one_side_gaining():
    catching_up = (
        strength("s1", GOV_ACTOR, TODAY, 4, "stable"),
        strength("s2", REB_ACTOR, TODAY, 2, "rising"),
    )
    both = (
        strength("s1", GOV_ACTOR, TODAY, 4, "rising"),
        strength("s2", REB_ACTOR, TODAY, 3, "rising"),
    )
    for strengths in (catching_up, both):
        assert findings("1.4.one-side-gaining", snapshot(step1(strengths=strengths))) == []


def test_a_party_whose_latest_assessment_is_over_three_months_old_is_outdated():
    old = TODAY - datetime.timedelta(days=120)
    strengths = (
        strength("s1", GOV_ACTOR, old, 4),
        strength("s2", REB_ACTOR, old, 2),
        strength("s3", REB_ACTOR, TODAY - datetime.timedelta(days=10), 2),
    )
    (found,) = findings("1.4.strength-outdated", snapshot(step1(strengths=strengths)))
    assert seen(found) == [
        (
            "Government, 2026-02-01",
            "A party's latest strength assessment, more than three months old.",
        )
    ]


def test_recent_assessments_or_a_concluded_case_give_no_outdated_finding():
    recent = (strength("s1", GOV_ACTOR, TODAY - datetime.timedelta(days=30), 4),)
    assert findings("1.4.strength-outdated", snapshot(step1(strengths=recent))) == []
    old = (strength("s1", GOV_ACTOR, TODAY - datetime.timedelta(days=300), 4),)
    concluded = snapshot(step1(strengths=old), status="concluded")
    assert findings("1.4.strength-outdated", concluded) == []


def test_power_analysed_without_any_source_of_leverage_is_a_gap():
    snap = snapshot(step1(resources=(resource("r1", GOV_ACTOR, lootable=False),)))
    (found,) = findings("1.4.no-leverage", snap)
    assert seen(found) == [("1.4.2 A task", "The task where sources of leverage are recorded.")]
    options = [o.key for o in finding_text(found).options]
    assert "sources_of_leverage.balance_of_forces" in options


def test_a_source_of_leverage_recorded_is_enough():
    lever = LeverageFacts(
        ref("leverage", "l1", "Backing states"), "support_of_other_states", "", ()
    )
    snap = snapshot(
        step1(resources=(resource("r1", GOV_ACTOR, lootable=False),), leverage=(lever,))
    )
    assert findings("1.4.no-leverage", snap) == []
    assert findings("1.4.no-leverage", snapshot(step1())) == []  # power not analysed yet


# --- how step 1's work stands -----------------------------------------------------------------


def test_a_partys_positions_on_unconfirmed_or_old_sources_make_one_risk_per_party():
    old = Provenance(source_note="Interview", information_date=TODAY - datetime.timedelta(days=400))
    low = Provenance(confidence="low")
    alleged = Provenance(confidence="high", alleged_by="The army")
    faction = actor("a-hard", "Rebel hardliners", kind="faction", party=REB)
    stated = (
        position("p1", REB_ACTOR, LAND, prov=low),
        position("p2", faction, LANGUAGE, prov=alleged),
        position("p3", GOV_ACTOR, LAND, prov=Provenance(confidence="high")),
        position("p4", CHURCH, LAND, prov=low),  # not a party's
    )
    strengths = (
        strength("s0", REB_ACTOR, TODAY - datetime.timedelta(days=50), 2, prov=old),
        strength("s1", REB_ACTOR, TODAY, 2, prov=old),
    )
    (found,) = findings(
        "1.facts-unconfirmed-or-stale",
        snapshot(step1(actors=(faction, CHURCH), positions=stated, strengths=strengths)),
    )
    assert found.params == {"party": "Rebel front"}
    assert seen(found) == [
        ("Rebel front on Land titles", "Rated low in confidence, or only alleged by someone."),
        (
            "Rebel hardliners on Language in schools",
            "Rated low in confidence, or only alleged by someone.",
        ),
        ("Rebel front, 2026-06-01", "Its information is more than six months old."),
    ]
    assert finding_text(found).title == "Key facts on Rebel front rest on weak sources"


def test_confirmed_and_recent_sources_are_fine():
    recent = Provenance(confidence="medium", information_date=TODAY - datetime.timedelta(days=20))
    stated = (position("p1", REB_ACTOR, LAND, prov=recent), position("p2", GOV_ACTOR, LAND))
    snap = snapshot(step1(positions=stated))
    assert findings("1.facts-unconfirmed-or-stale", snap) == []


def test_later_steps_started_while_step_1_is_empty_is_a_high_risk():
    snap = snapshot(
        step1(),
        tasks={
            "2.1.1": task("2.1.1", status="in_progress"),
            "4.1.1": task("4.1.1", notes=1),
            "1.2.1": task("1.2.1", records=2),  # the parties' own actors
        },
    )
    (found,) = findings("1.later-steps-before-assessment", snap)
    assert found.severity == "high"
    assert seen(found) == [
        ("2.1.1 A task", "A task of a later step already started."),
        ("4.1.1 A task", "A task of a later step already started."),
    ]


def test_later_steps_with_step_1_begun_are_fine():
    later = {"2.1.1": task("2.1.1", status="done")}
    assert (
        findings("1.later-steps-before-assessment", snapshot(step1(issues=(LAND,)), tasks=later))
        == []
    )
    noted = {**later, "1.1.1": task("1.1.1", notes=1)}
    assert findings("1.later-steps-before-assessment", snapshot(step1(), tasks=noted)) == []
    assert findings("1.later-steps-before-assessment", snapshot(step1())) == []


def test_overdue_step_1_tasks_while_talks_are_prepared_are_one_risk():
    late = TODAY - datetime.timedelta(days=5)
    tasks = {
        "1.1.2": task("1.1.2", status="in_progress", due_on=late),
        "1.4.2": task("1.4.2", due_on=late),
        "1.3.1": task("1.3.1", status="done", due_on=late),  # done: not overdue
        "4.1.1": task("4.1.1", status="in_progress"),
    }
    (found,) = findings(
        "1.overdue-before-talks", snapshot(step1(), tasks=tasks, status="exploring")
    )
    why = "A task of step 1 past its due date."
    assert seen(found) == [("1.1.2 A task", why), ("1.4.2 A task", why)]


def test_overdue_step_1_tasks_before_any_talks_or_none_overdue_are_fine():
    late = TODAY - datetime.timedelta(days=5)
    overdue = {"1.1.2": task("1.1.2", status="in_progress", due_on=late)}
    exploring = snapshot(step1(), tasks=overdue, status="exploring")
    assert findings("1.overdue-before-talks", exploring) == []
    on_time = {"1.1.2": task("1.1.2", due_on=TODAY + datetime.timedelta(days=5))}
    assert findings("1.overdue-before-talks", snapshot(step1(), tasks=on_time)) == []


def test_every_rule_of_the_file_has_a_test_here():
    from peacetrack.analysis.advice.rules_context import RULES

    source = Path(__file__).read_text(encoding="utf-8")
    for text in RULES.texts():
        assert f'"{text.id}"' in source, text.id


def test_every_message_cites_the_handbook_step_and_needs_no_plural():
    from peacetrack.analysis.advice.rules_context import RULES

    for text in RULES.texts():
        assert "(Step 1" in text.message, text.id
        words = [text.title, text.message, text.recommendation, text.resolves]
        # a count would need a plural form: numbers appear only as the step cited
        for sentence in words:
            assert not re.search(r"\d", re.sub(r"\(Step [\d.]+\)|step[- ]1", "", sentence)), (
                text.id,
                sentence,
            )


# --- through the database ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_issue_created_through_the_services_shows_in_the_teams_findings(world):
    from peacetrack.advisor.selectors import findings_for
    from peacetrack.analysis.registry import BY_SLUG
    from peacetrack.analysis.services import record_create
    from peacetrack.cases.access import case_get_for_user

    access = case_get_for_user(world.users["lead"], world.case.public_id)
    record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["issues"],
        values={
            "visibility": "team",
            "title": "Grazing land",
            "category": "territory",
            "levels": ["local"],
            "scope": "core",
        },
    )
    found = [f for f in findings_for(access=access) if f.rule.id == "1.1.issue-without-positions"]
    assert [f.params for f in found] == [{"issue": "Grazing land"}]
    (fact,) = found[0].facts
    assert (fact.role, fact.ref.label) == ("issue", "Grazing land")
    assert fact.ref.url  # the team can open the issue from the finding
    # a position of a party's own actor makes it go away
    issue_id = fact.ref.id
    from peacetrack.analysis.models import ContestedIssue

    record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["positions"],
        values={
            "visibility": "team",
            "actor": world.party_a.standing_actor,
            "issue": ContestedIssue.objects.get(public_id=issue_id),
            "position": "Keep it",
        },
    )
    ids = [f.rule.id for f in findings_for(access=access)]
    assert "1.1.issue-without-positions" not in ids


@pytest.mark.django_db
def test_the_demo_case_shows_the_findings_a_reviewer_would_expect():
    """Calibration: on the demo (Valdoria) the context rules flag what a team would agree
    with, and nothing of what the demo's analysis already covers."""
    from peacetrack.accounts.services import user_find
    from peacetrack.advisor.selectors import findings_for
    from peacetrack.analysis.advice.rules_context import RULES
    from peacetrack.cases.access import case_get_for_user
    from peacetrack.demo import DEMO_LEAD, demo_load

    case, _loaded = demo_load()
    access = case_get_for_user(user_find(DEMO_LEAD), case.public_id)
    ours = {text.id for text in RULES.texts()}
    found = [f for f in findings_for(access=access) if f.rule.id in ours]
    titles = sorted(finding_text(f).title for f in found)
    assert titles == [
        "A formula could bridge the positions on "
        "“Governance and constitutional status of the Dravenne region”",
        "A formula could bridge the positions on "
        "“Korel mining revenue and control of highland natural resources”",
        "A formula could bridge the positions on “Land titles and the return of IDPs and refugees”",
        "Assessment work overdue while talks are prepared",
        "HLA Sorva valley command group finances itself from lootable resources",
        "Highland Sentinel Command finances itself from lootable resources",
        "Key facts on Highland Liberation Army rest on weak sources",
        "Key facts on Highland Sentinel Command rest on weak sources",
        "No party's position on “Dravenne language in schools and public administration”",
        "No party's position on “Guarantees, the Osk crossing and the role of Sarvenia”",
    ]
    (overdue,) = [f for f in found if f.rule.id == "1.overdue-before-talks"]
    assert [fact.ref.id for fact in overdue.facts] == ["1.2.2", "1.2.4"]
