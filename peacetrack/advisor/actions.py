"""The audit actions of the advisor (audit/actions.py), declared once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from peacetrack.audit.actions import RecordKind, register_action


def _rule_task(rule_id: str) -> str:
    from peacetrack.advisor.rules import rule_get

    try:
        return rule_get(rule_id).text.task
    except KeyError:  # a rule since withdrawn
        return ""


REVIEW = RecordKind(
    object_type="advisor.findingreview",
    label=_("Findings"),
    singular=_("finding"),
    name=lambda review: review.rule,
    task_key=lambda review: _rule_task(review.rule),
)

FINDING_ACKNOWLEDGE = register_action(
    "advisor.finding.acknowledge", _("acknowledged the finding %(name)s"), kind=REVIEW
)
FINDING_DISMISS = register_action(
    "advisor.finding.dismiss", _("dismissed the finding %(name)s"), kind=REVIEW
)
FINDING_REOPEN = register_action(
    "advisor.finding.reopen", _("reopened the finding %(name)s"), kind=REVIEW
)
