"""Who may see or change step-1 records: the foundation's rule (cases.access.records_visible,
record_get_for_user) with each record type's references and related rows."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from peacetrack.analysis.registry import BY_MODEL, RecordType, record_type
from peacetrack.cases import access as case_access
from peacetrack.cases.access import CaseAccess, User
from peacetrack.cases.models import Membership
from peacetrack.cases.records import CaseRecord


def records_visible(rtype: RecordType, membership: Membership) -> QuerySet[Any]:
    """The records of this type on the membership's case that it may read; the records each
    names in a many-to-many field come along, only those the membership may read too (an
    event naming an actor hidden from a delegate does not reveal it)."""
    records = case_access.records_visible(
        rtype.model, membership, through=rtype.through, related=rtype.related
    )
    return records.prefetch_related(*_named_visible(rtype, membership))


def _named_visible(rtype: RecordType, membership: Membership) -> list[Prefetch[Any]]:
    prefetches = []
    for name in rtype.payload.many_references():
        target = BY_MODEL[cast(Any, rtype.field(name).related_model)]
        prefetches.append(Prefetch(name, queryset=records_visible(target, membership)))
    return prefetches


def record_get_for_user(
    user: User, case_id: str, slug: str, record_id: str, *, write: bool = False
) -> tuple[CaseAccess, RecordType, CaseRecord]:
    """A record the user may read (with write: and change: lead mediator or team member)."""
    rtype = record_type(slug)
    access, record = case_access.record_get_for_user(
        user,
        case_id,
        rtype.model,
        record_id,
        write=write,
        through=rtype.through,
        related=rtype.related,
    )
    prefetch_related_objects([record], *_named_visible(rtype, access.membership))
    return access, rtype, record
