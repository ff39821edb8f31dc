"""Every write of the advisor: one transaction and one audit event each.

The caller has checked that `user` writes on the case (lead mediator or team member) and that
the finding is one of the case's current findings (views and API: advisor.access).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from peacetrack.accounts.types import Person
from peacetrack.advisor.actions import FINDING_ACKNOWLEDGE, FINDING_DISMISS, FINDING_REOPEN
from peacetrack.advisor.engine import Finding
from peacetrack.advisor.models import FindingReview, ReviewStatus
from peacetrack.audit.services import audit_record
from peacetrack.cases.models import Case

REASON_MAX = 2000


def _facts(finding: Finding) -> list[dict[str, str]]:
    return [{"role": f.role, "type": f.ref.type, "label": f.ref.label} for f in finding.facts]


def _review_set(
    *, case: Case, user: Person, finding: Finding, status: str, reason: str
) -> FindingReview:
    with transaction.atomic():
        review, _created = FindingReview.objects.select_for_update().get_or_create(
            case=case,
            rule=finding.rule.id,
            fingerprint=finding.fingerprint,
            defaults={"status": status},
        )
        before = None if _created else {"status": review.status, "reason": review.reason}
        review.status = status
        review.reason = reason
        review.facts = _facts(finding)
        review.by = user
        review.stated_by = ""
        review.at = timezone.now()
        review.save()
        audit_record(
            actor=user,
            action=FINDING_DISMISS if status == ReviewStatus.DISMISSED else FINDING_ACKNOWLEDGE,
            obj=review,
            case_id=case.pk,
            before=before,
            after={"status": status, "reason": reason, "fingerprint": finding.fingerprint},
        )
    return review


def finding_acknowledge(*, case: Case, user: Person, finding: Finding) -> FindingReview:
    """The team has seen the finding and keeps it in view (it stays in the open work)."""
    return _review_set(
        case=case, user=user, finding=finding, status=ReviewStatus.ACKNOWLEDGED, reason=""
    )


def finding_dismiss(*, case: Case, user: Person, finding: Finding, reason: str) -> FindingReview:
    """The team judges the finding does not apply, and says why (a reason is required)."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a dismissal needs a reason")
    if len(reason) > REASON_MAX:
        raise ValueError("the reason is too long")
    return _review_set(
        case=case, user=user, finding=finding, status=ReviewStatus.DISMISSED, reason=reason
    )


def finding_reopen(*, case: Case, user: Person, finding: Finding) -> None:
    """Back to open: the acknowledgement or dismissal is withdrawn."""
    with transaction.atomic():
        review = (
            FindingReview.objects.select_for_update()
            .filter(case=case, rule=finding.rule.id, fingerprint=finding.fingerprint)
            .first()
        )
        if review is None:
            return
        audit_record(
            actor=user,
            action=FINDING_REOPEN,
            obj=review,
            case_id=case.pk,
            before={"status": review.status, "reason": review.reason},
            after=None,
        )
        review.delete()
