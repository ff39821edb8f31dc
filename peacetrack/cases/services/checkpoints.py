"""Check-points of a task, ticked per case (who ticked each, and when).

Every write: keyword-only, one transaction, one audit event. Team work, as task progress is.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peacetrack.accounts.types import Person
from peacetrack.audit.services import audit_record
from peacetrack.cases import actions
from peacetrack.cases.models import Case, CheckpointTick


def _checked_text(task_key: str, index: int) -> str:
    text = actions.checkpoint_text(task_key, index)
    if not text:
        raise ValidationError(
            {"index": _("Task %(key)s has no such check-point.") % {"key": task_key}}
        )
    return text


def _snapshot(tick: CheckpointTick, text: str) -> dict[str, object]:
    return {"task_key": tick.task_key, "index": tick.index, "name": text}


@transaction.atomic
def checkpoint_tick(
    *, actor: Person | None, case: Case, task_key: str, index: int
) -> CheckpointTick:
    """Tick check-point `index` (its place in the task's list) of a task on this case. Ticking
    one already ticked keeps who ticked it first and writes nothing."""
    text = _checked_text(task_key, index)
    tick, created = CheckpointTick.objects.get_or_create(
        case=case,
        task_key=task_key,
        index=index,
        defaults={"ticked_by": actor, "ticked_at": timezone.now()},
    )
    if created:
        audit_record(
            actor=actor,
            action=actions.CHECKPOINT_TICK,
            obj=tick,
            case_id=case.pk,
            after=_snapshot(tick, text),
            summary=f"Ticked {task_key} check-point {index + 1}",
        )
    return tick


@transaction.atomic
def checkpoint_untick(*, actor: Person | None, case: Case, task_key: str, index: int) -> None:
    """Untick a check-point; one not ticked stays so and nothing is written."""
    text = _checked_text(task_key, index)
    tick = (
        CheckpointTick.objects.select_for_update()
        .filter(case=case, task_key=task_key, index=index)
        .first()
    )
    if tick is None:
        return
    audit_record(
        actor=actor,
        action=actions.CHECKPOINT_UNTICK,
        obj=tick,
        case_id=case.pk,
        before=_snapshot(tick, text),
        summary=f"Unticked {task_key} check-point {index + 1}",
    )
    tick.delete()
