"""Importing a case file on behalf of a signed-in user (pages and API)."""

from __future__ import annotations

from typing import Any

from peacetrack.accounts.access import organiser_required
from peacetrack.casefile.importer import case_import
from peacetrack.cases.models import Case


def case_import_for_user(*, raw: bytes, user: Any) -> Case:
    """Create a case from a file; the importing user (a case organiser) becomes its lead and the
    file's other members pending invitations. Raises Http404 for anyone who is not an
    organiser, like every refusal."""
    organiser_required(user)
    return case_import(raw, actor=user)
