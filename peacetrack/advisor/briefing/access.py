"""Who may have a briefing made: the lead mediator and team members of the case. Observers
read the pages; party delegates and Track-II partners get the same 404 as for a case that does
not exist (a briefing holds the team's findings and every visibility the team reads)."""

from __future__ import annotations

from collections.abc import Mapping

from peacetrack.accounts.types import Visitor
from peacetrack.advisor.access import findings_access
from peacetrack.cases.access import CaseAccess

# What the job kind requires (jobs/kinds.py): checked again whenever its page or file opens.
BRIEFING_ACCESS: Mapping[str, bool] = {"write": True, "team": True}


def briefing_access(user: Visitor, case_id: str) -> CaseAccess:
    """The case, for its lead mediator or a team member (those who act on findings); else 404."""
    return findings_access(user, case_id, write=BRIEFING_ACCESS["write"])
