"""The advisor's findings through the API (mounted under /api/v1/cases).

Findings are the mediation team's: the lead, team members and observers read them, the lead
and team members acknowledge, dismiss and reopen them; anyone else gets 404, as for a case
that does not exist (advisor.access). A finding is named by its key, `<rule>~<fingerprint>`:
the same facts with the same content give the same key on any server. Findings are computed
when asked (advisor.selectors.findings_for), so the list is cut into pages in memory
(paging.api_sequence_page), in the list's order: most severe first.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from peacetrack.accounts.types import person_of
from peacetrack.advisor import services
from peacetrack.advisor.access import finding_get, findings_access
from peacetrack.advisor.as_json import finding_json
from peacetrack.advisor.engine import OPEN, PENDING, Finding, Review
from peacetrack.advisor.models import FindingReview
from peacetrack.advisor.rules import SEVERITY_ORDER, Severity
from peacetrack.advisor.selectors import findings_for
from peacetrack.paging import PageQuery, api_sequence_page, envelope

router = Router(tags=["advisor"])

BLANK_REASON = gettext_noop("Say why the finding does not apply to this case.")

Step = Literal["1", "2", "3", "4", "5", "6"]
Kind = Literal["gap", "risk", "option"]
SeverityName = Literal["high", "medium", "low"]
Status = Literal["open", "pending", "acknowledged", "dismissed"]


class FactOut(Schema):
    type: str = Field(description='What the record is: "party", "actor", "issue", "task"…')
    id: str = Field(description="Its public id (a task: its key, e.g. `1.2.1`).")
    label: str = Field(description="Its name as the pages show it.")
    why: str = Field(description="Why this record matters to the finding.")
    url: str = Field(description="Its page (empty if it has none).")


class OptionOut(Schema):
    key: str = Field(description="`<list key>.<item key>` of the handbook's boxed list.")
    list_title: str
    title: str
    description: str


class ExampleOut(Schema):
    key: str
    case: str
    years: str
    lesson: str


class ReviewOut(Schema):
    status: Literal["acknowledged", "dismissed"]
    reason: str = Field(description="Why it was dismissed (empty for an acknowledgement).")
    by: str = Field(description="Who reviewed it: their name, else e-mail, as stated.")
    at: datetime.datetime


class FindingOut(Schema):
    key: str = Field(description="`<rule>~<fingerprint>`: names the finding in the paths below.")
    rule: str = Field(description="The rule's id, e.g. `1.2.fewer-than-two-parties`.")
    task_key: str = Field(description="The methodology task it concerns, e.g. `1.2.1`.")
    step: Step
    kind: Kind = Field(description="gap: something missing; risk; option: a way open.")
    severity: SeverityName
    title: str
    message: str = Field(description="What the advisor found, citing the handbook's step.")
    recommendation: str
    resolves: str = Field(description="What would make the finding go away.")
    facts: list[FactOut] = Field(description="The records that made it fire.")
    options: list[OptionOut] = Field(description="The handbook's options that fit.")
    examples: list[ExampleOut] = Field(description="Historical cases that illustrate it.")
    status: Status = Field(
        description=(
            "open; acknowledged or dismissed by the team (on these very facts); pending while "
            "an input it reads (the network analysis) is being recomputed: ask again later."
        )
    )
    review: ReviewOut | None = None


class FindingFilters(PageQuery):
    """Which findings, and the page (`cursor`, `limit`)."""

    step: Step | None = Field(None, description="Only those of this step of the methodology.")
    kind: Kind | None = None
    severity: SeverityName | None = None
    status: Status | None = None


class DismissIn(Schema):
    reason: str = Field(
        min_length=1,
        max_length=services.REASON_MAX,
        # Something besides spaces, and no NUL (api/errors.NO_NUL).
        pattern=r"^[^\x00]*\S[^\x00]*$",
        description="Why the finding does not apply (required, at most 2,000 characters).",
    )

    @field_validator("reason", mode="before")
    @classmethod
    def _said(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            raise PydanticCustomError("reason_blank", _(BLANK_REASON))
        return value


def _place(finding: Finding) -> list[Any]:
    """A finding's place in the list: most severe first, then by task and rule, then by its
    facts' names; its key makes the place unique."""
    return [
        SEVERITY_ORDER[Severity(finding.severity)],
        finding.task_key,
        finding.rule.id,
        [fact.ref.label for fact in finding.facts],
        finding.key,
    ]


