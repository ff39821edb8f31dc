"""Step 1's rules about the conflict itself and its context (1.1, 1.3, 1.4): issues,
positions and interests, history and earlier attempts, intractability, resources and
strength, and how the step's work stands. Texts: rules_context.yaml.

Every condition reads the snapshot only. Where several records tell one story (the factors
marked present without a note, a party's doubtful positions) they make one hit, so a team
reads one finding rather than a list of near-identical ones; where each record calls for its
own work (an issue nobody's position covers) each makes its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from pathlib import Path

from peacetrack.advisor.rules import Fact, Hit, RuleSet
from peacetrack.advisor.snapshot import CaseSnapshot, PartyFacts, Ref, TaskFacts
from peacetrack.analysis.advice.facts import (
    ActorFacts,
    PositionFacts,
    Provenance,
    Step1Facts,
    StrengthFacts,
)

RULES = RuleSet(Path(__file__).with_name("rules_context.yaml"))

# A source older than this no longer tells where a party stands (positions move with talks).
STALE_AFTER = datetime.timedelta(days=180)
# The balance of strength is to be re-read regularly (Step 1.4.2): a quarter at most.
STRENGTH_OUTDATED_AFTER = datetime.timedelta(days=90)
# Cases still in progress: time-based rules say nothing about a concluded or withdrawn case.
OPEN_CASE_STATUSES = frozenset({"exploring", "active"})
# Issues the process has to deal with (an out-of-scope issue needs no party's position).
IN_SCOPE = frozenset({"core", "secondary"})
FAILED_OUTCOMES = frozenset({"agreement_failed", "no_agreement"})
# Parties whose strength in the fighting the team weighs (a political movement's standing is
# political: Step 1.4.2 compares those who hold or contest ground).
FIGHTING_PARTY_KINDS = frozenset({"government", "armed_group", "state"})
ARMED_ACTOR_KINDS = frozenset({"military_wing"})


def _step1(snapshot: CaseSnapshot) -> Step1Facts:
    return snapshot.part(Step1Facts)


def _case_open(snapshot: CaseSnapshot) -> bool:
    return snapshot.case.status in OPEN_CASE_STATUSES


def _task(snapshot: CaseSnapshot, key: str) -> TaskFacts | None:
    return snapshot.tasks.get(key)


def _worked_on(task: TaskFacts | None) -> bool:
    """The team has said it works on the task (progress set, or a note written). Records are
    left out: a party's own actor counts as a record of 1.2.1 from the moment it exists."""
    return task is not None and (task.status in {"in_progress", "done"} or task.notes > 0)


def _task_facts(snapshot: CaseSnapshot, key: str) -> tuple[Fact, ...]:
    task = _task(snapshot, key)
    return (Fact("task", task.ref),) if task is not None else (Fact("case", snapshot.case.ref),)


def _parties_of_actors(facts: Step1Facts) -> dict[str, Ref]:
    """The party each actor stands for or belongs to, by the actor's id (actors of no party
    are left out). Built once per rule: a large case has thousands of actors."""
    parties: dict[str, Ref] = {}
    for actor in facts.actors:
        party = actor.stands_for or actor.party
        if party is not None:
            parties[actor.ref.id] = party
    return parties


def _party_kinds(snapshot: CaseSnapshot) -> dict[str, PartyFacts]:
    return {party.ref.id: party for party in snapshot.parties}


def _latest_strength(facts: Step1Facts) -> dict[str, StrengthFacts]:
    """Each party's latest strength assessment, by the party's id (its own actor's)."""
    party_of = {a.ref.id: a.stands_for for a in facts.party_actors()}
    latest: dict[str, StrengthFacts] = {}
    for assessment in facts.strengths:
        party = party_of.get(assessment.actor.id)
        if party is None:
            continue
        current = latest.get(party.id)
        if current is None or assessment.assessed_on > current.assessed_on:
            latest[party.id] = assessment
    return latest


def _analysis_begun(facts: Step1Facts) -> bool:
    """Anything of step 1 recorded beyond the parties' own actors."""
    return bool(
        facts.issues
        or facts.positions
        or facts.beneficiaries
        or facts.resources
        or facts.strengths
        or facts.factors
        or facts.attempts
        or facts.events
        or facts.institutions
        or facts.leverage
        or facts.ties
        or any(actor.stands_for is None for actor in facts.actors)
    )


def _stale(prov: Provenance, today: datetime.date) -> bool:
    return prov.information_date is not None and today - prov.information_date > STALE_AFTER


# --- 1.1 What the conflict is about -----------------------------------------------------------


