"""Reads for step-1 pages, each a fixed number of queries whatever the number of records."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from peacetrack.analysis.access import records_visible
from peacetrack.analysis.models import Actor, ContestedIssue, Position, Tie
from peacetrack.analysis.network import NetworkAnalysis, analyse
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.models import Party


def record_counts(access: CaseAccess) -> dict[str, int]:
    return {rtype.slug: records_visible(rtype, access.membership).count()
            for rtype in RECORD_TYPES}


def filtered_records(rtype: RecordType, access: CaseAccess, params: Any) -> tuple[
        QuerySet[Any], dict[str, str]]:
    """The list page's records with the filters from the query string applied."""
    records = records_visible(rtype, access.membership)
    applied: dict[str, str] = {}
    for name in rtype.filters:
        value = str(params.get(name, ""))
        field = rtype.model._meta.get_field(name)
        if field.get_internal_type() == "BooleanField":
            if value in ("yes", "no"):
                applied[name] = value
                records = records.filter(**{name: value == "yes"})
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


def actor_network(access: CaseAccess) -> NetworkAnalysis:
    actors = list(records_visible(_type("actors"), access.membership))
    ties = list(records_visible(_type("ties"), access.membership))
    return analyse(actors, ties)


def _type(slug: str) -> RecordType:
    return next(rtype for rtype in RECORD_TYPES if rtype.slug == slug)


def positions_matrix(access: CaseAccess) -> dict[str, Any]:
    """Parties × issues: each cell the party's position on the issue (Step 1.1.2)."""
    parties = list(Party.objects.filter(case=access.case))
    issues: list[ContestedIssue] = list(records_visible(_type("issues"), access.membership))
    positions: list[Position] = list(records_visible(_type("positions"), access.membership))
    grid = {(p.issue_id, p.party_id): p for p in positions}
    rows = [
        {"issue": issue, "cells": [grid.get((issue.pk, party.pk)) for party in parties],
         "room_for_a_deal": issue.room_for_a_deal}
        for issue in issues
    ]
    return {"parties": parties, "rows": rows}


def actor_url(actor: Actor) -> str:
    return reverse("analysis:detail", args=[actor.case_id, "actors", actor.pk])


def tie_counts(ties: list[Tie]) -> Counter[str]:
    return Counter(t.kind for t in ties)
