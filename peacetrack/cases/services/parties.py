"""The parties to the conflict.

Every write: keyword-only, one transaction, one audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from peacetrack.audit.services import audit_record, snapshot
from peacetrack.cases import actions
from peacetrack.cases.concurrency import version_check, version_next
from peacetrack.cases.models import (
    Case,
    Party,
    PartyKind,
    Visibility,
)
from peacetrack.cases.visibility import visibility_error

PARTY_FIELDS = [
    "short_name",
    "name",
    "kind",
    "description",
    "description_visibility",
    "description_visibility_party",
]


def party_values_check(
    case: Case,
    values: dict[str, Any],
    *,
    exclude_id: int | None = None,
    taken: Callable[[str], bool] | None = None,
) -> None:
    """`taken(short_name)` says whether another party already uses the name: by default, on
    the case in the database (the case-file import checks within its file instead)."""
    errors: dict[str, str] = {}
    short_name = values["short_name"]
    if not short_name:
        errors["short_name"] = "A party needs a short name (e.g. GOV)."
    elif not all(ch.isalnum() or ch in "-_" for ch in short_name):
        errors["short_name"] = "Use letters, digits, '-' or '_' only in the short name."
    elif (
        taken(short_name)
        if taken is not None
        else Party.objects.filter(case=case, short_name__iexact=short_name)
        .exclude(pk=exclude_id or 0)
        .exists()
    ):
        errors["short_name"] = f"Another party of this case is already called {short_name}."
    if not values["name"]:
        errors["name"] = "A party needs a name."
    if values["kind"] not in PartyKind.values:
        errors["kind"] = f"Kind must be one of {', '.join(PartyKind.values)}."
    wrong_visibility = visibility_error(
        case.pk, values["description_visibility"], values["description_visibility_party"]
    )
    if wrong_visibility:
        errors["description_visibility"] = wrong_visibility
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def party_create(
    *,
    actor: Any,
    case: Case,
    short_name: str,
    name: str,
    kind: str = PartyKind.OTHER,
    description: str = "",
    description_visibility: str = Visibility.TEAM,
    description_visibility_party: Party | None = None,
) -> Party:
    """Add a party. Its description is the team's until shared (`description_visibility`);
    it can be shared with this very party only once the party exists (party_update)."""
    values = dict(
        short_name=short_name.strip(),
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        description_visibility=description_visibility,
        description_visibility_party=description_visibility_party,
    )
    party_values_check(case, values)
    party = Party.objects.create(case=case, **values)
    audit_record(
        actor=actor,
        action=actions.PARTY_CREATE,
        obj=party,
        case_id=case.pk,
        after=snapshot(party, PARTY_FIELDS),
        summary=f"Added party {party.short_name}",
    )
    return party


@transaction.atomic
def party_update(
    *, actor: Any, party: Party, expected_version: int | None = None, **changes: Any
) -> Party:
    """Change a party. `expected_version`: see cases/concurrency.py."""
    current = version_check(party, expected_version)
    unknown = set(changes) - set(PARTY_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown party fields: {', '.join(sorted(unknown))}")
    before = snapshot(party, PARTY_FIELDS)
    values = {**{f: getattr(party, f) for f in PARTY_FIELDS}, **changes}
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    party_values_check(party.case, values, exclude_id=party.pk)
    for key, value in values.items():
        setattr(party, key, value)
    version_next(party, current)
    party.save()
    audit_record(
        actor=actor,
        action=actions.PARTY_UPDATE,
        obj=party,
        case_id=party.case_id,
        before=before,
        after=snapshot(party, PARTY_FIELDS),
        summary=f"Updated party {party.short_name}",
    )
    return party
