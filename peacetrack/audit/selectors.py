"""Reading the audit trail."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from peacetrack.audit.models import AuditEvent

TRAIL_PAGE_SIZE = 50


def history(record: models.Model, *, limit: int = 30) -> list[AuditEvent]:
    """The changes made to one case record, newest first (record pages show them)."""
    # Every case record has a case_id.
    case_id = int(getattr(record, "case_id"))  # noqa: B009 — typed models.Model has none
    return list(
        AuditEvent.objects.filter(
            case_id=case_id,
            object_type=record._meta.label_lower,
            object_id=str(record.pk),
        )[:limit]
    )


def cursor_of(event: AuditEvent) -> str:
    """Where the next page starts: after this event, in the trail's order (newest first)."""
    return f"{event.at.isoformat()}~{event.pk}"


def cursor_read(text: str) -> tuple[datetime.datetime, int] | None:
    at, _, pk = text.partition("~")
    try:
        moment = datetime.datetime.fromisoformat(at)
        number = int(pk)
    except ValueError:
        return None
    if moment.tzinfo is None or not 0 < number < 2**63:
        return None
    return moment, number


@dataclass
class TrailPage:
    events: list[AuditEvent]
    next_cursor: str  # "" on the last page


def trail_page(
    case_id: int,
    *,
    object_type: str = "",
    actor_id: int | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    cursor: tuple[datetime.datetime, int] | None = None,
    size: int = TRAIL_PAGE_SIZE,
) -> TrailPage:
    """One page of a case's trail, newest first, filtered; keyset pagination on (at, id) so
    that a page costs the same on the first page as on the thousandth (index audit_case_at)."""
    events = AuditEvent.objects.filter(case_id=case_id)
    if object_type:
        events = events.filter(object_type=object_type)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    if cursor is not None:
        at, pk = cursor
        events = events.filter(Q(at__lt=at) | Q(at=at, id__lt=pk))
    rows = list(events.order_by("-at", "-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return TrailPage(events=rows, next_cursor=cursor_of(rows[-1]) if more and rows else "")
