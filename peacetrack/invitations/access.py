"""Who may manage an invitation: the case's lead mediator (404 for everyone else)."""

from __future__ import annotations

from django.http import Http404

from peacetrack.accounts.types import Visitor
from peacetrack.cases.access import CaseAccess, case_get_for_user
from peacetrack.invitations.models import Invitation


def invitation_get_for_user(
    user: Visitor, case_id: str, invitation_id: str
) -> tuple[CaseAccess, Invitation]:
    access = case_get_for_user(user, case_id, manage=True)
    try:
        invitation = Invitation.objects.select_related("party", "invited_by").get(
            case=access.case, public_id=invitation_id
        )
    except Invitation.DoesNotExist:
        raise Http404 from None
    return access, invitation
