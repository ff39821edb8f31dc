"""The demo case: a fictional mediation (Valdoria) loaded from demo_case.json.

The demo has its own loader: it creates the demo accounts explicitly (the lead is a case
organiser and site administrator), imports the case file as the demo lead — which, like every
import, turns the file's other members into invitations — and has each demo account accept
its invitation. No account is ever created or attached by the import itself.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from peacetrack.accounts.services import user_create, user_find
from peacetrack.accounts.types import Person
from peacetrack.casefile.importer import case_import
from peacetrack.cases.dates import DAY, YEAR, ApproxDate
from peacetrack.cases.models import Case, Membership, Role
from peacetrack.cases.services import case_delete
from peacetrack.invitations.models import Invitation
from peacetrack.invitations.services import invitation_accept, invitation_send

DEMO_FILE = Path(__file__).resolve().parent / "demo_case.json"
# The demo file is written as if today were this date; loading moves the process's dates so the
# case always looks current (overdue and due-soon tasks stay meaningful).
DEMO_ANCHOR = datetime.date(2026, 11, 25)
# What happened before the year the mediation began is history: its dates — in the records'
# fields and in the texts — never move (Valdoria's independence stays in 1964). Dates from
# then on move together, the fields and the texts alike ("14 March 2026" in the mandate stays
# the day of the Summit's event).
DEMO_HISTORY_ENDS = datetime.date(2026, 1, 1)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# "14 March 2026", "18-21 August", "March 2027" (a bare month, "in March", is left as it is).
_PROSE_DATE = re.compile(
    r"\b(?:(?P<day>\d{1,2})(?:[-–](?P<last>\d{1,2}))? )?(?P<month>"
    + "|".join(MONTHS)
    + r")(?: (?P<year>\d{4}))?\b"
)
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
    case = case_import(demo_file_moved(shift), actor=lead)
    for invitation in Invitation.objects.filter(case=case).select_related("party"):
        account = _demo_account(invitation.email, invitation.name)
        invitation_send(actor=lead, invitation=invitation, base_url="", mail=False)
        invitation_accept(user=account, invitation=invitation)
    return case, True


def demo_file_moved(shift: datetime.timedelta) -> bytes:
    """The demo file with the process's dates moved by `shift`, in its fields and its texts
    alike; history (before DEMO_HISTORY_ENDS) stays where it was."""
    return json.dumps(_moved(_demo_file(), shift), ensure_ascii=False).encode()


def _moved(value: Any, shift: datetime.timedelta) -> Any:
    if isinstance(value, dict):
        return {key: _moved(item, shift) for key, item in value.items()}
    if isinstance(value, list):
        return [_moved(item, shift) for item in value]
    if not isinstance(value, str) or not shift:
        return value
    return _moved_field(value, shift) or _PROSE_DATE.sub(lambda m: _moved_prose(m, shift), value)


def _moved_field(value: str, shift: datetime.timedelta) -> str | None:
    """A date or a time held by a field, moved (or as it is: history); None if it is text."""
    if len(value) >= 20 and value[10:11] == "T":
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
        return (moment + shift).isoformat() if moment.date() >= DEMO_HISTORY_ENDS else value
    try:
        when = ApproxDate.parse(value)
    except ValueError:
        return None
    if when.year < 1000 or when.first_day < DEMO_HISTORY_ENDS or when.precision == YEAR:
        return value
    if when.precision == DAY:
        day = when.first_day + shift
        return str(ApproxDate(day.year, day.month, day.day, when.about))
    middle = when.middle + shift
    return str(ApproxDate(middle.year, middle.month, None, when.about))


def _moved_prose(match: re.Match[str], shift: datetime.timedelta) -> str:
    month = MONTHS.index(match["month"]) + 1
    year = int(match["year"]) if match["year"] else DEMO_ANCHOR.year
    if not match["day"]:
        if not match["year"] or datetime.date(year, month, 1) < DEMO_HISTORY_ENDS:
            return match[0]  # a bare month, or history
        middle = datetime.date(year, month, 15) + shift
        return f"{MONTHS[middle.month - 1]} {middle.year}"
    try:
        first = datetime.date(year, month, int(match["day"]))
        last = datetime.date(year, month, int(match["last"] or match["day"]))
    except ValueError:
        return match[0]
    if first < DEMO_HISTORY_ENDS:
        return match[0]
    first, last = first + shift, last + shift
    text = f"{first.day} {MONTHS[first.month - 1]}"
    if match["last"]:
        text = (
            f"{first.day}-{last.day} {MONTHS[last.month - 1]}"
            if first.month == last.month
            else f"{text}-{last.day} {MONTHS[last.month - 1]}"
        )
    return f"{text} {last.year}" if match["year"] else text


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
