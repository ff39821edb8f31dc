"""Recording audit events. Every service that writes calls `audit_record` in its transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from peacetrack.accounts.types import Person, Visitor
from peacetrack.audit.actions import Action
from peacetrack.audit.models import AuditEvent, CaseVisit


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
    actor: Person | None,
    action: Action,
    obj: models.Model,
    case_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    summary: str = "",
) -> AuditEvent:
    """Append one event. Call inside the service's transaction so both commit together.

    `action` is a constant its app declared (audit/actions.py); `summary` is a plain note for
    exports and the database, the trail renders its own sentence from the action and values."""
    return AuditEvent.objects.create(
        case_id=case_id,
        actor=actor,
        actor_label=(actor.email or actor.get_username()) if actor is not None else "system",
        action=action.name,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        before=before,
        after=after,
    )


# Pages opened within this time of each other make one visit.
VISIT_GAP = datetime.timedelta(minutes=30)
# How stale `last_seen` may be before a page rewrites it: a write on every page view would take
# the database's write lock (SQLite's one writer) for nothing, and a minute is far below the gap.
VISIT_PRECISION = datetime.timedelta(minutes=1)


def case_visit_mark(
    *, user: Visitor, case_id: int, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """Note that `user` is on the case now; return when their previous visit ended (None on a
    first visit, and for a visitor who is not signed in, who has no visits). One query to read
    and, at most once a minute, one write. Not audited: it changes nothing on the case."""
    if not isinstance(user, Person) or not user.is_authenticated:
        return None
    now = now or timezone.now()
    try:
        visit = CaseVisit.objects.get(user=user, case_id=case_id)  # (one per member and case)
    except CaseVisit.DoesNotExist:
        CaseVisit.objects.create(user=user, case_id=case_id, last_seen=now)
        return None
    if now - visit.last_seen < VISIT_PRECISION:
        return visit.previous_seen
    if now - visit.last_seen >= VISIT_GAP:
        visit.previous_seen = visit.last_seen
    visit.last_seen = now
    visit.save(update_fields=["last_seen", "previous_seen"])
    return visit.previous_seen
