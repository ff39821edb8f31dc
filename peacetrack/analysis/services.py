"""Writing step-1 records: one set of rules for every record type (see registry.py).

Each write validates (field rules, references within the case, the type's own check), runs in
one transaction and records one audit event. Deleting a record also deletes, or unlinks, the
records of any app that point at it, each with its own audit event (cases/deletion.py).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from peacetrack.analysis.actions import RECORD_ACTIONS
from peacetrack.analysis.registry import RecordType
from peacetrack.audit.services import audit_record, snapshot
from peacetrack.cases.concurrency import version_check, version_next
from peacetrack.cases.deletion import record_delete_with_dependents
from peacetrack.cases.models import Case, Visibility
from peacetrack.cases.records import CaseRecord

VISIBILITY_FIELDS = ("visibility", "visibility_party")


def _references_in_case(case: Case, rtype: RecordType, values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    for name in (*rtype.fields, "visibility_party"):
        field = rtype.field(name)
        value = values.get(name)
        if not isinstance(field, models.ForeignKey) or value is None:
            continue
        if getattr(value, "case_id", None) != case.pk:
            errors[name] = "That record belongs to another case."
    visibility = values.get("visibility", Visibility.TEAM)
    party = values.get("visibility_party")
    if visibility == Visibility.PARTY and party is None:
        errors["visibility"] = "Choose the party this record is shared with."
    elif visibility != Visibility.PARTY and party is not None:
        errors["visibility"] = "Only a record shared with one party names a party."
    if errors:
        raise ValidationError(errors)


def _prepare(case: Case, rtype: RecordType, values: dict[str, Any]) -> dict[str, Any]:
    allowed = {*rtype.fields, *VISIBILITY_FIELDS}
    if rtype.has_profile:
        allowed.add("profile")
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(
            f"Unknown fields for {rtype.label.lower()}: {', '.join(sorted(unknown))}"
        )
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    _references_in_case(case, rtype, values)
    if rtype.check is not None:
        rtype.check(case, values)
    return values


def record_snapshot(rtype: RecordType, record: CaseRecord) -> dict[str, Any]:
    names = [*rtype.fields, *(["profile"] if rtype.has_profile else [])]
    values = snapshot(record, names)
    values["visibility"] = record.visibility_code
    return values


def _save(record: CaseRecord) -> None:
    record.task_key = record.assigned_task()
    try:
        record.full_clean()
    except ValidationError as exc:
        # Field-level messages (choices, lengths, uniqueness) as the user should read them,
        # with their codes (the API answers a duplicate with 409).
        raise ValidationError(exc.error_dict) from None
    record.save()


def record_build(*, case: Case, rtype: RecordType, values: dict[str, Any]) -> CaseRecord:
    """An unsaved record checked by the rules record_create applies, without a database
    query: the case-file import checks a whole file before writing any of it. References may
    point at other unsaved records of the same import (the import checks uniqueness within
    its file itself)."""
    values = _prepare(case, rtype, dict(values))
    record = rtype.model(case=case, **values)
    record.task_key = record.assigned_task()
    references = [f.name for f in rtype.model._meta.fields if isinstance(f, models.ForeignKey)]
    try:
        record.clean_fields(exclude=references)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    return record


@transaction.atomic
def record_create(
    *, actor: Any, case: Case, rtype: RecordType, values: dict[str, Any]
) -> CaseRecord:
    """Create a step-1 record of type `rtype` on `case`."""
    values = _prepare(case, rtype, dict(values))
    record = rtype.model(case=case, **values)
    _save(record)
    audit_record(
        actor=actor,
        action=RECORD_ACTIONS[rtype.slug].create,
        obj=record,
        case_id=case.pk,
        after=record_snapshot(rtype, record),
        summary=f"Added {rtype.label.lower()}: {record}",
    )
    return record


@transaction.atomic
def record_update(
    *,
    actor: Any,
    record: CaseRecord,
    rtype: RecordType,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> CaseRecord:
    """Change some fields of a record; the others keep their values. `expected_version`:
    the version the editor read (cases/concurrency.py); None skips the check."""
    version = version_check(record, expected_version)
    before = record_snapshot(rtype, record)
    current = {name: getattr(record, name) for name in rtype.fields}
    current.update(visibility=record.visibility, visibility_party=record.visibility_party)
    if rtype.has_profile:
        current["profile"] = record.profile  # type: ignore[attr-defined]
    merged = _prepare(record.case, rtype, {**current, **values})
    for name, value in merged.items():
        setattr(record, name, value)
    if record_snapshot(rtype, record) != before:
        version_next(record, version)
    _save(record)
    after = record_snapshot(rtype, record)
    if after != before:
        audit_record(
            actor=actor,
            action=RECORD_ACTIONS[rtype.slug].update,
            obj=record,
            case_id=record.case_id,
            before=before,
            after=after,
            summary=f"Updated {rtype.label.lower()}: {record}",
        )
    return record


def record_delete(*, actor: Any, record: CaseRecord, rtype: RecordType) -> None:
    """Delete a record with what cascades from it in every app, unlinking the rest, each with
    its audit event (cases.deletion.record_delete_with_dependents)."""
    record_delete_with_dependents(actor=actor, record=record)
