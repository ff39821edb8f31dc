"""A finding as JSON, the one shape the API and `peacetrack advise --json` answer.

Texts come through `present.finding_text` (the reader's language); the rest is the finding's
place (rule, task, step, kind, severity), its facts (each record with why it matters and its
page) and where the team stands on it (`status`, and the `review` behind it)."""

from __future__ import annotations

from typing import Any

from peacetrack.advisor.engine import Finding
from peacetrack.advisor.present import finding_text
from peacetrack.cases.models import Case


def finding_json(finding: Finding) -> dict[str, Any]:
    text = finding_text(finding)
    review = finding.review
    return {
        "key": finding.key,
        "rule": finding.rule.id,
        "task_key": finding.task_key,
        "step": finding.step,
        "kind": finding.kind,
        "severity": finding.severity,
        "title": text.title,
        "message": text.message,
        "recommendation": text.recommendation,
        "resolves": text.resolves,
        "facts": [
            {
                "type": fact.ref.type,
                "id": fact.ref.id,
                "label": fact.ref.label,
                "why": fact.why,
                "url": fact.ref.url,
            }
            for fact in text.facts
        ],
        "options": [
            {
                "key": option.key,
                "list_title": option.list_title,
                "title": option.title,
                "description": option.description,
            }
            for option in text.options
        ],
        "examples": [
            {
                "key": example.key,
                "case": example.case,
                "years": example.years,
                "lesson": example.lesson,
            }
            for example in text.examples
        ],
        "status": finding.status,
        "review": None
        if review is None
        else {
            "status": review.status,
            "reason": review.reason,
            "by": review.by,
            "at": review.at.isoformat() if hasattr(review.at, "isoformat") else review.at,
        },
    }


def case_json(case: Case) -> dict[str, Any]:
    """The case a list of findings is about (`peacetrack advise --json`)."""
    return {
        "id": case.public_id,
        "title": case.title,
        "conflict": case.conflict,
        "region": case.region,
        "status": case.status,
    }
