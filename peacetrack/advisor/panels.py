"""The findings where the work is done: the dashboard (counts by step and severity, the most
severe first), each step's page and each task's page (cases.navigation.register_page_panel).
For the mediation team only; rendered for each request, so a finding that was being computed
shows as soon as it is ready."""

from __future__ import annotations

from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from peacetrack.advisor.display import SEVERITY_LABELS, finding_rows
from peacetrack.advisor.engine import DISMISSED, PENDING
from peacetrack.advisor.rules import Severity
from peacetrack.advisor.selectors import findings_for
from peacetrack.cases.access import CaseAccess
from peacetrack.methodology.loader import get_methodology

#: Findings a panel lists; the findings page has the rest.
SHOWN = 5


def _findings_url(access: CaseAccess, **filters: str) -> str:
    url = reverse("advisor:findings", args=[access.case.public_id])
    return f"{url}?{urlencode(filters)}" if filters else url


def dashboard_panel(access: CaseAccess, _key: str = "") -> SafeString:
    findings = findings_for(access=access)
    current = [f for f in findings if f.status not in {DISMISSED, PENDING}]
    severities = list(Severity)
    rows = []
    for step in get_methodology().steps:
        of_step = [f for f in current if f.step == step.key]
        if not of_step:
            continue
        cells = [
            (
                SEVERITY_LABELS[severity],
                severity.value,
                sum(f.severity == severity for f in of_step),
                _findings_url(access, step=step.key, severity=severity.value),
            )
            for severity in severities
        ]
        rows.append((step, cells, len(of_step), _findings_url(access, step=step.key)))
    # The most severe first: steps with more high findings, then more medium ones, then by step.
    rows.sort(key=lambda r: (*(-c[2] for c in r[1]), r[0].key))
    html = render_to_string(
        "advisor/_dashboard_panel.html",
        {
            "case": access.case,
            "rows": rows,
            "severities": [(s.value, SEVERITY_LABELS[s]) for s in severities],
            "top": finding_rows(access, current[:SHOWN]),
            "open_count": len(current),
            "dismissed": sum(f.status == DISMISSED for f in findings),
            "pending": sum(f.status == PENDING for f in findings),
            "all_url": _findings_url(access),
            "dismissed_url": _findings_url(access, status=DISMISSED),
        },
    )
    return mark_safe(html)  # noqa: S308  # a template rendered with autoescaping


def _list_panel(access: CaseAccess, *, step: str = "", task: str = "") -> SafeString:
    findings = [
        f
        for f in findings_for(access=access)
        if f.status != DISMISSED and (f.step == step if step else f.task_key == task)
    ]
    if task and not findings:
        return mark_safe("")  # nothing to say on a task without findings
    html = render_to_string(
        "advisor/_list_panel.html",
        {
            "case": access.case,
            "step": step,
            "task": task,
            "rows": finding_rows(access, findings[:SHOWN]),
            "count": len(findings),
            "more": max(len(findings) - SHOWN, 0),
            "all_url": _findings_url(access, step=step or task.split(".")[0]),
        },
    )
    return mark_safe(html)  # noqa: S308  # a template rendered with autoescaping


def step_panel(access: CaseAccess, step_key: str) -> SafeString:
    return _list_panel(access, step=step_key)


def task_panel(access: CaseAccess, task_key: str) -> SafeString:
    return _list_panel(access, task=task_key)


def register() -> None:
    from peacetrack.cases.navigation import register_page_panel

    register_page_panel(page="dashboard", render=dashboard_panel, team_only=True)
    register_page_panel(page="step", render=step_panel, team_only=True)
    register_page_panel(page="task", render=task_panel, team_only=True)
