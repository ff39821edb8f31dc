"""Who may see or change step-1 records: the foundation's rule (cases.access.records_visible,
record_get_for_user) with each record type's references and related rows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from peacetrack.analysis.registry import RecordType, record_type
from peacetrack.cases import access as case_access
from peacetrack.cases.access import CaseAccess, User
from peacetrack.cases.models import Membership
from peacetrack.cases.records import CaseRecord


def records_visible(rtype: RecordType, membership: Membership) -> QuerySet[Any]:
    """The records of this type on the membership's case that it may read."""
    records = case_access.records_visible(
        rtype.model, membership, through=rtype.through, related=rtype.related
    )
    many = rtype.payload.many_references()
    return records.prefetch_related(*many) if many else records


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
    return access, rtype, record
