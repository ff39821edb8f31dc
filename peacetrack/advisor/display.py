"""A finding as the pages show it: its texts (present.finding_text), its labels in the reader's
language and its page. Pages and panels read findings through `finding_rows`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from peacetrack.advisor.engine import ACKNOWLEDGED, DISMISSED, OPEN, PENDING, Finding
from peacetrack.advisor.present import FindingText, finding_text
from peacetrack.advisor.rules import Kind, Severity
from peacetrack.cases.access import CaseAccess

SEVERITY_LABELS: dict[str, str | Promise] = {
    Severity.HIGH: pgettext_lazy("severity", "High"),
    Severity.MEDIUM: pgettext_lazy("severity", "Medium"),
    Severity.LOW: pgettext_lazy("severity", "Low"),
}
KIND_LABELS: dict[str, str | Promise] = {
    Kind.GAP: _("Gap"),
    Kind.RISK: _("Risk"),
    Kind.OPTION: _("Option"),
}
STATUS_LABELS: dict[str, str | Promise] = {
    OPEN: _("Open"),
    PENDING: _("Being computed"),
    ACKNOWLEDGED: _("Acknowledged"),
    DISMISSED: _("Dismissed"),
}


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    # None while the finding is pending: its rule has not been evaluated, there are no facts
    text: FindingText | None
    title: str
    url: str
    severity_label: str
    kind_label: str
    status_label: str

    @property
    def key(self) -> str:
        return self.finding.key

    @property
    def pending(self) -> bool:
        return self.finding.status == PENDING


def _pending_title(finding: Finding) -> str:
    """A pending finding's title: the rule's, unless it needs the facts' values."""
    title = gettext(finding.rule.text.title)
    return title if "%(" not in title else finding.rule.id


def finding_row(access: CaseAccess, finding: Finding) -> FindingRow:
    pending = finding.status == PENDING
    text = None if pending else finding_text(finding)
    return FindingRow(
        finding=finding,
        text=text,
        title=text.title if text is not None else _pending_title(finding),
        url=reverse("advisor:finding", args=[access.case.public_id, finding.key]),
        severity_label=str(SEVERITY_LABELS[finding.severity]),
        kind_label=str(KIND_LABELS[finding.kind]),
        status_label=str(STATUS_LABELS[finding.status]),
    )


def finding_rows(access: CaseAccess, findings: Iterable[Finding]) -> list[FindingRow]:
    return [finding_row(access, finding) for finding in findings]
