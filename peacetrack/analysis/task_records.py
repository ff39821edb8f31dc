"""Step-1 records on the page of the methodology task they serve: each type is declared as a
source; the foundation filters on the stored task key and on visibility
(cases/task_records.py)."""

from __future__ import annotations

from peacetrack.analysis.display import record_url, title
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.cases.sources import RecordSource
from peacetrack.cases.task_records import register_task_source


def source_of(rtype: RecordType) -> RecordSource:
    return RecordSource(
        model=rtype.model,
        kind=rtype.label,
        title=title,
        url=record_url,
        search=rtype.search,
        through=rtype.through,
        related=rtype.related,
        tasks=rtype.tasks,
    )


def register() -> None:
    for rtype in RECORD_TYPES:
        register_task_source(source_of(rtype))
