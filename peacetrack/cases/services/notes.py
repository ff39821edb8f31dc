"""Notes on a task.

Every write: keyword-only, one transaction, one audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peacetrack.accounts.types import Person
from peacetrack.audit.services import audit_record, snapshot
from peacetrack.cases import actions
from peacetrack.cases.concurrency import version_check, version_next
from peacetrack.cases.models import (
    Case,
    Party,
    TaskNote,
    Visibility,
)
from peacetrack.cases.visibility import visibility_resolve
from peacetrack.methodology.loader import get_methodology

NOTE_FIELDS = ["task_key", "body", "visibility", "visibility_party"]


def note_values_check(
    *,
    case: Case,
    task_key: str,
    body: str,
    visibility: str,
    parties: Iterable[Party] | None = None,
) -> dict[str, Any]:
    """Check a note's values; answer the stored visibility fields for the portable code
    `visibility` (cases.visibility.visibility_resolve; `parties`: see there)."""
    errors: dict[str, Any] = {}
    if task_key not in get_methodology().tasks:
        errors["task_key"] = _("There is no methodology task %(key)r.") % {"key": task_key}
    if not body.strip():
        errors["body"] = _("The note is empty.")
    elif len(body) > 20000:
        errors["body"] = _("A note holds at most 20,000 characters.")
    fields: dict[str, Any] = {}
    try:
        fields = visibility_resolve(case=case, code=visibility, parties=parties)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def note_add(
    *,
    actor: Person,
    case: Case,
    task_key: str,
    body: str,
    visibility: str = Visibility.TEAM,
    created_at: datetime.datetime | None = None,
    author: Any = None,
) -> TaskNote:
    """Add a note to a task, shared as the portable code `visibility` says (team, parties,
    track2, public or party:<short name>). `author` defaults to the actor (imports keep the
    original one)."""
    fields = note_values_check(case=case, task_key=task_key, body=body, visibility=visibility)
    note = TaskNote.objects.create(
        case=case,
        task_key=task_key,
        body=body.strip(),
        author=author or actor,
        created_at=created_at or timezone.now(),
        **fields,
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
    actor: Person,
    note: TaskNote,
    body: str,
    visibility: str,
    expected_version: int | None = None,
) -> TaskNote:
    """Edit a note; `visibility` is the portable code. `expected_version`: see
    cases/concurrency.py."""
    current = version_check(note, expected_version)
    fields = note_values_check(
        case=note.case, task_key=note.task_key, body=body, visibility=visibility
    )
    before = snapshot(note, NOTE_FIELDS)
    note.body = body.strip()
    note.visibility = fields["visibility"]
    note.visibility_party = fields["visibility_party"]
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
def note_delete(*, actor: Person, note: TaskNote) -> None:
    audit_record(
        actor=actor,
        action=actions.NOTE_DELETE,
        obj=note,
        case_id=note.case_id,
        before=snapshot(note, NOTE_FIELDS),
        summary=f"Deleted note on {note.task_key}",
    )
    note.delete()
