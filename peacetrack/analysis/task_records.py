"""Lists step-1 records on the page of the methodology task they serve."""

from __future__ import annotations

from peacetrack.analysis.access import records_visible
from peacetrack.analysis.display import record_url, title
from peacetrack.analysis.models.actors import ACTOR_TASKS
from peacetrack.analysis.registry import RECORD_TYPES
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.task_records import TaskRecord, register_task_records

PER_TYPE = 25


def records_for_task(access: CaseAccess, task_key: str) -> list[TaskRecord]:
    found: list[TaskRecord] = []
    for rtype in RECORD_TYPES:
        if task_key not in rtype.tasks:
            continue
        records = records_visible(rtype, access.membership)
        if rtype.slug == "actors":
            records = records.filter(kind__in=[k for k, t in ACTOR_TASKS.items() if t == task_key])
        for record in records[:PER_TYPE]:
            found.append(
                TaskRecord(
                    kind=rtype.label,
                    title=title(record),
                    url=record_url(record),
                    detail=record.visibility_label,
                )
            )
    return found


def register() -> None:
    register_task_records(records_for_task)
