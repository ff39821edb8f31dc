"""The case file's "advisor" section: the team's reviews of findings (acknowledged, dismissed
with a reason), so that they follow the case to another server.

A review names its finding by rule and fingerprint, and a fingerprint is made of the content
of the facts (engine.fingerprint), never of ids: on the importing server the same facts give
the same fingerprint, so the finding is dismissed there too, and comes back once a fact
changes. Who made a review travels as text (`by`: their e-mail, as a note's author does), and
is kept on import as its stated origin (`stated_by`).

Registered from advisor/apps.py (ready), like every capability's section.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from peacetrack.advisor.models import FindingReview, ReviewStatus
from peacetrack.advisor.services import REASON_MAX
from peacetrack.casefile.sections import ImportContext, Section, register_section
from peacetrack.cases.models import Case

KEY = "advisor"
REVIEWS = "reviews"

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        REVIEWS: {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["rule", "fingerprint", "status"],
                "properties": {
                    "rule": {
                        "type": "string",
                        "pattern": r"^[1-6](\.[0-9]+){0,2}\.[a-z0-9]+(-[a-z0-9]+)*$",
                        "maxLength": 80,
                    },
                    "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{8,40}$"},
                    "status": {"type": "string", "enum": list(ReviewStatus.values)},
                    "reason": {"type": "string", "maxLength": REASON_MAX},
                    "facts": {
                        "type": "array",
                        "maxItems": 200,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "role": {"type": "string", "maxLength": 80},
                                "type": {"type": "string", "maxLength": 80},
                                "label": {"type": "string", "maxLength": 500},
                            },
                        },
                    },
                    "by": {"type": ["string", "null"], "maxLength": 300},
                    "at": {"type": "string", "format": "date-time"},
                },
            },
        }
    },
}


def export(case: Case) -> dict[str, Any]:
    reviews = (
        FindingReview.objects.filter(case=case).select_related("by").order_by("rule", "fingerprint")
    )
    return {
        REVIEWS: [
            {
                "rule": review.rule,
                "fingerprint": review.fingerprint,
                "status": review.status,
                "reason": review.reason,
                "facts": review.facts,
                "by": review.by.email if review.by else (review.stated_by or None),
                "at": review.at.isoformat(),
            }
            for review in reviews
        ]
    }


def _moment(value: str, path: tuple[Any, ...], context: ImportContext) -> datetime.datetime | None:
    """When a review was made, moved like every other date of the import (`context.shift`)."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        context.problem(
            path,
            _("%(value)r is not an ISO 8601 date and time with its time zone") % {"value": value},
        )
        return None
    return moment + context.shift


def prepare(value: dict[str, Any], context: ImportContext) -> list[FindingReview]:
    built: list[FindingReview] = []
    seen: set[tuple[str, str]] = set()
    for position, item in enumerate(value.get(REVIEWS) or []):
        path = (KEY, REVIEWS, position)
        key = (item["rule"], item["fingerprint"])
        if key in seen:
            context.problem(
                (*path, "fingerprint"), _("This finding is reviewed twice in the file.")
            )
            continue
        seen.add(key)
        reason = item.get("reason", "").strip()
        if item["status"] == ReviewStatus.DISMISSED and not reason:
            context.problem((*path, "reason"), _("A dismissal needs its reason."))
            continue
        review = FindingReview(
            case=context.case,
            rule=item["rule"],
            fingerprint=item["fingerprint"],
            status=item["status"],
            reason=reason,
            facts=item.get("facts") or [],
            stated_by=(item.get("by") or "").strip(),
        )
        if "at" in item:
            at = _moment(item["at"], (*path, "at"), context)
            if at is None:
                continue
            review.at = at
        built.append(review)
    return built


def load(reviews: list[FindingReview], context: ImportContext) -> None:
    context.write("finding reviews", reviews)


def register() -> None:
    register_section(Section(key=KEY, schema=SCHEMA, export=export, prepare=prepare, load=load))
