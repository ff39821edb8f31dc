"""Notes on a task.

Every write: keyword-only, one transaction, one audit event.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from peacetrack.audit.services import audit_record, snapshot
from peacetrack.cases import actions
from peacetrack.cases.concurrency import version_check, version_next
from peacetrack.cases.models import (
    Case,
    Party,
    TaskNote,
    Visibility,
)
from peacetrack.methodology.loader import get_methodology

NOTE_FIELDS = ["task_key", "body", "visibility", "visibility_party"]


def note_values_check(
    case: Case, task_key: str, body: str, visibility: str, visibility_party: Party | None
) -> None:
    errors: dict[str, str] = {}
    if task_key not in get_methodology().tasks:
        errors["task_key"] = f"There is no methodology task {task_key!r}."
    if not body.strip():
        errors["body"] = "The note is empty."
    elif len(body) > 20000:
        errors["body"] = "A note holds at most 20,000 characters."
    if visibility not in Visibility.values:
        errors["visibility"] = f"Visibility must be one of {', '.join(Visibility.values)}."
    elif visibility == Visibility.PARTY and visibility_party is None:
        errors["visibility"] = "Choose the party this note is shared with."
    elif visibility != Visibility.PARTY and visibility_party is not None:
        errors["visibility"] = "Only a note shared with one party names a party."
    if visibility_party is not None and visibility_party.case_id != case.pk:
        errors["visibility"] = "That party belongs to another case."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def note_add(
    *,
    actor: Any,
    case: Case,
    task_key: str,
    body: str,
    visibility: str = Visibility.TEAM,
    visibility_party: Party | None = None,
    created_at: datetime.datetime | None = None,
    author: Any = None,
) -> TaskNote:
    """Add a note to a task. `author` defaults to the actor (imports keep the original one)."""
    note_values_check(case, task_key, body, visibility, visibility_party)
    note = TaskNote.objects.create(
        case=case,
        task_key=task_key,
        body=body.strip(),
        visibility=visibility,
        visibility_party=visibility_party,
        author=author or actor,
        created_at=created_at or timezone.now(),
    )
    audit_record(
        actor=actor,
        action=actions.NOTE_ADD,
        obj=note,
        case_id=case.pk,
        after=snapshot(note, NOTE_FIELDS),
        summary=f"Note on task {task_key}",
    )
    return note


@transaction.atomic
def note_update(
    *,
    actor: Any,
    note: TaskNote,
    body: str,
    visibility: str,
    visibility_party: Party | None = None,
    expected_version: int | None = None,
) -> TaskNote:
    """Edit a note. `expected_version`: see cases/concurrency.py."""
    current = version_check(note, expected_version)
    note_values_check(note.case, note.task_key, body, visibility, visibility_party)
    before = snapshot(note, NOTE_FIELDS)
    note.body = body.strip()
    note.visibility = visibility
    note.visibility_party = visibility_party
    version_next(note, current)
    note.save()
    audit_record(
        actor=actor,
        action=actions.NOTE_UPDATE,
        obj=note,
        case_id=note.case_id,
        before=before,
        after=snapshot(note, NOTE_FIELDS),
        summary=f"Edited note on task {note.task_key}",
    )
    return note


@transaction.atomic
def note_delete(*, actor: Any, note: TaskNote) -> None:
    audit_record(
        actor=actor,
        action=actions.NOTE_DELETE,
        obj=note,
        case_id=note.case_id,
        before=snapshot(note, NOTE_FIELDS),
        summary=f"Deleted note on {note.task_key}",
    )
    note.delete()
