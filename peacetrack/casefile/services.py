"""Importing a case file on behalf of a signed-in user (pages and API)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from peacetrack.casefile.importer import case_import
from peacetrack.cases.models import Case, Membership, Role
from peacetrack.cases.services import member_add


@transaction.atomic
def case_import_for_user(*, raw: bytes, user: Any) -> Case:
    """Create a case from a file; the importing user becomes a lead mediator of it if the file
    does not already make them a member (otherwise they could not open what they imported)."""
    case = case_import(raw, actor=user)
    if not Membership.objects.filter(case=case, user=user).exists():
        member_add(actor=user, case=case, email=user.email, role=Role.LEAD)
    return case
