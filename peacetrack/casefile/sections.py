"""Sections that capability apps add to the case file (e.g. "analysis" for step 1).

The case-file core never imports a capability. Each registers a Section in AppConfig.ready();
export, import and the JSON Schema then include it.

An import runs each section twice: `prepare` checks the section's value with every rule its
services apply and builds its records unsaved, without touching the database (problems go to
`context.problem`); only when the whole file is clean does `load` write what `prepare` built,
through `context.write` (short transactions into a case nobody sees until it is complete).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction

from peacetrack.casefile.errors import Path, Problem

if TYPE_CHECKING:  # `python -m peacetrack.casefile.schema` imports this before Django is set up
    from peacetrack.cases.models import Case, Party


class TooManyProblems(Exception):
    """Raised once CASEFILE_MAX_PROBLEMS problems are collected: the report is long enough."""


@dataclass
class ImportContext:
    case: Case  # unsaved during prepare; saved (and still importing) during load
    parties: dict[str, Party]  # by short name; unsaved during prepare
    shift: datetime.timedelta  # added to every date (the demo stays current)
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # what the import created

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(Problem(path, message))
        if len(self.problems) >= settings.CASEFILE_MAX_PROBLEMS:
            raise TooManyProblems

    def write(self, label: str, objects: Sequence[models.Model]) -> None:
        """Insert prepared records in chunks, each chunk its own short transaction, so other
        users' writes interleave with a large import. References between prepared records
        resolve as each chunk is saved (write referenced records first)."""
        if not objects:
            return
        model = type(objects[0])
        size = settings.CASEFILE_WRITE_CHUNK
        for start in range(0, len(objects), size):
            with transaction.atomic():
                model._default_manager.bulk_create(objects[start : start + size])
        self.counts[label] += len(objects)


@dataclass(frozen=True)
class Section:
    key: str  # top-level key in the file
    schema: dict[str, Any]  # JSON Schema of the section's value
    export: Callable[[Case], Any]
    # (value, context) → the section's records, built and checked, unsaved
    prepare: Callable[[Any, ImportContext], Any]
    # (what prepare returned, context) → None: writes them with context.write
    load: Callable[[Any, ImportContext], None]
    # Prepared (with an empty value) even when the file leaves the section out: the section
    # makes records of its own for what the core holds (the actor of each party).
    always: bool = False


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[Section]:
    return list(_SECTIONS.values())


def unregister_section(key: str) -> None:
    """For tests that plug in a section of their own."""
    _SECTIONS.pop(key, None)
