"""The case search over capability records (the foundation imports no capability).

Each capability declares its searchable record types as sources (cases/sources.py: the model
and its text fields) in AppConfig.ready():

    register_search_source(RecordSource(model=Actor, kind="Actor", search=("name",), ...))

The foundation runs the search and applies visibility itself (records_visible), so a source
cannot return what the member may not read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from peacetrack.cases.access import CaseAccess
from peacetrack.cases.sources import RecordSource
from peacetrack.methodology.search import excerpt

__all__ = ["SearchHit", "excerpt", "register_search_source", "search_records"]

PER_SOURCE = 20


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: str
    url: str
    excerpt: str = ""


_SOURCES: list[RecordSource] = []


def register_search_source(source: RecordSource) -> None:
    if not source.search:
        raise ValueError(f"{source.model.__name__}: a search source names its text fields")
    if source not in _SOURCES:
        _SOURCES.append(source)


def search_records(access: CaseAccess, query: str) -> list[SearchHit]:
    hits: list[SearchHit] = []
    needle = query.lower()
    for source in _SOURCES:
        condition = Q()
        for name in source.search:
            condition |= Q(**{f"{name}__icontains": query})
        for record in source.visible(access.membership).filter(condition)[:PER_SOURCE]:
            text = next(
                (
                    str(getattr(record, name))
                    for name in source.search
                    if needle in str(getattr(record, name)).lower()
                ),
                "",
            )
            hits.append(
                SearchHit(
                    kind=str(source.kind),
                    title=source.title(record),
                    url=source.url(record),
                    excerpt=excerpt(text, query),
                )
            )
    return hits
