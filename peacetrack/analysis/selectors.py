"""Reads for step-1 pages, each a fixed number of queries whatever the number of records."""

from __future__ import annotations

import hashlib
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse

from peacetrack.analysis.access import records_visible
from peacetrack.analysis.models import Actor, ContestedIssue, Position
from peacetrack.analysis.network import NetworkAnalysis, TieRow, analyse, detach, reattach
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.models import Party


def record_counts(access: CaseAccess) -> dict[str, int]:
    return {rtype.slug: records_visible(rtype, access.membership).count() for rtype in RECORD_TYPES}


def filtered_records(
    rtype: RecordType, access: CaseAccess, params: Any
) -> tuple[QuerySet[Any], dict[str, str]]:
    """The list page's records with the filters from the query string applied."""
    records = records_visible(rtype, access.membership)
    applied: dict[str, str] = {}
    for name in rtype.filters:
        value = str(params.get(name, ""))
        field = rtype.field(name)
        if field.get_internal_type() == "BooleanField":
            if value in ("yes", "no"):
                applied[name] = value
                records = records.filter(**{name: value == "yes"})
        elif name in rtype.payload.extensible():
            if value:  # a built-in key or one of the case's own
                applied[name] = value
                records = records.filter(**{name: value})
        elif value in {str(key) for key, _ in (field.choices or [])}:
            applied[name] = value
            records = records.filter(**{name: value})
    visibility = params.get("visibility", "")
    if visibility and access.membership.is_team:
        applied["visibility"] = visibility
        records = records.filter(visibility=visibility)
    query = str(params.get("q", "")).strip()[:100]
    if query and rtype.search:
        applied["q"] = query
        condition = Q()
        for name in rtype.search:
            condition |= Q(**{f"{name}__icontains": query})
        records = records.filter(condition)
    return records, applied


NETWORK_CACHE_SECONDS = 600


def actor_network(access: CaseAccess) -> NetworkAnalysis:
    """The analysis of what this member may see. The computed result is cached until an actor
    or tie they can see changes, so the map page and its data request share one computation."""
    actors_qs = records_visible(_type("actors"), access.membership)
    ties_qs = records_visible(_type("ties"), access.membership)
    stamp = [qs.aggregate(n=Count("id"), last=Max("updated_at")) for qs in (actors_qs, ties_qs)]
    membership = access.membership
    viewer = "team" if membership.is_team else f"{membership.role}:{membership.party_id}"
    key = (
        "actor-network:" + hashlib.sha256(f"{access.case.pk}|{viewer}|{stamp}".encode()).hexdigest()
    )
    actors = list(actors_qs)
    ties = [TieRow(*row) for row in ties_qs.values_list(*TieRow.FIELDS)]
    cached = cache.get(key)
    if cached is not None:
        return reattach(cast(NetworkAnalysis, cached), actors, ties)
    result = analyse(actors, ties)
    cache.set(key, detach(result), NETWORK_CACHE_SECONDS)
    return result


def _type(slug: str) -> RecordType:
    return next(rtype for rtype in RECORD_TYPES if rtype.slug == slug)


def positions_matrix(access: CaseAccess) -> dict[str, Any]:
    """Parties × issues: each cell the party's position on the issue (Step 1.1.2)."""
    parties = list(Party.objects.filter(case=access.case))
    issues: list[ContestedIssue] = list(records_visible(_type("issues"), access.membership))
    positions: list[Position] = list(records_visible(_type("positions"), access.membership))
    grid = {(p.issue_id, p.party_id): p for p in positions}
    rows = [
        {
            "issue": issue,
            "cells": [grid.get((issue.pk, party.pk)) for party in parties],
            "room_for_a_deal": issue.room_for_a_deal,
        }
        for issue in issues
    ]
    return {"parties": parties, "rows": rows}


def actor_url(actor: Actor) -> str:
    return reverse("analysis:detail", args=[actor.case.public_id, "actors", actor.public_id])
