"""The engine on snapshots made by hand: fingerprints, pending rules, order."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from peacetrack.advisor.engine import PENDING, evaluate, fingerprint
from peacetrack.advisor.rules import Fact, Hit, Rule, RuleText
from peacetrack.advisor.snapshot import CaseFacts, CaseSnapshot, PartyFacts, Ref, content_digest


def snapshot(*parties: str, parts: dict | None = None) -> CaseSnapshot:
    case = CaseFacts(Ref("case", "c1", "Case"), "", "", "", "active", None)
    return CaseSnapshot(
        case=case,
        today=datetime.date(2026, 1, 1),
        parties=tuple(
            PartyFacts(Ref("party", n, n, digest=content_digest(n)), n, n, "") for n in parties
        ),
        tasks={},
        parts=parts or {},
    )


def rule(reads: tuple[str, ...] = (), severity: str = "low") -> Rule:
    def each_party(s: CaseSnapshot) -> Iterator[Hit]:
        for party in s.parties:
            yield Hit(facts=(Fact("party", party.ref),))

    text = RuleText(
        id=f"1.2.test-{severity}",
        task="1.2.1",
        kind="gap",
        severity=severity,
        title="A test rule",
        message="A message for the test.",
        recommendation="Do something for the test.",
        resolves="Nothing to resolve here.",
        facts={"party": "A party."},
        reads=reads,
    )
    return Rule(text, each_party)


def test_a_finding_per_hit_with_a_fingerprint_of_its_facts_content_not_ids():
    findings = evaluate(snapshot("A", "B"), [rule()])
    assert [f.facts[0].ref.label for f in findings] == ["A", "B"]
    moved = Ref("party", "other-id", "A", digest=content_digest("A"))
    assert findings[0].fingerprint == fingerprint(findings[0].rule.id, [Fact("party", moved)])
    changed = Ref("party", "c1", "A", digest=content_digest("A renamed"))
    assert findings[0].fingerprint != fingerprint(findings[0].rule.id, [Fact("party", changed)])


def test_a_rule_reading_an_input_being_recomputed_is_pending_not_evaluated():
    class Part:
        pending = frozenset({"network"})

    findings = evaluate(snapshot("A", parts={Part: Part()}), [rule(reads=("network",))])
    assert [(f.status, f.facts) for f in findings] == [(PENDING, ())]


def test_findings_come_most_severe_first():
    findings = evaluate(snapshot("A"), [rule(severity="low"), rule(severity="high")])
    assert [f.severity for f in findings] == ["high", "low"]


def test_the_registered_rules_match_their_data_files():
    from peacetrack.advisor.rules import all_rules

    assert all_rules(), "no rule registered"
    for registered in all_rules():
        assert Path  # rules_register checked tasks, options and examples at start-up
        assert registered.id.startswith(registered.step + ".")


@pytest.mark.django_db
def test_fewer_than_two_parties_fires_on_one_party_and_not_on_two(world):
    from peacetrack.advisor.selectors import findings_for
    from peacetrack.cases.access import case_get_for_user

    access = case_get_for_user(world.users["lead"], world.case.public_id)
    ids = [f.rule.id for f in findings_for(access=access)]
    assert "1.2.fewer-than-two-parties" not in ids
    from peacetrack.cases.models import Membership, TaskNote

    TaskNote.objects.filter(visibility_party=world.party_b).delete()
    Membership.objects.filter(party=world.party_b).delete()
    world.party_b.delete()
    ids = [f.rule.id for f in findings_for(access=access)]
    assert "1.2.fewer-than-two-parties" in ids