def _reviewed(finding: Finding, review: FindingReview, by: str) -> Finding:
    return replace(
        finding,
        status=review.status,
        review=Review(status=review.status, reason=review.reason, by=by, at=review.at),
    )


def _actionable(finding: Finding) -> Finding:
    if finding.status == PENDING:
        raise ValidationError(
            _("This finding is waiting for an analysis being recomputed: ask again in a moment.")
        )
    return finding


def _by(request: HttpRequest) -> str:
    user = person_of(request)
    return user.get_full_name() or user.email


@router.get(
    "/{case_id}/findings",
    response=envelope(FindingOut),
    operation_id="finding_list",
    summary="The advisor's findings on a case",
)
def finding_list(
    request: HttpRequest, case_id: str, filters: Query[FindingFilters]
) -> dict[str, Any]:
    """What is missing, what is risky and which options the handbook offers, computed from the
    case as it stands, each with the facts behind it: most severe first. For the mediation
    team (the lead, team members and observers); anyone else gets 404. Filter by `step`,
    `kind`, `severity` and `status` (dismissed findings are listed too: filter
    `status=open` for the work still to do). A page at a time."""
    access = findings_access(request.user, case_id)
    findings = [
        f
        for f in findings_for(access=access)
        if (filters.step is None or f.step == filters.step)
        and (filters.kind is None or f.kind == filters.kind)
        and (filters.severity is None or f.severity == filters.severity)
        and (filters.status is None or f.status == filters.status)
    ]
    return api_sequence_page(
        findings,
        filters,
        lambda page: [finding_json(f) for f in page],
        name="advisor.findings",
        place=_place,
    )


@router.get(
    "/{case_id}/findings/{key}",
    response=FindingOut,
    operation_id="finding_get",
    summary="One finding",
)
def finding_read(request: HttpRequest, case_id: str, key: str) -> dict[str, Any]:
    """The finding as it stands now. 404 if the case has no such finding any more: its facts
    changed (a new key) or the rule no longer fires."""
    access = findings_access(request.user, case_id)
    return finding_json(finding_get(access, key))


@router.post(
    "/{case_id}/findings/{key}/acknowledge",
    response=FindingOut,
    operation_id="finding_acknowledge",
    summary="Acknowledge a finding",
)
def finding_acknowledge(request: HttpRequest, case_id: str, key: str) -> dict[str, Any]:
    """The team has seen it and keeps it in view. For the lead and team members. Answers the
    finding, now `acknowledged`; 422 while it is pending."""
    access = findings_access(request.user, case_id, write=True)
    finding = _actionable(finding_get(access, key))
    review = services.finding_acknowledge(
        case=access.case, user=person_of(request), finding=finding
    )
    return finding_json(_reviewed(finding, review, _by(request)))


@router.post(
    "/{case_id}/findings/{key}/dismiss",
    response=FindingOut,
    operation_id="finding_dismiss",
    summary="Dismiss a finding, saying why",
)
def finding_dismiss(
    request: HttpRequest, case_id: str, key: str, payload: DismissIn
) -> dict[str, Any]:
    """The team judges it does not apply. For the lead and team members. The reason is
    required (422 if empty or longer than 2,000 characters; nothing is written). The dismissal
    holds for these facts as they read now: once one of them changes, the finding comes back
    with a new key, open."""
    access = findings_access(request.user, case_id, write=True)
    finding = _actionable(finding_get(access, key))
    try:
        review = services.finding_dismiss(
            case=access.case, user=person_of(request), finding=finding, reason=payload.reason
        )
    except ValueError:
        raise ValidationError({"reason": [_(BLANK_REASON)]}) from None
    return finding_json(_reviewed(finding, review, _by(request)))


@router.post(
    "/{case_id}/findings/{key}/reopen",
    response=FindingOut,
    operation_id="finding_reopen",
    summary="Reopen an acknowledged or dismissed finding",
)
def finding_reopen(request: HttpRequest, case_id: str, key: str) -> dict[str, Any]:
    """Withdraws the acknowledgement or dismissal: the finding is open again. For the lead and
    team members; an open finding stays open."""
    access = findings_access(request.user, case_id, write=True)
    finding = finding_get(access, key)
    services.finding_reopen(case=access.case, user=person_of(request), finding=finding)
    if finding.status == PENDING:
        return finding_json(finding)
    return finding_json(replace(finding, status=OPEN, review=None))
