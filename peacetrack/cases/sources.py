"""What a capability declares about one record type so that the foundation can list it:
on task pages (cases/task_records.py) and in the case search (cases/search.py).

The foundation, not the capability, applies visibility: every list it builds from a source is
`records_visible(source.model, membership, through=source.through, related=source.related)`,
so no plug-in can forget it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from peacetrack.cases.access import records_visible
from peacetrack.cases.models import Membership
from peacetrack.cases.records import CaseRecord


@dataclass(frozen=True)
class Informs:
    """Rows of a source that inform a task other than the one they were entered under: those
    matching `where` (all rows if None), shown on that task's page with `why` beside them
    (actors flagged as potential spoilers inform 4.2.2, Manage spoilers)."""

    task: str
    why: str | Promise
    where: Q | None = None


@dataclass(frozen=True)
class RecordSource:
    model: type[CaseRecord]
    kind: str | Promise  # what a reader calls one: "Actor", "Contested issue"
    title: Callable[[Any], str]  # a record's name
    url: Callable[[Any], str]  # a record's page
    search: tuple[str, ...] = ()  # text fields the case search looks in (none: not searched)
    through: tuple[str, ...] = ()  # foreign keys to other visible records (records_visible)
    related: tuple[str, ...] = ()  # loaded along
    # Every task key its rows can serve (each row stores its own, `task_key`); empty: any.
    # Only saves a query on the pages of other tasks.
    tasks: tuple[str, ...] = ()
    # The other tasks some of its rows inform (shown on those tasks' pages too).
    informs: tuple[Informs, ...] = ()

    def visible(self, membership: Membership) -> QuerySet[Any]:
        """The rows of this source on the member's case that the member may read."""
        return records_visible(self.model, membership, through=self.through, related=self.related)
