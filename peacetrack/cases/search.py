"""Case search providers contributed by capability apps (the foundation imports none of them).

A provider takes (access: CaseAccess, query: str) and returns SearchHit items the user may see
(it applies its own access and visibility rules). Register it in AppConfig.ready():

    register_search(search_records)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peacetrack.cases.access import CaseAccess
from peacetrack.methodology.search import excerpt

__all__ = ["SearchHit", "excerpt", "register_search", "search_records"]


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: str
    url: str
    excerpt: str = ""


SearchProvider = Callable[[CaseAccess, str], list[SearchHit]]
_PROVIDERS: list[SearchProvider] = []


def register_search(provider: SearchProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def search_records(access: CaseAccess, query: str) -> list[SearchHit]:
    hits: list[SearchHit] = []
    for provider in _PROVIDERS:
        hits.extend(provider(access, query))
    return hits
