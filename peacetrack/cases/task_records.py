"""Case records that serve a methodology task, contributed by capability apps.

The foundation does not import capability apps. Each declares its record types as sources
(cases/sources.py) in its AppConfig.ready():

    from peacetrack.cases.task_records import register_task_source
    register_task_source(RecordSource(model=Actor, kind="Actor", title=str, url=actor_url))

A task's page lists the rows whose stored `task_key` is that task, and the rows a source says
inform it although they were entered under another task (`RecordSource.informs`: potential
spoilers on 4.2.2), each with the reason; only those the member may read (records_visible): a
source cannot forget either rule. Capabilities may also point a task at one of their pages
(`register_task_view`: the positions matrix on 4.4.1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from peacetrack.cases.access import CaseAccess
from peacetrack.cases.sources import RecordSource

PER_SOURCE = 25


@dataclass(frozen=True)
class TaskRecord:
    kind: str  # e.g. "Actor", "Contested issue"
    title: str
    url: str
    detail: str = ""
    why: str = ""  # why it informs this task, when it was entered under another one


@dataclass(frozen=True)
class TaskView:
    """A page of a capability that serves these tasks (the positions matrix serves 1.1.2 and
    4.4.1). `url` takes the case access; the page applies visibility itself."""

    tasks: tuple[str, ...]
    label: str | Promise
    why: str | Promise
    url: Callable[[CaseAccess], str]
    team_only: bool = False


@dataclass(frozen=True)
class TaskLink:
    label: str
    why: str
    url: str


_SOURCES: list[RecordSource] = []
_VIEWS: list[TaskView] = []


def register_task_source(source: RecordSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def register_task_view(view: TaskView) -> None:
    if view not in _VIEWS:
        _VIEWS.append(view)


def task_sources() -> list[RecordSource]:
    """Every registered source of records entered under a task (the advisor counts them)."""
    return list(_SOURCES)


def _entry(source: RecordSource, record: object, why: str = "") -> TaskRecord:
    return TaskRecord(
        kind=str(source.kind),
        title=source.title(record),
        url=source.url(record),
        detail=getattr(record, "visibility_label", ""),
        why=why,
    )


def task_records(access: CaseAccess, task_key: str) -> list[TaskRecord]:
    """The records the member may read that were entered under this task, then those that
    inform it from elsewhere (each with its reason), at most PER_SOURCE of each kind."""
    records: list[TaskRecord] = []
    for source in _SOURCES:
        visible = source.visible(access.membership)
        if not source.tasks or task_key in source.tasks:
            for record in visible.filter(task_key=task_key)[:PER_SOURCE]:
                records.append(_entry(source, record))
        for informs in source.informs:
            if informs.task != task_key:
                continue
            rows = visible.exclude(task_key=task_key)
            if informs.where is not None:
                rows = rows.filter(informs.where)
            for record in rows[:PER_SOURCE]:
                records.append(_entry(source, record, str(informs.why)))
    return records


def task_views(access: CaseAccess, task_key: str) -> list[TaskLink]:
    """The capability pages that serve this task and the member may open."""
    return [
        TaskLink(label=str(view.label), why=str(view.why), url=view.url(access))
        for view in _VIEWS
        if task_key in view.tasks and (access.membership.is_team or not view.team_only)
    ]
