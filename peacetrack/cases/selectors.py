"""Reads that need more than one query: the case list and the dashboard.

Each runs a fixed number of queries whatever the number of cases, tasks and notes
(asserted in tests/test_query_counts.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case as DbCase
from django.db.models import Count, IntegerField, QuerySet, Value, When
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from peacetrack.accounts.types import Visitor
from peacetrack.audit.models import AuditEvent
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.changes import ChangeGroup, latest_changes
from peacetrack.cases.models import (
    Case,
    CheckpointTick,
    Membership,
    Party,
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
        # (no ordering: the model's default one joins the case to sort by its title)
        TaskProgress.objects.filter(case=case).order_by().values_list("task_key", "status")
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
    parties: list[Party]
    # The panels without relative times, rendered with the rest (and cached with it): the step
    # map and the due tasks for the team, the notes shared with a reader outside it.
    stepmap_html: str = ""
    due_html: str = ""
    shared_html: str = ""


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


# How long a computed dashboard is kept. Its key names the case's latest audit event, so any
# write makes a new one at once; this only bounds what an idle case keeps in the cache.
DASHBOARD_CACHE_SECONDS = 24 * 60 * 60


def _dashboard_key(
    access: CaseAccess, since: datetime.datetime | None, today: datetime.date
) -> str:
    """The cache key of a dashboard: what it is computed from. Every write to a case goes
    through a service that appends an audit event (docs/architecture.md), so the latest event
    names the case's state; the reader's role and party name what they may read (People, the
    visibility rules); then the previous visit, the day (due tasks) and the language."""
    head = (
        AuditEvent.objects.filter(case_id=access.case.pk)
        .order_by("-at", "-id")
        .values_list("id", "at")
        .first()
    )
    membership = access.membership
    return ":".join(
        [
            "dashboard",
            access.case.uid,
            f"{head[0]}@{head[1].timestamp()}" if head else "-",
            f"{membership.role}/{membership.party_id or ''}",
            since.isoformat() if since else "-",
            today.isoformat(),
            get_language() or "",
        ]
    )


def case_dashboard(
    access: CaseAccess,
    *,
    since: datetime.datetime | None = None,
    today: datetime.date | None = None,
) -> Dashboard:
    """Everything the dashboard shows, computed once for all the readers with the same role on
    the case's same state (Django's cache, shared by every process), so that a page costs two
    queries then whatever the size of the case. `since`: the end of the member's previous visit
    (latest changes are those made after it)."""
    today = today or timezone.localdate()
    key = _dashboard_key(access, since, today)
    found = cache.get(key)
    if isinstance(found, Dashboard):
        return found
    dashboard = _dashboard_compute(access, since=since, today=today)
    cache.set(key, dashboard, DASHBOARD_CACHE_SECONDS)
    return dashboard


def _dashboard_compute(
    access: CaseAccess, *, since: datetime.datetime | None, today: datetime.date
) -> Dashboard:
    """The dashboard read from the database, in queries whose number does not grow with the
    case."""
    people = People(access.membership)
    progress = None
    overdue: list[TaskLine] = []
    due_soon: list[TaskLine] = []
    notes: list[TaskNote] = []
    if access.membership.is_team:
        # One read of the case's task progress serves both the step map and the due tasks
        # (a case has one row per methodology task, never more).
        rows = list(
            TaskProgress.objects.filter(case=access.case)
            .select_related("owner")
            .order_by("due_on", "id")
        )
        progress = progress_from_statuses((row.task_key, row.status) for row in rows)
        horizon = today + datetime.timedelta(DUE_SOON_DAYS)
        for row in rows:
            if row.status in OPEN_STATUSES and row.due_on is not None and row.due_on <= horizon:
                line = _task_line(row, people)
                (overdue if row.due_on < today else due_soon).append(line)
    else:
        # Only readers outside the team see "shared with you"; the newest first, read along
        # the index on (case, created_at, id) so the cost does not grow with the notes.
        notes = list(notes_visible(access).order_by("-created_at", "-id")[:6])
    dashboard = Dashboard(
        progress=progress,
        overdue=overdue,
        due_soon=due_soon,
        changes=latest_changes(access, since=since, people=people),
        since=since,
        shared_notes=notes,
        parties=list(access.case.parties.all()),
    )
    context = {"case": access.case, "data": dashboard, "methodology": get_methodology()}
    if progress is not None:
        dashboard.stepmap_html = render_to_string("cases/_stepmap.html", context)
        dashboard.due_html = render_to_string("cases/_due_tasks.html", context)
    else:
        dashboard.shared_html = render_to_string("cases/_shared_notes.html", context)
    return dashboard


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
