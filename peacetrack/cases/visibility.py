"""Who may read a case record, decided by its visibility. One helper, used by every list,
search, count, export and API route that returns visible records.

- team roles (lead, member, observer) read everything on the case;
- a party delegate reads what is shared with their party, with all parties, or public;
- a Track-II partner reads what is shared with Track-II, or public.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from peacetrack.cases.models import Membership, Role, Visibility

M = TypeVar("M", bound=Model)


def visible_filter(membership: Membership) -> Q:
    if membership.is_team:
        return Q()
    if membership.role == Role.DELEGATE:
        return Q(visibility__in=[Visibility.PARTIES, Visibility.PUBLIC]) | Q(
            visibility=Visibility.PARTY, visibility_party_id=membership.party_id
        )
    if membership.role == Role.TRACK2:
        return Q(visibility__in=[Visibility.TRACK2, Visibility.PUBLIC])
    return Q(pk__in=[])  # unknown role: nothing


def visible_to(queryset: QuerySet[M], membership: Membership) -> QuerySet[M]:
    """Filter a queryset of VisibleRecord rows of one case down to what `membership` may read."""
    return queryset.filter(case_id=membership.case_id).filter(visible_filter(membership))


def parse_visibility(code: str, *, parties: dict[str, int]) -> tuple[str, int | None]:
    """Turn 'team', 'parties', 'track2', 'public' or 'party:<short_name>' into fields.

    `parties` maps short names to ids. Raises ValueError with a readable message.
    """
    if code.startswith("party:"):
        short_name = code.removeprefix("party:")
        if short_name not in parties:
            raise ValueError(f"visibility {code!r} names no party of this case")
        return Visibility.PARTY, parties[short_name]
    if code in {Visibility.TEAM, Visibility.PARTIES, Visibility.TRACK2, Visibility.PUBLIC}:
        return code, None
    raise ValueError(
        f"unknown visibility {code!r} (use team, parties, track2, public or party:<short name>)"
    )
