"""Rules: what the advisor knows, as data plus one small pure condition each.

A capability declares its rules in its `advice` module:

    RULES = RuleSet(Path(__file__).parent / "advice_rules.yaml")

    @RULES.condition("1.2.factions-unanalysed")
    def factions_unanalysed(snapshot: CaseSnapshot) -> Iterator[Hit]:
        ...
        yield Hit(facts=(Fact("faction", faction.ref),), params={"party": party.ref.label})

    rules_register(RULES)

The YAML file holds every text (our own words, translatable: they are gettext msgids, read
through the catalogue when shown) and the rule's place: its task, kind, severity, the
handbook's options that fit (`list_key.item_key` of a boxed list) and the historical examples
(example keys). A condition returns one `Hit` per thing that is wrong (an issue without a
position: one hit per issue), each with the facts behind it. Conditions never run SQL and
never import a model: they read the snapshot only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from peacetrack.advisor.snapshot import CaseSnapshot, Ref


class Kind(StrEnum):
    GAP = "gap"  # something the handbook asks for is missing
    RISK = "risk"  # something recorded points to danger
    OPTION = "option"  # something recorded opens a way the handbook describes


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


@dataclass(frozen=True, slots=True)
class Fact:
    """One record behind a hit. `role` names, in the rule's `facts` texts, why it matters."""

    role: str
    ref: Ref


@dataclass(frozen=True)
class Hit:
    facts: tuple[Fact, ...]
    # Values for the message's %(name)s placeholders (labels of records, counts).
    params: Mapping[str, Any] = field(default_factory=dict)


Condition = Callable[[CaseSnapshot], Iterable[Hit]]


class RuleText(BaseModel):
    """One rule as its data file states it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[1-6](\.\d+){0,2}\.[a-z0-9]+(-[a-z0-9]+)*$")
    task: str = Field(pattern=r"^[1-6]\.\d+\.\d+$")
    kind: Kind
    severity: Severity
    title: str = Field(min_length=5)
    message: str = Field(min_length=10)
    recommendation: str = Field(min_length=10)
    # What would make the finding go away.
    resolves: str = Field(min_length=10)
    # role → why a fact of that role matters
    facts: dict[str, str] = Field(min_length=1)
    options: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    # Inputs computed apart that the rule reads ("network": the cached network analysis): while
    # one of them is being recomputed the rule shows as pending (snapshot parts' `pending`).
    reads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    text: RuleText
    condition: Condition

    @property
    def id(self) -> str:
        return self.text.id

    @property
    def step(self) -> str:
        return self.text.task.split(".")[0]


class RuleSet:
    """A capability's rules: its data file and the conditions registered for it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conditions: dict[str, Condition] = {}

    def condition(self, rule_id: str) -> Callable[[Condition], Condition]:
        def register(function: Condition) -> Condition:
            if rule_id in self.conditions:
                raise ValueError(f"two conditions for the rule {rule_id}")
            self.conditions[rule_id] = function
            return function

        return register

    def texts(self) -> list[RuleText]:
        with self.path.open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle) or []
        return [RuleText.model_validate(item) for item in raw]

    def rules(self) -> list[Rule]:
        texts = self.texts()
        ids = [t.id for t in texts]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.path}: a rule id is used twice")
        missing = set(ids) - set(self.conditions)
        extra = set(self.conditions) - set(ids)
        if missing or extra:
            raise ValueError(
                f"{self.path}: rules without a condition {sorted(missing)}, "
                f"conditions without a rule {sorted(extra)}"
            )
        return [Rule(text, self.conditions[text.id]) for text in texts]


_RULES: dict[str, Rule] = {}


def rules_register(rule_set: RuleSet) -> None:
    """Add a capability's rules, checked against the methodology (tasks, options, examples)."""
    from peacetrack.methodology.loader import get_methodology

    methodology = get_methodology()
    tasks = set(methodology.tasks)
    options = {f"{lst.key}.{item.key}" for lst in methodology.lists.values() for item in lst.items}
    examples = {e.key for e in methodology.examples}
    for rule in rule_set.rules():
        text = rule.text
        problems = [
            *([f"unknown task {text.task}"] if text.task not in tasks else []),
            *[f"unknown option {o}" for o in text.options if o not in options],
            *[f"unknown example {e}" for e in text.examples if e not in examples],
        ]
        if not text.id.startswith(text.task.split(".")[0] + "."):
            problems.append("its id does not start with its step")
        if problems:
            raise ValueError(f"rule {text.id}: " + "; ".join(problems))
        if text.id in _RULES and _RULES[text.id] != rule:
            raise ValueError(f"rule {text.id} registered twice")
        _RULES[text.id] = rule


def all_rules() -> list[Rule]:
    """Every registered rule, by step, task and id."""
    return sorted(_RULES.values(), key=lambda r: (r.text.task, r.id))


def rule_get(rule_id: str) -> Rule:
    return _RULES[rule_id]
