"""Opening, changing and deleting a case.

Every write: keyword-only, one transaction, one audit event.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peacetrack.accounts.services import profile_of
from peacetrack.audit.models import CaseVisit
from peacetrack.audit.services import audit_record, snapshot
from peacetrack.cases import actions
from peacetrack.cases.concurrency import version_check, version_next
from peacetrack.cases.models import (
    Case,
    CaseStatus,
    CaseType,
    Membership,
    Party,
    Role,
    TaskProgress,
    Visibility,
)
from peacetrack.cases.visibility import visibility_error
from peacetrack.methodology.loader import get_methodology

CASE_FIELDS = [
    "title",
    "conflict",
    "region",
    "case_type",
    "mandate_summary",
    "mandate_visibility",
    "mandate_visibility_party",
    "sponsor",
    "status",
    "started_on",
    "ended_on",
]


def case_values_check(values: dict[str, Any], *, case_id: int | None = None) -> None:
    errors: dict[str, str] = {}
    wrong_visibility = visibility_error(
        case_id or 0, values["mandate_visibility"], values["mandate_visibility_party"]
    )
    if wrong_visibility:
        errors["mandate_visibility"] = wrong_visibility
    if not str(values.get("title") or "").strip():
        errors["title"] = "A case needs a title."
    if not str(values.get("conflict") or "").strip():
        errors["conflict"] = "Name the conflict."
    if values.get("case_type") not in CaseType.values:
        errors["case_type"] = f"Case type must be one of {', '.join(CaseType.values)}."
    if values.get("status") not in CaseStatus.values:
        errors["status"] = f"Status must be one of {', '.join(CaseStatus.values)}."
    started, ended = values.get("started_on"), values.get("ended_on")
    if started and ended and ended < started:
        errors["ended_on"] = "The end date is before the start date."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_create(
    *,
    creator: Any,
    title: str,
    conflict: str,
    region: str = "",
    case_type: str = CaseType.INTRASTATE,
    mandate_summary: str = "",
    mandate_visibility: str = Visibility.TEAM,
    mandate_visibility_party: Party | None = None,
    sponsor: str = "",
    status: str = CaseStatus.EXPLORING,
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
) -> Case:
    """Open a case; its creator (a case organiser) becomes lead mediator; every methodology
    task starts at 'not started'. The mandate summary is the team's until shared (a new case
    has no party yet, so it cannot be shared with one party before case_update)."""
    if not profile_of(creator).is_organiser:
        raise ValidationError(_("Only case organisers may open cases: ask a site administrator."))
    values = dict(
        title=title.strip(),
        conflict=conflict.strip(),
        region=region.strip(),
        case_type=case_type,
        mandate_summary=mandate_summary,
        mandate_visibility=mandate_visibility,
        mandate_visibility_party=mandate_visibility_party,
        sponsor=sponsor.strip(),
        status=status,
        started_on=started_on,
        ended_on=ended_on,
    )
    case_values_check(values)
    case = Case.objects.create(**values)
    Membership.objects.create(case=case, user=creator, role=Role.LEAD)
    TaskProgress.objects.bulk_create(
        TaskProgress(case=case, task_key=key) for key in get_methodology().task_keys()
    )
    audit_record(
        actor=creator,
        action=actions.CASE_CREATE,
        obj=case,
        case_id=case.pk,
        after=snapshot(case, CASE_FIELDS),
        summary=f"Opened case {case.title}",
    )
    return case


@transaction.atomic
def case_update(
    *, actor: Any, case: Case, expected_version: int | None = None, **changes: Any
) -> Case:
    """Change a case's details. `expected_version`: the version the editor read (a stale
    edit raises StaleEdit, cases/concurrency.py); None skips the check."""
    current = version_check(case, expected_version)
    unknown = set(changes) - set(CASE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown case fields: {', '.join(sorted(unknown))}")
    before = snapshot(case, CASE_FIELDS)
    values = {**{f: getattr(case, f) for f in CASE_FIELDS}, **changes}
    for key in ("title", "conflict", "region", "sponsor"):
        values[key] = str(values[key] or "").strip()
    case_values_check(values, case_id=case.pk)
    for key, value in values.items():
        setattr(case, key, value)
    version_next(case, current)
    case.save()
    audit_record(
        actor=actor,
        action=actions.CASE_UPDATE,
        obj=case,
        case_id=case.pk,
        before=before,
        after=snapshot(case, CASE_FIELDS),
        summary="Updated case details",
    )
    return case


@transaction.atomic
def case_delete(*, actor: Any, case: Case) -> None:
    """Remove a case and everything on it. The audit trail keeps the record of it."""
    audit_record(
        actor=actor,
        action=actions.CASE_DELETE,
        obj=case,
        case_id=case.pk,
        before=snapshot(case, CASE_FIELDS),
        summary=f"Deleted case {case.title}",
    )
    CaseVisit.objects.filter(case=case).delete()  # not records: no audit event each
    # Records shared with one party point at it with RESTRICT: they go with the case.
    case.delete()
