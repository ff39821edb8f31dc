"""Who may see and act on findings: the one place for the advisor's access checks.

Findings are the mediation team's internal analysis: the lead, team members and observers read
them; party delegates and Track-II partners never do (the same 404 as for a case that does not
exist). Acknowledging, dismissing and reopening are for the lead and team members.
"""

from __future__ import annotations

from django.http import Http404

from peacetrack.accounts.types import Visitor
from peacetrack.advisor.engine import Finding
from peacetrack.advisor.selectors import findings_for
from peacetrack.cases.access import CaseAccess, case_get_for_user


def findings_access(user: Visitor, case_id: str, *, write: bool = False) -> CaseAccess:
    """The case, for a member of its mediation team (writers only with `write`); else 404."""
    return case_get_for_user(user, case_id, write=write, team=True)


def finding_get(access: CaseAccess, key: str) -> Finding:
    """One of the case's current findings by its key (`<rule>~<fingerprint>`); 404 if there is
    none such now (its facts have changed, or the rule no longer fires)."""
    for finding in findings_for(access=access):
        if finding.key == key:
            return finding
    raise Http404
