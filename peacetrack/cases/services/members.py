"""Memberships: roles and removal (joining is peacetrack/invitations).

Every write: keyword-only, one transaction, one audit event.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peacetrack.accounts.types import Person
from peacetrack.audit.services import audit_record
from peacetrack.cases import actions
from peacetrack.cases.concurrency import version_check, version_next
from peacetrack.cases.models import (
    Case,
    Membership,
    Party,
    Role,
)


def _member_snapshot(member: Membership) -> dict[str, Any]:
    return {"user": member.user.email, "role": member.role, "party": member.party_id}


def member_role_check(case: Case, role: Role, party: Party | None) -> None:
    """A role the case knows; a party for a delegate and only for a delegate, of this case."""
    if role not in Role.values:
        raise ValidationError(
            {"role": _("Role must be one of %(roles)s.") % {"roles": ", ".join(Role.values)}}
        )
    if role == Role.DELEGATE and party is None:
        raise ValidationError({"party": _("A party delegate must be bound to a party.")})
    if role != Role.DELEGATE and party is not None:
        raise ValidationError({"party": _("Only party delegates are bound to a party.")})
    if party is not None and party.case_id != case.pk:
        raise ValidationError({"party": _("That party belongs to another case.")})


def _check_keeps_a_lead(member: Membership, new_role: Role | None) -> None:
    if member.role == Role.LEAD and new_role != Role.LEAD:
        leads = Membership.objects.filter(case_id=member.case_id, role=Role.LEAD).count()
        if leads <= 1:
            raise ValidationError(
                {"role": _("A case needs a lead mediator: make someone else lead first.")}
            )


@transaction.atomic
def member_change_role(
    *,
    actor: Person,
    member: Membership,
    role: Role,
    party: Party | None = None,
    expected_version: int | None = None,
) -> Membership:
    """Give a member another role (and, for a delegate, a party). `expected_version`: the
    version the editor read (a stale edit raises StaleEdit, cases/concurrency.py); None skips
    the check. A change to what is already there writes nothing."""
    current = version_check(member, expected_version)
    member_role_check(member.case, role, party)
    _check_keeps_a_lead(member, role)
    before = _member_snapshot(member)
    member.role = role
    member.party = party
    after = _member_snapshot(member)
    if before == after:
        return member
    version_next(member, current)
    member.save(update_fields=["role", "party", "version"])
    audit_record(
        actor=actor,
        action=actions.MEMBER_CHANGE_ROLE,
        obj=member,
        case_id=member.case_id,
        before=before,
        after=after,
        summary=f"{member.user.email} is now {member.get_role_display()}",
    )
    return member


@transaction.atomic
def member_remove(
    *, actor: Person, member: Membership, expected_version: int | None = None
) -> None:
    """Take someone off the case. `expected_version` as for member_change_role: the API
    refuses to remove a member whose role changed since the client read it."""
    version_check(member, expected_version)
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
