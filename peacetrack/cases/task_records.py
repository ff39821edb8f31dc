"""Case records that serve a methodology task, contributed by capability apps.

The foundation does not import capability apps. Each declares its record types as sources
(cases/sources.py) in its AppConfig.ready():

    from peacetrack.cases.task_records import register_task_source
    register_task_source(RecordSource(model=Actor, kind="Actor", title=str, url=actor_url))

The foundation lists, on a task's page, the rows whose stored `task_key` is that task, only
those the member may read (records_visible): a source cannot forget either rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from peacetrack.cases.access import CaseAccess
from peacetrack.cases.sources import RecordSource

PER_SOURCE = 25


@dataclass(frozen=True)
class TaskRecord:
    kind: str  # e.g. "Actor", "Contested issue"
    title: str
    url: str
    detail: str = ""


_SOURCES: list[RecordSource] = []


def register_task_source(source: RecordSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def task_records(access: CaseAccess, task_key: str) -> list[TaskRecord]:
    records: list[TaskRecord] = []
    for source in _SOURCES:
        if source.tasks and task_key not in source.tasks:
            continue
        for record in source.visible(access.membership).filter(task_key=task_key)[:PER_SOURCE]:
            records.append(
                TaskRecord(
                    kind=str(source.kind),
                    title=source.title(record),
                    url=source.url(record),
                    detail=record.visibility_label,
                )
            )
    return records
