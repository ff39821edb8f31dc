"""Case records that serve a methodology task, contributed by capability apps.

The foundation does not import capability apps. Each registers a provider in its AppConfig.ready():

    from peacetrack.cases.task_records import register_task_records
    register_task_records(actors_for_task)

A provider takes (access: CaseAccess, task_key: str) and returns TaskRecord items the user may
see (it must apply its own access and visibility rules).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peacetrack.cases.access import CaseAccess


@dataclass(frozen=True)
class TaskRecord:
    kind: str  # e.g. "Actor", "Contested issue"
    title: str
    url: str
    detail: str = ""


Provider = Callable[[CaseAccess, str], list[TaskRecord]]
_PROVIDERS: list[Provider] = []


def register_task_records(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def task_records(access: CaseAccess, task_key: str) -> list[TaskRecord]:
    records: list[TaskRecord] = []
    for provider in _PROVIDERS:
        records.extend(provider(access, task_key))
    return records
