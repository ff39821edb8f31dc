"""The demo case: a fictional mediation (Valdoria) loaded from demo_case.json."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from peacetrack.casefile.importer import case_import
from peacetrack.cases.models import Case, Membership, Role
from peacetrack.cases.services import case_delete

DEMO_FILE = Path(__file__).resolve().parent / "demo_case.json"
# The demo file is written as if today were this date; loading shifts every date so the
# case always looks current (overdue and due-soon tasks stay meaningful).
DEMO_ANCHOR = datetime.date(2026, 11, 25)
DEMO_PASSWORD = "peacetrack-demo"  # noqa: S105 — a published demo login, documented in README
DEMO_LEAD = "lead@demo.peacetrack.org"


def demo_cases() -> list[Case]:
    return list(
        Case.objects.filter(
            memberships__user__email=DEMO_LEAD,
            memberships__role=Role.LEAD,
            title=_demo_title(),
        )
    )


def _demo_title() -> str:
    return str(json.loads(DEMO_FILE.read_text())["case"]["title"])


@transaction.atomic
def demo_load(*, reset: bool = False, today: datetime.date | None = None) -> tuple[Case, bool]:
    """Load the demo case unless it is there already (reset: remove and load it again).

    Returns the case and whether it was (re)loaded.
    """
    existing = demo_cases()
    if existing and not reset:
        return existing[0], False
    for case in existing:
        case_delete(actor=None, case=case)
    shift = (today or timezone.localdate()) - DEMO_ANCHOR
    case = case_import(DEMO_FILE.read_bytes(), date_shift=shift)
    user_model = get_user_model()
    emails = Membership.objects.filter(case=case).values_list("user__email", flat=True)
    for user in user_model.objects.filter(email__in=list(emails)):
        if not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    return case, True


def demo_logins() -> list[dict[str, Any]]:
    rows = []
    for case in demo_cases()[:1]:
        members = Membership.objects.filter(case=case).select_related("user", "party")
        for member in sorted(members, key=lambda m: (m.role != Role.LEAD, m.role, m.user.email)):
            rows.append(
                {
                    "email": member.user.email,
                    "role": member.get_role_display(),
                    "party": member.party.short_name if member.party else "",
                }
            )
    return rows
