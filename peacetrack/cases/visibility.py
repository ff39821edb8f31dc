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
from django.utils.translation import gettext as _

from peacetrack.cases.models import Case, Membership, Party, Role, Visibility

M = TypeVar("M", bound=Model)


def _audience(membership: Membership) -> tuple[frozenset[str], int | None] | None:
    """What a member outside the team reads: the visibilities, and the party whose
    "party" visibility they read (or None). None for the team, who read everything.
    The one statement of the rule; the queryset filter and may_read both derive from it."""
    if membership.is_team:
        return None
    if membership.role == Role.DELEGATE:
        return frozenset({Visibility.PARTIES, Visibility.PUBLIC}), membership.party_id
    if membership.role == Role.TRACK2:
        return frozenset({Visibility.TRACK2, Visibility.PUBLIC}), None
    return frozenset(), None  # unknown role: nothing


def visible_filter(membership: Membership, prefix: str = "") -> Q:
    """The condition for rows `membership` may read; `prefix` ("actor__") applies it to a
    related record instead."""
    audience = _audience(membership)
    if audience is None:
        return Q()
    visibilities, party_id = audience
    rule = Q(**{f"{prefix}visibility__in": sorted(visibilities)}) if visibilities else Q(pk__in=[])
    if party_id is not None:
        rule |= Q(
            **{f"{prefix}visibility": Visibility.PARTY, f"{prefix}visibility_party_id": party_id}
        )
    return rule


def may_read(membership: Membership, visibility: str, visibility_party_id: int | None) -> bool:
    """The same rule as visible_filter, for one value already loaded (a party's description,
    the case's mandate summary)."""
    audience = _audience(membership)
    if audience is None:
        return True
    visibilities, party_id = audience
    if visibility in visibilities:
        return True
    return (
        visibility == Visibility.PARTY and party_id is not None and visibility_party_id == party_id
    )


def visible_to(
    queryset: QuerySet[M], membership: Membership, *, through: tuple[str, ...] = ()
) -> QuerySet[M]:
    """Filter a queryset of VisibleRecord rows of one case down to what `membership` may read.

    `through` names foreign keys to other visible records (e.g. a tie's "source" and "target"):
    a row is readable only if the records it points at are readable too. A null key passes.
    A many-to-many relation (a source of leverage's holders) passes when every record it
    names is readable.
    """
    queryset = queryset.filter(case_id=membership.case_id).filter(visible_filter(membership))
    if membership.is_team:
        return queryset  # (an empty Q() would turn "null or visible" into just "null")
    for relation in through:
        field = queryset.model._meta.get_field(relation)
        if field.many_to_many:
            related: Any = field.related_model
            hidden = (
                related._default_manager.filter(case_id=membership.case_id)
                .exclude(visible_filter(membership))
                .values("pk")
            )
            queryset = queryset.exclude(**{f"{relation}__in": hidden})
            continue
        queryset = queryset.filter(
            Q(**{f"{relation}__isnull": True}) | visible_filter(membership, f"{relation}__")
        )
    return queryset


def visibility_fields(
    code: str, parties: Iterable[Party], field: str = "visibility"
) -> dict[str, Any]:
    """The portable code — team, parties, track2, public or party:<short_name> — as the two
    fields a visible row stores (`field` and `<field>_party`). `parties` are the case's parties.
    Raises ValidationError on `field` with a readable message."""
    if code.startswith("party:"):
        short_name = code.removeprefix("party:")
        party = next((p for p in parties if p.short_name == short_name), None)
        if party is None:
            raise ValidationError(
                {field: _("%(code)r names no party of this case.") % {"code": code}}
            )
        return {field: Visibility.PARTY, f"{field}_party": party}
    if code in {Visibility.TEAM, Visibility.PARTIES, Visibility.TRACK2, Visibility.PUBLIC}:
        return {field: code, f"{field}_party": None}
    raise ValidationError(
        {
            field: _(
                "Unknown visibility %(code)r (use team, parties, track2, public or "
                "party:<short name>)."
            )
            % {"code": code}
        }
    )


def visibility_resolve(
    *,
    case: Case,
    code: str,
    field: str = "visibility",
    parties: Iterable[Party] | None = None,
) -> dict[str, Any]:
    """The one place a portable visibility code (team, parties, track2, public or
    party:<short_name>) becomes the two stored fields, `field` and `<field>_party`. Services
    call it; their callers pass the code. `parties`: the case's parties, by default read from
    the database (only for a party: code); an import passes its own, still unsaved.
    Raises ValidationError on `field` with a readable message."""
    if parties is None:
        parties = Party.objects.filter(case=case) if code.startswith("party:") else []
    return visibility_fields(code, parties, field)


def party_description_for(membership: Membership, party: Party) -> str:
    """The party's description if `membership` may read it, else "" (no hint that one exists)."""
    readable = may_read(
        membership, party.description_visibility, party.description_visibility_party_id
    )
    return party.description if readable else ""


def mandate_summary_for(membership: Membership, case: Case) -> str:
    """The case's mandate summary if `membership` may read it, else ""."""
    readable = may_read(membership, case.mandate_visibility, case.mandate_visibility_party_id)
    return case.mandate_summary if readable else ""
