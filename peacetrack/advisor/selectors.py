"""Reads of the advisor: the snapshot of a case for a reader, and its findings.

`snapshot_build` makes the foundation's part here (the case, its parties, where every task
stands) and asks every registered part for its own (snapshot.part_register). Its query count
is fixed: one per registered source of task records and one per part's own reads, whatever
the case's size (bench/advisor.py prints it on a large case).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import replace
from typing import Any

from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from peacetrack.advisor.engine import PENDING, Finding, Review, evaluate
from peacetrack.advisor.models import FindingReview
from peacetrack.advisor.rules import all_rules, rule_get
from peacetrack.advisor.snapshot import (
    CaseFacts,
    CaseSnapshot,
    PartyFacts,
    Ref,
    TaskFacts,
    content_digest,
    parts,
)
from peacetrack.audit.models import AuditEvent
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


# How long computed findings are kept. Their key names the case's latest audit event (every
# write appends one), so a change makes new ones at once; this only bounds an idle case's.
FINDINGS_CACHE_SECONDS = 24 * 60 * 60


def _findings_key(access: CaseAccess, today: datetime.date) -> str:
    """What a case's findings are computed from: the case's state (its latest audit event, as
    the dashboard's key), what the reader may see (the team all sees the same), the inputs the
    parts read beyond the records (the network analysis: ready, or being recomputed), the day
    (overdue tasks) and the language (the records' labels in the facts)."""
    head = (
        AuditEvent.objects.filter(case_id=access.case.pk)
        .order_by("-at", "-id")
        .values_list("id", "at")
        .first()
    )
    membership = access.membership
    states = [part.state(access) for part in parts() if part.state is not None]
    return ":".join(
        [
            "advisor:findings",
            access.case.uid,
            f"{head[0]}@{head[1].timestamp()}" if head else "-",
            f"{membership.role}/{membership.party_id or ''}" if not membership.is_team else "team",
            ",".join(states),
            _registry_version(),
            today.isoformat(),
            get_language() or "",
        ]
    )


def _registry_version() -> str:
    """What the findings are computed with: the registered rules (which fire, and what they
    read) and snapshot parts. A release that adds or changes a rule computes them again."""

    def code(function: Any) -> str:
        body = getattr(function, "__code__", None)
        own = hashlib.sha256(body.co_code).hexdigest()[:12] if body is not None else ""
        return (
            f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', '')}@{own}"
        )

    described = [
        f"{rule.id}:{','.join(rule.text.reads)}:{code(rule.condition)}" for rule in all_rules()
    ]
    described += sorted(
        f"{p.kind.__module__}.{p.kind.__qualname__}:{code(p.build)}" for p in parts()
    )
    return hashlib.sha256("\n".join(described).encode()).hexdigest()[:16]


def _findings_computed(access: CaseAccess, today: datetime.date) -> list[Finding]:
    """The findings before reviews, from the cache if the case has not changed since they
    were computed (kept by rule id, not the rule itself: only data is cached)."""
    key = _findings_key(access, today)
    cached = cache.get(key)
    if isinstance(cached, list):
        try:
            return [
                Finding(rule_get(rule_id), facts, params, print_, status)
                for rule_id, facts, params, print_, status in cached
            ]
        except (KeyError, ValueError, TypeError):
            pass  # a rule gone since (a new release): computed again
    findings = evaluate(snapshot_build(access=access, today=today))
    stored = [(f.rule.id, f.facts, dict(f.params), f.fingerprint, f.status) for f in findings]
    cache.set(key, stored, FINDINGS_CACHE_SECONDS)
    return findings


def findings_for(*, access: CaseAccess) -> list[Finding]:
    """The case's findings for a member of the mediation team, reviews applied: acknowledged
    or dismissed where a review was made on these very facts (rule and fingerprint).
    Computed when asked, then kept in Django's cache until the case changes (or the network
    analysis a rule reads is ready): a second look costs a few queries whatever the case's
    size."""
    findings = _findings_computed(access, timezone.localdate())
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
