"""Step-1 records in the case search: each type's text fields, only what the user may read."""

from __future__ import annotations

from django.db.models import Q

from peacetrack.analysis.access import records_visible
from peacetrack.analysis.display import record_url, title
from peacetrack.analysis.registry import RECORD_TYPES
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.search import SearchHit, excerpt, register_search

PER_TYPE = 20


def search_analysis(access: CaseAccess, query: str) -> list[SearchHit]:
    hits: list[SearchHit] = []
    for rtype in RECORD_TYPES:
        if not rtype.search:
            continue
        condition = Q()
        for name in rtype.search:
            condition |= Q(**{f"{name}__icontains": query})
        for record in records_visible(rtype, access.membership).filter(condition)[:PER_TYPE]:
            text = next(
                (
                    str(getattr(record, name))
                    for name in rtype.search
                    if query.lower() in str(getattr(record, name)).lower()
                ),
                "",
            )
            hits.append(
                SearchHit(
                    kind=rtype.label,
                    title=title(record),
                    url=record_url(record),
                    excerpt=excerpt(text, query),
                )
            )
    return hits


def register() -> None:
    register_search(search_analysis)
