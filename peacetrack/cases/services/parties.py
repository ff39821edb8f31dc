"""The parties to the conflict.

Every write: keyword-only, one transaction, one audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peacetrack.accounts.types import Person
from peacetrack.audit.services import audit_record, snapshot
from peacetrack.cases import actions
from peacetrack.cases.concurrency import version_check, version_next
from peacetrack.cases.models import (
    Case,
    Party,
    PartyKind,
    Visibility,
)
from peacetrack.cases.party_hooks import party_created, party_updated
from peacetrack.cases.visibility import visibility_resolve

PARTY_FIELDS = [
    "short_name",
    "name",
    "kind",
    "description",
    "description_visibility",
    "description_visibility_party",
]


# What a caller gives: the description's visibility as the portable code.
PARTY_INPUT = ["short_name", "name", "kind", "description", "description_visibility"]


def party_values_check(
    case: Case,
    values: dict[str, Any],
    *,
    exclude_id: int | None = None,
    taken: Callable[[str], bool] | None = None,
    parties: Iterable[Party] | None = None,
) -> dict[str, Any]:
    """Check a party's values (PARTY_INPUT, the description's visibility as the portable code)
    and answer them as stored (PARTY_FIELDS). `taken(short_name)` says whether another party
    already uses the name: by default, on the case in the database (the case-file import
    checks within its file instead); `parties`: see cases.visibility.visibility_resolve."""
    errors: dict[str, Any] = {}
    short_name = values["short_name"]
    if not short_name:
        errors["short_name"] = _("A party needs a short name (e.g. GOV).")
    elif not all(ch.isalnum() or ch in "-_" for ch in short_name):
        errors["short_name"] = _("Use letters, digits, '-' or '_' only in the short name.")
    elif (
        taken(short_name)
        if taken is not None
        else Party.objects.filter(case=case, short_name__iexact=short_name)
        .exclude(pk=exclude_id or 0)
        .exists()
    ):
        errors["short_name"] = _("Another party of this case is already called %(name)s.") % {
            "name": short_name
        }
    if not values["name"]:
        errors["name"] = _("A party needs a name.")
    if values["kind"] not in PartyKind.values:
        errors["kind"] = _("Kind must be one of %(kinds)s.") % {
            "kinds": ", ".join(PartyKind.values)
        }
    stored = {k: v for k, v in values.items() if k != "description_visibility"}
    try:
        stored.update(
            visibility_resolve(
                case=case,
                code=values["description_visibility"],
                field="description_visibility",
                parties=parties,
            )
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return stored


@transaction.atomic
def party_create(
    *,
    actor: Person,
    case: Case,
    short_name: str,
    name: str,
    kind: str = PartyKind.OTHER,
    description: str = "",
    description_visibility: str | None = Visibility.TEAM,
) -> Party:
    """Add a party. Its description is the team's until shared (`description_visibility`, the
    portable code); it can be shared with this very party only once the party exists
    (party_update). What other apps create with a party (cases/party_hooks.py) is created in
    the same transaction."""
    values = dict(
        short_name=short_name.strip(),
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        description_visibility=description_visibility or Visibility.TEAM,  # None: not given
    )
    party = Party.objects.create(case=case, **party_values_check(case, values))
    audit_record(
        actor=actor,
        action=actions.PARTY_CREATE,
        obj=party,
        case_id=case.pk,
        after=snapshot(party, PARTY_FIELDS),
        summary=f"Added party {party.short_name}",
    )
    party_created(actor=actor, party=party)  # e.g. the actor that stands for it (step 1)
    return party


@transaction.atomic
def party_update(
    *, actor: Person, party: Party, expected_version: int | None = None, **changes: Any
) -> Party:
    """Change a party (PARTY_INPUT; `description_visibility` as the portable code, None:
    unchanged). `expected_version`: see cases/concurrency.py."""
    current = version_check(party, expected_version)
    unknown = set(changes) - set(PARTY_INPUT)
    if unknown:
        raise ValidationError(
            _("Unknown party fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if changes.get("description_visibility") is None:
        changes.pop("description_visibility", None)
    before = snapshot(party, PARTY_FIELDS)
    values = {
        **{f: getattr(party, f) for f in PARTY_INPUT},
        "description_visibility": party.description_visibility_code,
        **changes,
    }
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    stored = party_values_check(party.case, values, exclude_id=party.pk)
    for key, value in stored.items():
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
    party_updated(actor=actor, party=party, before=before)  # e.g. its actor's name (step 1)
    return party
