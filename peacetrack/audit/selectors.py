"""Reading the audit trail."""

from __future__ import annotations

from django.db import models

from peacetrack.audit.models import AuditEvent


def history(record: models.Model, *, limit: int = 30) -> list[AuditEvent]:
    """The changes made to one case record, newest first (record pages show them)."""
    # Every case record has a case_id.
    case_id: int = record.case_id  # type: ignore[attr-defined]
    return list(
        AuditEvent.objects.filter(
            case_id=case_id,
            object_type=record._meta.label_lower,
            object_id=str(record.pk),
        )[:limit]
    )
