"""Reads of the advisor: the snapshot of a case for a reader, and its findings.

`snapshot_build` makes the foundation's part here (the case, its parties, where every task
stands) and asks every registered part for its own (snapshot.part_register). Its query count
is fixed: one per registered source of task records and one per part's own reads, whatever
the case's size (bench/advisor.py prints it on a large case).
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from peacetrack.advisor.engine import PENDING, Finding, Review, evaluate
from peacetrack.advisor.models import FindingReview
from peacetrack.advisor.snapshot import (
    CaseFacts,
    CaseSnapshot,
    PartyFacts,
    Ref,
    TaskFacts,
    content_digest,
    parts,
)
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.models import Party, TaskProgress, TaskStatus
from peacetrack.cases.selectors import notes_visible
from peacetrack.cases.task_records import task_sources
from peacetrack.methodology.loader import get_methodology

# Statuses that still owe work: a task not done and not set aside.
OPEN_STATUSES = frozenset({TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS})


def snapshot_build(*, access: CaseAccess, today: datetime.date | None = None) -> CaseSnapshot:
    """The case as `access.membership` may see it, for the rules (advisor/snapshot.py)."""
    today = today or timezone.localdate()
    case = access.case
    membership = access.membership
    case_ref = Ref(
        type="case",
        id=case.public_id,
        label=case.title,
        url=reverse("cases:dashboard", args=[case.public_id]),
        digest=content_digest(case.title, case.conflict, case.region, case.case_type),
    )
    case_facts = CaseFacts(
        ref=case_ref,
        conflict=case.conflict,
        region=case.region,
        case_type=case.case_type,
        status=case.status,
        started_on=case.started_on,
    )
    parties = tuple(
        PartyFacts(
            ref=Ref(
                type="party",
                id=party.public_id,
                label=party.name,
                url=reverse("cases:parties", args=[case.public_id]),
                digest=content_digest(party.short_name, party.name, party.kind),
            ),
            short_name=party.short_name,
            name=party.name,
            kind=party.kind,
        )
        for party in Party.objects.filter(case=case).order_by("short_name", "public_id")
    )
    records: dict[str, int] = {}
    for source in task_sources():
        counted = (
            source.visible(membership).order_by().values_list("task_key").annotate(n=Count("pk"))
        )
        for key, n in counted:
            records[key] = records.get(key, 0) + n
    notes = dict(notes_visible(access).order_by().values_list("task_key").annotate(n=Count("pk")))
    progress = {p.task_key: p for p in TaskProgress.objects.filter(case=case)}
    tasks: dict[str, TaskFacts] = {}
    for step in get_methodology().steps:
        for activity in step.activities:
            for task in activity.tasks:
                row = progress.get(task.key)
                status = row.status if row else TaskStatus.NOT_STARTED
                due_on = row.due_on if row else None
                tasks[task.key] = TaskFacts(
                    ref=Ref(
                        type="task",
                        id=task.key,
                        label=f"{task.key} {task.title}",
                        url=reverse("cases:task", args=[case.public_id, task.key]),
                        digest=content_digest(task.key, status, due_on),
                    ),
                    step=step.key,
                    status=status,
                    due_on=due_on,
                    overdue=due_on is not None and due_on < today and status in OPEN_STATUSES,
                    records=records.get(task.key, 0),
                    notes=notes.get(task.key, 0),
                )
    built = {part.kind: part.build(access, today) for part in parts()}
    return CaseSnapshot(case=case_facts, today=today, parties=parties, tasks=tasks, parts=built)


def findings_for(*, access: CaseAccess) -> list[Finding]:
    """The case's findings for a member of the mediation team, reviews applied: acknowledged
    or dismissed where a review was made on these very facts (rule and fingerprint)."""
    findings = evaluate(snapshot_build(access=access))
    reviews = {
        (r.rule, r.fingerprint): r
        for r in FindingReview.objects.filter(case=access.case).select_related("by")
    }
    reviewed: list[Finding] = []
    for finding in findings:
        review = reviews.get((finding.rule.id, finding.fingerprint))
        if review is None or finding.status == PENDING:
            reviewed.append(finding)
            continue
        by = review.stated_by
        if review.by is not None:
            by = review.by.get_full_name() or review.by.email
        reviewed.append(
            replace(
                finding,
                status=review.status,
                review=Review(status=review.status, reason=review.reason, by=by, at=review.at),
            )
        )
    return reviewed
