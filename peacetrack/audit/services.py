"""Recording audit events. Every service that writes calls `audit_record` in its transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models

from peacetrack.audit.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The JSON-safe values of `fields` on `instance` (foreign keys by id)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _plain(getattr(instance, attname))
    return values


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    case_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    summary: str = "",
) -> AuditEvent:
    """Append one event. Call inside the service's transaction so both commit together."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        case_id=case_id,
        actor=actor if authenticated else None,
        actor_label=(actor.email or actor.get_username()) if authenticated else "system",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        before=before,
        after=after,
    )
