"""Step-1 records on the page of the methodology task they serve: each type is declared as a
source; the foundation filters on the stored task key and on visibility
(cases/task_records.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peacetrack.analysis.display import record_url, title
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.sources import RecordSource
from peacetrack.cases.task_records import TaskView, register_task_source, register_task_view


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
        informs=rtype.informs,
    )


def _matrix_url(access: CaseAccess) -> str:
    return reverse("analysis:matrix", kwargs={"case_id": access.case.public_id})


def _map_url(access: CaseAccess) -> str:
    return reverse("analysis:map", kwargs={"case_id": access.case.public_id})


VIEWS = (
    TaskView(
        tasks=("1.1.2", "4.4.1", "4.4.3"),
        label=_("Positions matrix"),
        why=_("Every stakeholder's position, interests and fears, issue by issue."),
        url=_matrix_url,
    ),
    TaskView(
        tasks=("1.2.1", "4.1.1", "4.2.1", "4.2.2"),
        label=_("Actor map"),
        why=_("Who is tied to whom, and who carries the channels between sides."),
        url=_map_url,
    ),
)


def register() -> None:
    for rtype in RECORD_TYPES:
        register_task_source(source_of(rtype))
    for view in VIEWS:
        register_task_view(view)
