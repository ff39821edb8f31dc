"""Who will newly read a record when its visibility widens, so that forms can ask first.

Widening is any change that lets someone outside the mediation team read what they could not
before: team → a party, one party → all parties or public, anything → Track-II, and creating a
record shared beyond the team (widening from nothing). Narrowing needs no confirmation. Only
forms ask; the API and the CLI take the visibility as given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peacetrack.cases.models import Case, Membership, Party, Role, Visibility, VisibleRecord
from peacetrack.cases.visibility import visibility_resolve

TRACK2 = "track2"


def _readers(visibility: str, party: Party | None, parties: list[Party]) -> set[str]:
    """The groups outside the team that read a record: "party:<id>" for a party's delegates,
    "track2" for the Track-II partners."""
    every_party = {f"party:{p.pk}" for p in parties}
    if visibility == Visibility.PARTY and party is not None:
        return {f"party:{party.pk}"}
    if visibility == Visibility.PARTIES:
        return every_party
    if visibility == Visibility.TRACK2:
        return {TRACK2}
    if visibility == Visibility.PUBLIC:
        return every_party | {TRACK2}
    return set()


def _people(count: int) -> str:
    return ngettext("%(count)d person", "%(count)d people", count) % {"count": count}


def widening_warning(
    case: Case,
    *,
    before: VisibleRecord | None,
    visibility: str,
    visibility_party: Party | None,
) -> str:
    """A sentence naming who will newly see the record, or "" if nobody new will.

    `before` is the record as stored (None when creating one)."""
    parties = list(case.parties.all())
    old = (
        _readers(before.visibility, before.visibility_party, parties)
        if before is not None
        else set()
    )
    new = _readers(visibility, visibility_party, parties) - old
    if not new:
        return ""
    counts = {
        (row["role"], row["party_id"]): row["n"]
        for row in Membership.objects.filter(case=case, role__in=[Role.DELEGATE, Role.TRACK2])
        .values("role", "party_id")
        .annotate(n=Count("id"))
    }
    phrases = [
        _("%(party)s's delegates (%(people)s)")
        % {"party": p.short_name, "people": _people(counts.get((Role.DELEGATE, p.pk), 0))}
        for p in parties
        if f"party:{p.pk}" in new
    ]
    if TRACK2 in new:
        phrases.append(
            _("the Track-II partners (%(people)s)")
            % {"people": _people(counts.get((Role.TRACK2, None), 0))}
        )
    return _("%(readers)s will see this.") % {"readers": capfirst(get_text_list(phrases, _("and")))}


def widening_to_confirm(
    case: Case,
    *,
    before: VisibleRecord | None,
    code: str,
    data: Mapping[str, Any],
    visibility: dict[str, Any] | None = None,
) -> str:
    """The widening warning a form must show before saving ("" if none is due) for the
    portable visibility `code` (resolved here; `visibility`: its fields, if the caller has
    them already). `data` is the posted form: its confirmation button counts only for exactly
    this visibility, so changing the choice after the question asks again. An unknown code
    raises ValidationError on "visibility"."""
    if data.get("confirm_visibility") == code:
        return ""
    if visibility is None:
        visibility = visibility_resolve(case=case, code=code)
    return widening_warning(case, before=before, **visibility)
