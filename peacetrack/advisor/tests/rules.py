"""Rules for tests of the findings' pages: known findings on any case, whatever rules the
capabilities register (`findings_rules` swaps the registry for these)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from peacetrack.advisor import rules as registry
from peacetrack.advisor import snapshot as parts_registry
from peacetrack.advisor.rules import Fact, Hit, Rule, RuleText
from peacetrack.advisor.snapshot import CaseSnapshot, SnapshotPart

EACH_PARTY = "1.2.test-each-party"
ON_CASE = "2.1.test-on-the-case"
NETWORK = "1.2.test-network"


def _each_party(snapshot: CaseSnapshot) -> Iterator[Hit]:
    for party in snapshot.parties:
        yield Hit(facts=(Fact("party", party.ref),), params={"party": party.short_name})


def _on_the_case(snapshot: CaseSnapshot) -> Iterator[Hit]:
    yield Hit(facts=(Fact("case", snapshot.case.ref),))


def _network(snapshot: CaseSnapshot) -> Iterator[Hit]:
    yield Hit(facts=(Fact("case", snapshot.case.ref),))


def _text(rule_id: str, task: str, kind: str, severity: str, **more: Any) -> RuleText:
    return RuleText.model_validate(
        {
            "id": rule_id,
            "task": task,
            "kind": kind,
            "severity": severity,
            "message": f"The message of {rule_id} (Step {task[0]}).",
            "recommendation": f"The recommendation of {rule_id}.",
            "resolves": f"What resolves {rule_id}.",
            **more,
        }
    )


def sample_rules() -> list[Rule]:
    return [
        Rule(
            _text(
                EACH_PARTY,
                "1.2.1",
                "gap",
                "high",
                title="Party %(party)s needs a profile",
                facts={"party": "The party without a profile."},
                options=(),
            ),
            _each_party,
        ),
        Rule(
            _text(
                ON_CASE,
                "2.1.1",
                "risk",
                "medium",
                title="A risk on the whole case",
                facts={"case": "The case as a whole."},
                options=("sources_of_leverage.balance_of_forces",),
                examples=("darfur-2006-factions",),
            ),
            _on_the_case,
        ),
        Rule(
            _text(
                NETWORK,
                "1.2.3",
                "option",
                "low",
                title="An option in the network",
                facts={"case": "The case's network."},
                reads=("network",),
            ),
            _network,
        ),
    ]


class NetworkPending:
    """A snapshot part saying the network analysis is being recomputed."""

    pending = frozenset({"network"})


def findings_rules(monkeypatch: Any, *, pending: bool = False, only: bool = True) -> None:
    """These rules instead of the registered ones (`only`), or beside them; with `pending`,
    the network is being recomputed (its rule's finding is pending)."""
    rules = {rule.id: rule for rule in sample_rules()}
    if only:
        monkeypatch.setattr(registry, "_RULES", rules)
    else:
        for rule_id, rule in rules.items():
            monkeypatch.setitem(registry._RULES, rule_id, rule)
    if pending:
        monkeypatch.setitem(
            parts_registry._PARTS,
            NetworkPending,
            SnapshotPart(kind=NetworkPending, build=lambda access, today: NetworkPending()),
        )
