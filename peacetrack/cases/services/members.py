"""Memberships: roles and removal (joining is peacetrack/invitations).

Every write: keyword-only, one transaction, one audit event.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from peacetrack.audit.services import audit_record
from peacetrack.cases import actions
from peacetrack.cases.models import (
    Case,
    Membership,
    Party,
    Role,
)


def _member_snapshot(member: Membership) -> dict[str, Any]:
    return {"user": member.user.email, "role": member.role, "party": member.party_id}


def member_role_check(case: Case, role: str, party: Party | None) -> None:
    """A role the case knows; a party for a delegate and only for a delegate."""
    if role not in Role.values:
        raise ValidationError({"role": f"Role must be one of {', '.join(Role.values)}."})
    if role == Role.DELEGATE and party is None:
        raise ValidationError({"party": "A party delegate must be bound to a party."})
    if role != Role.DELEGATE and party is not None:
        raise ValidationError({"party": "Only party delegates are bound to a party."})
    if party is not None and party.case_id != case.pk:
        raise ValidationError({"party": "That party belongs to another case."})


def _check_keeps_a_lead(member: Membership, new_role: str | None) -> None:
    if member.role == Role.LEAD and new_role != Role.LEAD:
        leads = Membership.objects.filter(case_id=member.case_id, role=Role.LEAD).count()
        if leads <= 1:
            raise ValidationError(
                {"role": "A case needs a lead mediator: make someone else lead first."}
            )


@transaction.atomic
def member_change_role(
    *, actor: Any, member: Membership, role: str, party: Party | None = None
) -> Membership:
    member_role_check(member.case, role, party)
    _check_keeps_a_lead(member, role)
    before = _member_snapshot(member)
    member.role = role
    member.party = party
    member.save(update_fields=["role", "party"])
    audit_record(
        actor=actor,
        action=actions.MEMBER_CHANGE_ROLE,
        obj=member,
        case_id=member.case_id,
        before=before,
        after=_member_snapshot(member),
        summary=f"{member.user.email} is now {member.get_role_display()}",
    )
    return member


@transaction.atomic
def member_remove(*, actor: Any, member: Membership) -> None:
    _check_keeps_a_lead(member, None)
    before = _member_snapshot(member)
    audit_record(
        actor=actor,
        action=actions.MEMBER_REMOVE,
        obj=member,
        case_id=member.case_id,
        before=before,
        summary=f"Removed {member.user.email}",
    )
    member.delete()
