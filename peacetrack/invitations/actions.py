"""The audit actions of invitations (audit/actions.py), declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peacetrack.audit.actions import RecordKind, register_action

if TYPE_CHECKING:
    from peacetrack.invitations.models import Invitation


def _invitee(invitation: Invitation) -> str:
    return str(invitation.name or invitation.email)


# The state a revocation stores ("open" → "revoked"), as the trail shows it.
STATES = {
    "open": pgettext_lazy("invitation", "open"),
    "revoked": pgettext_lazy("invitation", "revoked"),
}


def _state(code: str) -> str:
    return str(STATES.get(code, code))


INVITATION = RecordKind(
    object_type="invitations.invitation",
    label=_("Invitations"),
    singular=_("invitation"),
    name=_invitee,
    task_key=lambda invitation: "",
    hidden=("membership",),
    lead_only=True,
    keys={
        "state": _("State"),
        "party": _("Party"),
        "expires_at": _("Expires at"),
        "mailed": _("Mailed"),
    },
    values={"state": _state},
)

INVITATION_CREATE = register_action(
    "invitations.invitation.create", _("prepared an invitation for %(name)s"), kind=INVITATION
)
INVITATION_MINT = register_action(
    "invitations.invitation.mint", _("made an invitation link for %(name)s"), kind=INVITATION
)
INVITATION_REVOKE = register_action(
    "invitations.invitation.revoke", _("withdrew the invitation of %(name)s"), kind=INVITATION
)
INVITATION_EXPIRED_USE = register_action(
    "invitations.invitation.expired_use",
    _("an expired invitation link of %(name)s was used"),
    kind=INVITATION,
)
INVITATION_ACCEPT = register_action(
    "invitations.invitation.accept", _("%(name)s accepted the invitation"), kind=INVITATION
)
