"""Task progress: status, owner, due date.

Every write: keyword-only, one transaction, one audit event.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peacetrack.accounts.types import Person
from peacetrack.audit.services import audit_record, snapshot
from peacetrack.cases import actions
from peacetrack.cases.concurrency import version_check, version_next
from peacetrack.cases.models import (
    Case,
    Membership,
    Role,
    TaskProgress,
    TaskStatus,
)

PROGRESS_FIELDS = ["task_key", "status", "owner", "due_on", "na_reason"]


def _team_user_ids(case: Case) -> set[int]:
    return set(
        Membership.objects.filter(
            case=case, role__in=[Role.LEAD, Role.MEMBER, Role.OBSERVER]
        ).values_list("user_id", flat=True)
    )


@transaction.atomic
def task_update(
    *,
    actor: Person | None,
    progress: TaskProgress,
    status: str,
    owner: Person | None = None,
    due_on: datetime.date | None = None,
    na_reason: str = "",
    expected_version: int | None = None,
) -> TaskProgress:
    """Change a task's status, owner, due date; 'not applicable' needs a reason.
    `expected_version`: see cases/concurrency.py."""
    current = version_check(progress, expected_version)
    errors: dict[str, str] = {}
    na_reason = na_reason.strip()
    if status not in TaskStatus.values:
        errors["status"] = _("Status must be one of %(values)s.") % {
            "values": ", ".join(TaskStatus.values)
        }
    if status == TaskStatus.NOT_APPLICABLE and not na_reason:
        errors["na_reason"] = _("Say why this task does not apply to the case.")
    if status != TaskStatus.NOT_APPLICABLE:
        na_reason = ""
    started = progress.case.started_on
    if due_on is not None and started is not None and due_on < _a_year_before(started):
        errors["due_on"] = _(
            "The task would be due more than a year before the case began (%(date)s): "
            "check the year."
        ) % {"date": date_format(started, "DATE_FORMAT")}
    if owner is not None and owner.pk not in _team_user_ids(progress.case):
        errors["owner"] = _("The owner must be on the mediation team of this case.")
    if errors:
        raise ValidationError(errors)
    before = _progress_snapshot(progress)
    progress.status = status
    progress.owner = owner
    progress.due_on = due_on
    progress.na_reason = na_reason
    after = _progress_snapshot(progress)
    if before != after:
        version_next(progress, current)
    progress.save()
    if before != after:
        audit_record(
            actor=actor,
            action=actions.TASK_UPDATE,
            obj=progress,
            case_id=progress.case_id,
            before=before,
            after=after,
            summary=f"Task {progress.task_key}: {progress.get_status_display()}",
        )
    return progress


def _a_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _progress_snapshot(progress: TaskProgress) -> dict[str, Any]:
    values = snapshot(progress, PROGRESS_FIELDS)
    values["owner"] = progress.owner.email if progress.owner else None
    return values
