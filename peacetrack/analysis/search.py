"""Step-1 records in the case search: each type declares its text fields; the foundation
searches them and keeps only what the member may read (cases/search.py)."""

from __future__ import annotations

from peacetrack.analysis.registry import RECORD_TYPES
from peacetrack.analysis.task_records import source_of
from peacetrack.cases.search import register_search_source


def register() -> None:
    for rtype in RECORD_TYPES:
        if rtype.search:
            register_search_source(source_of(rtype))
