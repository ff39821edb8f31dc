"""The demo case: a fictional mediation (Valdoria) loaded from demo_case.json.

The demo has its own loader: it creates the demo accounts explicitly (the lead is a case
organiser and site administrator), imports the case file as the demo lead — which, like every
import, turns the file's other members into invitations — and has each demo account accept
its invitation. No account is ever created or attached by the import itself.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from peacetrack.accounts.services import user_create, user_find
from peacetrack.accounts.types import Person
from peacetrack.casefile.importer import case_import
from peacetrack.cases.models import Case, Membership, Role
from peacetrack.cases.services import case_delete
from peacetrack.invitations.models import Invitation
from peacetrack.invitations.services import invitation_accept, invitation_send

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
            title=_demo_file()["case"]["title"],
        )
    )


def _demo_file() -> dict[str, Any]:
    return dict(json.loads(DEMO_FILE.read_text()))


def _demo_account(email: str, name: str, *, lead: bool = False) -> Person:
    existing = user_find(email)
    if existing is not None:
        return existing
    return user_create(
        email=email,
        password=DEMO_PASSWORD,
        name=name,
        organiser=lead,
        site_admin=lead,
        check_password=False,  # the published demo login
    )


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
    members = {m["email"]: m for m in _demo_file()["members"]}
    lead = _demo_account(DEMO_LEAD, members[DEMO_LEAD].get("name", ""), lead=True)
    shift = (today or timezone.localdate()) - DEMO_ANCHOR
    case = case_import(DEMO_FILE.read_bytes(), actor=lead, date_shift=shift)
    for invitation in Invitation.objects.filter(case=case).select_related("party"):
        account = _demo_account(invitation.email, invitation.name)
        invitation_send(actor=lead, invitation=invitation, base_url="", mail=False)
        invitation_accept(user=account, invitation=invitation)
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
