"""Evaluating the rules on a snapshot: the findings, most severe first.

A finding is identified by its rule and its *fingerprint*: a hash of the rule id and of each
fact's role, type and content digest (never an id). The same facts with the same content give
the same fingerprint on any server; a change to one of them gives a new one, so a dismissal
made on the old facts no longer applies and the finding is back.

A rule that reads an input still being recomputed (a part's `pending`, e.g. the network
analysis) is not evaluated: it gives one finding with status "pending" and no facts, so a page
never waits for the recompute.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from peacetrack.advisor.rules import SEVERITY_ORDER, Fact, Rule, all_rules
from peacetrack.advisor.snapshot import CaseSnapshot

OPEN = "open"
PENDING = "pending"
ACKNOWLEDGED = "acknowledged"
DISMISSED = "dismissed"
STATUSES = (OPEN, PENDING, ACKNOWLEDGED, DISMISSED)


@dataclass(frozen=True)
class Review:
    """A team member's acknowledgement or dismissal of a finding (advisor.models)."""

    status: str
    reason: str
    by: str  # the person's name as the members list shows it
    at: Any  # datetime


@dataclass(frozen=True)
class Finding:
    rule: Rule
    facts: tuple[Fact, ...]
    params: Mapping[str, Any]
    fingerprint: str
    status: str = OPEN
    review: Review | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        """Stable across servers: the rule and the fingerprint (URLs, forms, the API)."""
        return f"{self.rule.id}~{self.fingerprint}"

    @property
    def task_key(self) -> str:
        return self.rule.text.task

    @property
    def step(self) -> str:
        return self.rule.step

    @property
    def kind(self) -> str:
        return self.rule.text.kind.value

    @property
    def severity(self) -> str:
        return self.rule.text.severity.value


def fingerprint(rule_id: str, facts: Iterable[Fact]) -> str:
    parts = sorted(f"{f.role}|{f.ref.type}|{f.ref.digest}" for f in facts)
    text = "\n".join([rule_id, *parts])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def sort_key(finding: Finding) -> tuple[Any, ...]:
    return (
        SEVERITY_ORDER[finding.rule.text.severity],
        finding.task_key,
        finding.rule.id,
        [f.ref.label for f in finding.facts],
    )


def pending_inputs(snapshot: CaseSnapshot) -> frozenset[str]:
    pending: set[str] = set()
    for part in snapshot.parts.values():
        pending |= set(getattr(part, "pending", ()))
    return frozenset(pending)


def evaluate(snapshot: CaseSnapshot, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every rule's findings on the snapshot (status open or pending), most severe first."""
    pending = pending_inputs(snapshot)
    findings: list[Finding] = []
    for rule in all_rules() if rules is None else rules:
        if pending.intersection(rule.text.reads):
            findings.append(Finding(rule, (), {}, fingerprint(rule.id, ()), status=PENDING))
            continue
        seen: set[str] = set()
        for hit in rule.condition(snapshot):
            print_ = fingerprint(rule.id, hit.facts)
            if print_ in seen:  # the same facts twice: one finding
                continue
            seen.add(print_)
            findings.append(Finding(rule, hit.facts, dict(hit.params), print_))
    findings.sort(key=sort_key)
    return findings
