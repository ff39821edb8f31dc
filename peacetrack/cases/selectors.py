"""Reads that need more than one query: the case list and the dashboard.

Each runs a fixed number of queries whatever the number of cases, tasks and notes
(asserted in tests/test_query_counts.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case as DbCase
from django.db.models import Count, IntegerField, QuerySet, Value, When
from django.utils import timezone

from peacetrack.accounts.types import Visitor
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.changes import ChangeGroup, latest_changes
from peacetrack.cases.models import (
    Case,
    CheckpointTick,
    Membership,
    TaskNote,
    TaskProgress,
    TaskStatus,
)
from peacetrack.cases.people import People
from peacetrack.cases.progress import CaseProgress, progress_from_statuses
from peacetrack.cases.visibility import visible_to
from peacetrack.methodology.loader import get_methodology

DUE_SOON_DAYS = 7
OPEN_STATUSES = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS]


@dataclass
class CaseRow:
    case: Case
    membership: Membership
    progress: CaseProgress | None  # None for members outside the team

    @property
    def percent(self) -> int | None:
        return self.progress.overall.percent if self.progress else None


#: The case list's order (its keyset pages end it with the membership's id).
CASE_LIST_ORDER = ("case__title", "case_id")


def memberships_of(user: Visitor) -> QuerySet[Membership]:
    """The user's memberships, one per case, in the case list's order."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user_id=user.pk)
        .select_related("case", "party")
        .order_by(*CASE_LIST_ORDER)
    )


def case_rows(memberships: list[Membership]) -> list[CaseRow]:
    """A page of the user's cases with their progress: one query whatever their number."""
    team_case_ids = [m.case_id for m in memberships if m.is_team]
    statuses: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if team_case_ids:
        for case_id, key, status in TaskProgress.objects.filter(
            case_id__in=team_case_ids
        ).values_list("case_id", "task_key", "status"):
            statuses[case_id].append((key, status))
    return [
        CaseRow(
            case=m.case,
            membership=m,
            progress=progress_from_statuses(statuses[m.case_id]) if m.is_team else None,
        )
        for m in memberships
    ]


def methodology_order(field: str) -> DbCase:
    """An ordering expression: the methodology's order of the task keys in `field` (a task the
    methodology no longer has comes last)."""
    tasks = get_methodology().tasks
    return DbCase(
        *(When(**{field: key}, then=Value(i)) for i, key in enumerate(tasks)),
        default=Value(len(tasks)),
        output_field=IntegerField(),
    )


def case_progress(case: Case) -> CaseProgress:
    return progress_from_statuses(
        TaskProgress.objects.filter(case=case).values_list("task_key", "status")
    )


@dataclass
class TaskLine:
    key: str
    title: str
    status: str
    due_on: datetime.date | None
    owner: str

    @property
    def status_label(self) -> str:
        return str(TaskStatus(self.status).label)


@dataclass
class Dashboard:
    progress: CaseProgress | None
    overdue: list[TaskLine]
    due_soon: list[TaskLine]
    changes: list[ChangeGroup]
    since: datetime.datetime | None
    shared_notes: list[TaskNote]


def _task_line(progress: TaskProgress, people: People) -> TaskLine:
    task = get_methodology().task(progress.task_key)
    return TaskLine(
        key=progress.task_key,
        title=task.title,
        status=progress.status,
        due_on=progress.due_on,
        owner=people.label(progress.owner, empty=""),
    )


def notes_visible(access: CaseAccess) -> QuerySet[TaskNote]:
    return visible_to(
        TaskNote.objects.select_related("author", "visibility_party"), access.membership
    )


def case_dashboard(
    access: CaseAccess,
    *,
    since: datetime.datetime | None = None,
    today: datetime.date | None = None,
) -> Dashboard:
    """Everything the dashboard shows, in a number of queries that does not grow with the case.
    `since`: the end of the member's previous visit (latest changes are those made after it)."""
    today = today or timezone.localdate()
    people = People(access.membership)
    progress = None
    overdue: list[TaskLine] = []
    due_soon: list[TaskLine] = []
    if access.membership.is_team:
        progress = case_progress(access.case)
        open_with_dates = (
            TaskProgress.objects.filter(
                case=access.case,
                status__in=OPEN_STATUSES,
                due_on__isnull=False,
                due_on__lte=today + datetime.timedelta(DUE_SOON_DAYS),
            )
            .select_related("owner")
            .order_by("due_on", "id")
        )
        for row in open_with_dates:
            line = _task_line(row, people)
            (overdue if row.due_on and row.due_on < today else due_soon).append(line)
    notes = list(notes_visible(access).order_by("-created_at", "-id")[:6])
    return Dashboard(
        progress=progress,
        overdue=overdue,
        due_soon=due_soon,
        changes=latest_changes(access, since=since, people=people),
        since=since,
        shared_notes=notes,
    )


def note_counts(access: CaseAccess) -> dict[str, int]:
    """How many notes the user may read on each task (one grouped query)."""
    rows = notes_visible(access).order_by().values("task_key").annotate(n=Count("id"))
    return {row["task_key"]: row["n"] for row in rows}


def checkpoint_ticks(
    case: Case, task_key: str | None = None
) -> dict[str, dict[int, CheckpointTick]]:
    """The case's ticked check-points (of one task, or of all), by task key and index: one
    query. Team only, as task progress is: callers check that first."""
    ticks = CheckpointTick.objects.filter(case=case).select_related("ticked_by")
    if task_key is not None:
        ticks = ticks.filter(task_key=task_key)
    found: dict[str, dict[int, CheckpointTick]] = {}
    for tick in ticks:
        found.setdefault(tick.task_key, {})[tick.index] = tick
    return found
