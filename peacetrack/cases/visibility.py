"""Who may read a case record, decided by its visibility. One helper, used by every list,
search, count, export and API route that returns visible records.

- team roles (lead, member, observer) read everything on the case;
- a party delegate reads what is shared with their party, with all parties, or public;
- a Track-II partner reads what is shared with Track-II, or public.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet

from peacetrack.cases.models import Membership, Party, Role, Visibility

M = TypeVar("M", bound=Model)


def visible_filter(membership: Membership, prefix: str = "") -> Q:
    """The condition for rows `membership` may read; `prefix` ("actor__") applies it to a
    related record instead."""
    if membership.is_team:
        return Q()
    if membership.role == Role.DELEGATE:
        return Q(**{f"{prefix}visibility__in": [Visibility.PARTIES, Visibility.PUBLIC]}) | Q(
            **{
                f"{prefix}visibility": Visibility.PARTY,
                f"{prefix}visibility_party_id": membership.party_id,
            }
        )
    if membership.role == Role.TRACK2:
        return Q(**{f"{prefix}visibility__in": [Visibility.TRACK2, Visibility.PUBLIC]})
    return Q(pk__in=[])  # unknown role: nothing


def visible_to(
    queryset: QuerySet[M], membership: Membership, *, through: tuple[str, ...] = ()
) -> QuerySet[M]:
    """Filter a queryset of VisibleRecord rows of one case down to what `membership` may read.

    `through` names foreign keys to other visible records (e.g. a tie's "source" and "target"):
    a row is readable only if the records it points at are readable too. A null key passes.
    """
    queryset = queryset.filter(case_id=membership.case_id).filter(visible_filter(membership))
    if membership.is_team:
        return queryset  # (an empty Q() would turn "null or visible" into just "null")
    for relation in through:
        queryset = queryset.filter(
            Q(**{f"{relation}__isnull": True}) | visible_filter(membership, f"{relation}__")
        )
    return queryset


def visibility_fields(code: str, parties: Iterable[Party]) -> dict[str, Any]:
    """The portable code — team, parties, track2, public or party:<short_name> — as the two
    fields a VisibleRecord stores. `parties` are the case's parties. Raises ValidationError
    on the "visibility" field with a readable message."""
    if code.startswith("party:"):
        short_name = code.removeprefix("party:")
        party = next((p for p in parties if p.short_name == short_name), None)
        if party is None:
            raise ValidationError({"visibility": f"{code!r} names no party of this case."})
        return {"visibility": Visibility.PARTY, "visibility_party": party}
    if code in {Visibility.TEAM, Visibility.PARTIES, Visibility.TRACK2, Visibility.PUBLIC}:
        return {"visibility": code, "visibility_party": None}
    raise ValidationError(
        {
            "visibility": f"Unknown visibility {code!r} (use team, parties, "
            "track2, public or party:<short name>)."
        }
    )