@RULES.condition("1.1.issue-without-positions")
def issue_without_positions(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    party_of = _parties_of_actors(facts)
    covered = {p.issue.id for p in facts.positions if p.actor.id in party_of}
    for issue in facts.issues:
        if issue.scope in IN_SCOPE and issue.ref.id not in covered:
            yield Hit(facts=(Fact("issue", issue.ref),), params={"issue": issue.ref.label})


@RULES.condition("1.1.positions-without-interests")
def positions_without_interests(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    by_actor: dict[str, list[PositionFacts]] = {}
    actors: dict[str, Ref] = {}
    for position in facts.positions:
        if position.position.strip() and not position.interests.strip():
            by_actor.setdefault(position.actor.id, []).append(position)
            actors[position.actor.id] = position.actor
    for actor_id, positions in by_actor.items():
        yield Hit(
            facts=tuple(Fact("position", p.ref) for p in positions),
            params={"actor": actors[actor_id].label},
        )


@RULES.condition("1.1.explore-a-formula")
def explore_a_formula(snapshot: CaseSnapshot) -> Iterator[Hit]:
    for issue in _step1(snapshot).issues:
        if (
            issue.scope in IN_SCOPE
            and issue.positions_clash
            and issue.interests_compatible == "yes"
        ):
            yield Hit(facts=(Fact("issue", issue.ref),), params={"issue": issue.ref.label})


@RULES.condition("1.1.nobody-gains")
def nobody_gains(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    if facts.beneficiaries:
        return
    if facts.positions or _worked_on(_task(snapshot, "1.1.2")):
        yield Hit(facts=_task_facts(snapshot, "1.1.2"))


@RULES.condition("1.1.history-thin")
def history_thin(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    if any(event.kind == "turning_point" for event in facts.events):
        return
    if facts.issues or _worked_on(_task(snapshot, "1.1.1")):
        yield Hit(facts=_task_facts(snapshot, "1.1.1"))


# --- 1.3 The larger context -------------------------------------------------------------------


@RULES.condition("1.3.no-indigenous-institutions")
def no_indigenous_institutions(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    if any(i.origin == "indigenous" for i in facts.institutions):
        return
    if facts.institutions:
        yield Hit(facts=tuple(Fact("international", i.ref) for i in facts.institutions))
    elif _analysis_begun(facts) or _worked_on(_task(snapshot, "1.3.1")):
        yield Hit(facts=_task_facts(snapshot, "1.3.1"))


@RULES.condition("1.3.intractability-unassessed")
def intractability_unassessed(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    if any(f.status in {"present", "absent"} for f in facts.factors):
        return
    if facts.issues and (facts.positions or facts.strengths or facts.resources):
        yield Hit(facts=_task_facts(snapshot, "1.3.2"))


@RULES.condition("1.3.intractability-unhandled")
def intractability_unhandled(snapshot: CaseSnapshot) -> Iterator[Hit]:
    bare = [f for f in _step1(snapshot).factors if f.status == "present" and not f.evidence.strip()]
    if bare:
        yield Hit(facts=tuple(Fact("factor", f.ref) for f in bare))


@RULES.condition("1.3.failed-attempts-without-lessons")
def failed_attempts_without_lessons(snapshot: CaseSnapshot) -> Iterator[Hit]:
    for attempt in _step1(snapshot).attempts:
        if attempt.outcome in FAILED_OUTCOMES and not (
            attempt.helps.strip() or attempt.hurts.strip()
        ):
            yield Hit(facts=(Fact("attempt", attempt.ref),), params={"mediator": attempt.mediator})


@RULES.condition("1.3.failed-mediations-not-weighed")
def failed_mediations_not_weighed(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    failed = [a for a in facts.attempts if a.outcome in FAILED_OUTCOMES]
    if not failed:
        return
    judged = [f for f in facts.factors if f.factor == "failed_mediations"]
    # Weighed: marked present, or absent with a note saying why these failures do not count.
    if any(f.status == "present" or (f.status == "absent" and f.evidence.strip()) for f in judged):
        return
    yield Hit(
        facts=(
            *(Fact("attempt", a.ref) for a in failed),
            *(Fact("factor", f.ref) for f in judged),
        )
    )


# --- 1.4 Power and leverage -------------------------------------------------------------------


def _armed(actor: ActorFacts, parties: dict[str, PartyFacts]) -> bool:
    if actor.kind in ARMED_ACTOR_KINDS:
        return True
    party_ref = actor.stands_for or actor.party
    party = parties.get(party_ref.id) if party_ref is not None else None
    return party is not None and party.kind == "armed_group"


@RULES.condition("1.4.lootable-resources-armed")
def lootable_resources_armed(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    parties = _party_kinds(snapshot)
    actors = {a.ref.id: a for a in facts.actors}
    by_actor: dict[str, list[Fact]] = {}
    for resource in facts.resources:
        if not resource.lootable:
            continue
        actor = actors.get(resource.actor.id)
        if actor is None or not _armed(actor, parties):
            continue
        by_actor.setdefault(actor.ref.id, [Fact("actor", actor.ref)]).append(
            Fact("resource", resource.ref)
        )
    for found in by_actor.values():
        yield Hit(facts=tuple(found), params={"actor": found[0].ref.label})


@RULES.condition("1.4.party-strength-unassessed")
def party_strength_unassessed(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    latest = _latest_strength(facts)
    if not latest:
        return  # nothing assessed yet: one gap for the whole task, not one per party
    parties = _party_kinds(snapshot)
    for actor in facts.party_actors():
        party = parties.get(actor.stands_for.id) if actor.stands_for is not None else None
        if party is None or party.kind not in FIGHTING_PARTY_KINDS:
            continue
        if party.ref.id not in latest:
            yield Hit(facts=(Fact("actor", actor.ref),), params={"actor": actor.ref.label})


@RULES.condition("1.4.one-side-gaining")
def one_side_gaining(snapshot: CaseSnapshot) -> Iterator[Hit]:
    latest = list(_latest_strength(_step1(snapshot)).values())
    if len(latest) < 2:
        return
    for leader in latest:
        others = [a for a in latest if a is not leader]
        if leader.strength < max(a.strength for a in others):
            continue
        pulling_ahead = leader.trend == "rising" and all(a.trend != "rising" for a in others)
        others_sinking = leader.trend != "falling" and all(a.trend == "falling" for a in others)
        if pulling_ahead or others_sinking:
            yield Hit(
                facts=(Fact("gaining", leader.ref), *(Fact("other", a.ref) for a in others)),
                params={"actor": leader.actor.label},
            )
            return


@RULES.condition("1.4.strength-outdated")
def strength_outdated(snapshot: CaseSnapshot) -> Iterator[Hit]:
    if not _case_open(snapshot):
        return
    old = [
        a
        for a in _latest_strength(_step1(snapshot)).values()
        if snapshot.today - a.assessed_on > STRENGTH_OUTDATED_AFTER
    ]
    if old:
        yield Hit(facts=tuple(Fact("assessment", a.ref) for a in old))


@RULES.condition("1.4.no-leverage")
def no_leverage(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    if facts.leverage:
        return
    if (
        facts.resources
        or facts.strengths
        or _worked_on(_task(snapshot, "1.4.1"))
        or _worked_on(_task(snapshot, "1.4.2"))
    ):
        yield Hit(facts=_task_facts(snapshot, "1.4.2"))


# --- How step 1's work stands -----------------------------------------------------------------


def _doubtful(prov: Provenance, today: datetime.date) -> str | None:
    if prov.unconfirmed:
        return "unconfirmed"
    if _stale(prov, today):
        return "stale"
    return None


@RULES.condition("1.facts-unconfirmed-or-stale")
def facts_unconfirmed_or_stale(snapshot: CaseSnapshot) -> Iterator[Hit]:
    if not _case_open(snapshot):
        return
    facts = _step1(snapshot)
    parties: dict[str, Ref] = {}
    found: dict[str, list[Fact]] = {}
    party_of = _parties_of_actors(facts)

    def note(party: Ref | None, ref: Ref, prov: Provenance) -> None:
        role = _doubtful(prov, snapshot.today)
        if party is None or role is None:
            return
        parties[party.id] = party
        found.setdefault(party.id, []).append(Fact(role, ref))

    for position in facts.positions:
        note(party_of.get(position.actor.id), position.ref, position.prov)
    for assessment in _latest_strength(facts).values():
        note(party_of.get(assessment.actor.id), assessment.ref, assessment.prov)
    for party_id, doubtful in found.items():
        yield Hit(facts=tuple(doubtful), params={"party": parties[party_id].label})


def _step_tasks(snapshot: CaseSnapshot, steps: Iterable[str]) -> list[TaskFacts]:
    wanted = set(steps)
    return sorted((t for t in snapshot.tasks.values() if t.step in wanted), key=lambda t: t.ref.id)


@RULES.condition("1.later-steps-before-assessment")
def later_steps_before_assessment(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    if _analysis_begun(facts) or any(_worked_on(t) for t in _step_tasks(snapshot, ("1",))):
        return
    later = [t for t in _step_tasks(snapshot, ("2", "3", "4", "5", "6")) if t.started]
    if later:
        yield Hit(facts=tuple(Fact("later_task", t.ref) for t in later))


@RULES.condition("1.overdue-before-talks")
def overdue_before_talks(snapshot: CaseSnapshot) -> Iterator[Hit]:
    if not _case_open(snapshot):
        return
    overdue = [t for t in _step_tasks(snapshot, ("1",)) if t.overdue]
    if not overdue:
        return
    talks = snapshot.case.status == "active" or any(
        t.started for t in _step_tasks(snapshot, ("4",))
    )
    if talks:
        yield Hit(facts=tuple(Fact("overdue", t.ref) for t in overdue))
