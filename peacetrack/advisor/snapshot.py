"""The case as the advisor reads it: one typed, read-only snapshot, built for one viewer.

The foundation fills in the case, its parties and where every methodology task stands; each
capability adds its *part* (`part_register`, from its `advice` module), built from its own
selectors in a fixed number of queries and holding only what the viewer may see. Rules read
the snapshot only (`CaseSnapshot.part(Step1Facts)`): they never run SQL and never import a
model, so each is a small pure function that a test can call on a snapshot made by hand.

Every record in a snapshot carries a `Ref`: what the finding shows and links to, and the
`digest` of the record's content as read here (never its ids). A dismissal remembers the
digests of the facts it was made on, so it survives a move to another server and lapses when
one of those records changes.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Ref:
    """A record a finding points to. `type` is the API's fact type ("actor", "issue", "task"…),
    `id` its public id (a task's key), `url` its page for the viewer ("" if it has none)."""

    type: str
    id: str
    label: str
    url: str = ""
    digest: str = ""


def content_digest(*values: Any) -> str:
    """A short, stable hash of a record's content (dates, enums and nested refs by their
    label, never an id), for `Ref.digest`."""
    items = [value if type(value) in _SCALARS else _plain(value) for value in values]
    return hashlib.sha256(_ENCODER.encode(items).encode()).hexdigest()[:16]


# Values written as they are (a snapshot digests tens of thousands of records: the common
# case goes straight to the encoder).
_SCALARS = frozenset({str, int, float, bool, type(None)})
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Ref):
        return value.label
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    return value


@dataclass(frozen=True, slots=True)
class CaseFacts:
    ref: Ref
    conflict: str
    region: str
    case_type: str
    status: str
    started_on: datetime.date | None


@dataclass(frozen=True, slots=True)
class PartyFacts:
    ref: Ref
    short_name: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class TaskFacts:
    """Where the case stands on one methodology task: its progress, and how much the team has
    written for it (visible records whose stored task key is this one, and notes)."""

    ref: Ref
    step: str
    status: str
    due_on: datetime.date | None
    overdue: bool
    records: int
    notes: int

    @property
    def started(self) -> bool:
        """Anything done on it: progress set beyond "not started", or a record or note."""
        return self.status in {"in_progress", "done"} or self.records > 0 or self.notes > 0


@dataclass(frozen=True)
class CaseSnapshot:
    case: CaseFacts
    today: datetime.date
    parties: tuple[PartyFacts, ...]
    tasks: Mapping[str, TaskFacts]
    parts: Mapping[type, Any] = field(default_factory=dict)

    def part(self, kind: type[T]) -> T:
        """A capability's part, by its type (KeyError: no capability registered it)."""
        return self.parts[kind]  # type: ignore[no-any-return]

    def tasks_of_step(self, step: str) -> list[TaskFacts]:
        return [t for t in self.tasks.values() if t.step == step]


@dataclass(frozen=True)
class SnapshotPart:
    """What a capability adds: its part's type and how it is built for a reader (from its
    selectors, visibility applied, a fixed number of queries whatever the case's size).
    `build(access, today)` gets a `cases.access.CaseAccess`."""

    kind: type
    build: Callable[[Any, datetime.date], Any]
    # What the part reads beyond the case's records, as a short token (`state(access)`), read
    # without waiting: the findings are cached until the case or one of these changes (the
    # network analysis: its fresh result's id, or that it is being recomputed).
    state: Callable[[Any], str] | None = None


_PARTS: dict[type, SnapshotPart] = {}


def part_register(part: SnapshotPart) -> None:
    _PARTS[part.kind] = part


def parts() -> list[SnapshotPart]:
    return list(_PARTS.values())
