"""Opening, changing and deleting a case.

Every write: keyword-only, one transaction, one audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peacetrack.accounts.services import profile_of
from peacetrack.accounts.types import Person
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
from peacetrack.cases.visibility import visibility_fields, visibility_resolve
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


# What a caller gives: the mandate summary's visibility as the portable code.
CASE_INPUT = [name for name in CASE_FIELDS if name != "mandate_visibility_party"]


def case_values_check(
    values: dict[str, Any],
    *,
    case: Case | None = None,
    parties: Iterable[Party] | None = None,
) -> dict[str, Any]:
    """Check a case's values (CASE_INPUT, the mandate's visibility as the portable code) and
    answer them as stored (CASE_FIELDS). `case`: the case changed (None: a new one, which has
    no party yet); `parties`: see cases.visibility.visibility_resolve."""
    errors: dict[str, Any] = {}
    stored = {k: v for k, v in values.items() if k != "mandate_visibility"}
    try:
        code, field = values["mandate_visibility"], "mandate_visibility"
        stored.update(
            visibility_fields(code, parties or [], field)
            if case is None
            else visibility_resolve(case=case, code=code, field=field, parties=parties)
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not str(values.get("title") or "").strip():
        errors["title"] = _("A case needs a title.")
    if not str(values.get("conflict") or "").strip():
        errors["conflict"] = _("Name the conflict.")
    if values.get("case_type") not in CaseType.values:
        errors["case_type"] = _("Case type must be one of %(values)s.") % {
            "values": ", ".join(CaseType.values)
        }
    if values.get("status") not in CaseStatus.values:
        errors["status"] = _("Status must be one of %(values)s.") % {
            "values": ", ".join(CaseStatus.values)
        }
    started, ended = values.get("started_on"), values.get("ended_on")
    if started and ended and ended < started:
        errors["ended_on"] = _("The end date is before the start date.")
    if errors:
        raise ValidationError(errors)
    return stored


@transaction.atomic
def case_create(
    *,
    creator: Person,
    title: str,
    conflict: str,
    region: str = "",
    case_type: str = CaseType.INTRASTATE,
    mandate_summary: str = "",
    mandate_visibility: str | None = Visibility.TEAM,
    sponsor: str = "",
    status: str = CaseStatus.EXPLORING,
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
) -> Case:
    """Open a case; its creator (a case organiser) becomes lead mediator; every methodology
    task starts at 'not started'. The mandate summary is the team's until shared
    (`mandate_visibility`, the portable code; a new case has no party yet, so it cannot be
    shared with one party before case_update)."""
    if not profile_of(creator).is_organiser:
        raise ValidationError(_("Only case organisers may open cases: ask a site administrator."))
    values = dict(
        title=title.strip(),
        conflict=conflict.strip(),
        region=region.strip(),
        case_type=case_type,
        mandate_summary=mandate_summary,
        mandate_visibility=mandate_visibility or Visibility.TEAM,  # None: not given
        sponsor=sponsor.strip(),
        status=status,
        started_on=started_on,
        ended_on=ended_on,
    )
    case = Case.objects.create(**case_values_check(values))
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
    *, actor: Person, case: Case, expected_version: int | None = None, **changes: Any
) -> Case:
    """Change a case's details (CASE_INPUT; `mandate_visibility` as the portable code, None:
    unchanged). `expected_version`: the version the editor read (a stale edit raises
    StaleEdit, cases/concurrency.py); None skips the check."""
    current = version_check(case, expected_version)
    unknown = set(changes) - set(CASE_INPUT)
    if unknown:
        raise ValidationError(
            _("Unknown case fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if changes.get("mandate_visibility") is None:
        changes.pop("mandate_visibility", None)
    before = snapshot(case, CASE_FIELDS)
    values = {
        **{f: getattr(case, f) for f in CASE_INPUT},
        "mandate_visibility": case.mandate_visibility_code,
        **changes,
    }
    for key in ("title", "conflict", "region", "sponsor"):
        values[key] = str(values[key] or "").strip()
    stored = case_values_check(values, case=case)
    for key, value in stored.items():
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
def case_delete(*, actor: Person | None, case: Case) -> None:
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
