"""Who may see or change step-1 records: the case's access rules plus each record's visibility
(and the visibility of the records it points at)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from peacetrack.analysis.models.base import AnalysisRecord
from peacetrack.analysis.registry import RecordType, record_type
from peacetrack.cases.access import CaseAccess, User, case_get_for_user
from peacetrack.cases.models import Membership
from peacetrack.cases.visibility import visible_to


def records_visible(rtype: RecordType, membership: Membership) -> QuerySet[Any]:
    """The records of this type on the membership's case that it may read."""
    # The case comes along: every record's URL carries the case's public id.
    queryset = rtype.model._default_manager.select_related(
        "case", "visibility_party", *rtype.related
    )
    return visible_to(queryset, membership, through=rtype.through)


def record_get_for_user(
    user: User, case_id: str, slug: str, record_id: str, *, write: bool = False
) -> tuple[CaseAccess, RecordType, AnalysisRecord]:
    """A record the user may read (with write: and change: lead mediator or team member)."""
    rtype = record_type(slug)
    access = case_get_for_user(user, case_id, write=write)
    try:
        record = records_visible(rtype, access.membership).get(public_id=record_id)
    except rtype.model.DoesNotExist:
        raise Http404 from None
    return access, rtype, record
