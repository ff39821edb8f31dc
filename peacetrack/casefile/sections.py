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
from django.db import connections, models, transaction
from django.utils.translation import gettext as _

from peacetrack.casefile.errors import Path, Problem

if TYPE_CHECKING:  # `python -m peacetrack.casefile.schema` imports this before Django is set up
    from peacetrack.cases.models import Case, Party


# How an import reports its progress (the job queue shows it): percent done (0–100), and what
# it is doing in words.
Progress = Callable[[int, str], None]


class TooManyProblems(Exception):
    """Raised once CASEFILE_MAX_PROBLEMS problems are collected: the report is long enough."""


@dataclass
class ImportContext:
    case: Case  # unsaved during prepare; saved (and still importing) during load
    parties: dict[str, Party]  # by short name; unsaved during prepare
    shift: datetime.timedelta  # added to every date (the demo stays current)
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # what the import created
    # The primary keys written, by label, as [first, last] ranges (consecutive chunks merge).
    ids: dict[str, list[list[int]]] = field(default_factory=dict)
    progress: Progress | None = None
    to_write: int = 0  # rows the whole import writes (for progress), set before writing
    written: int = 0

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
        ranges = self.ids.setdefault(label, [])
        for start in range(0, len(objects), size):
            chunk = objects[start : start + size]
            rows = _values(model, chunk)
            with transaction.atomic():
                _insert(model, chunk, rows)
            for pk in (obj.pk for obj in chunk):
                if ranges and ranges[-1][1] == pk - 1:
                    ranges[-1][1] = pk
                else:
                    ranges.append([pk, pk])
            self.written += len(chunk)
            self.report(WRITING_STARTS + (99 - WRITING_STARTS) * self.written // self.to_write)
        self.counts[label] += len(objects)

    def report(self, percent: int) -> None:
        if self.progress is not None:
            self.progress(min(percent, 99), _("Writing the case"))


def _values(model: type[models.Model], objects: Sequence[models.Model]) -> list[list[Any]]:
    """Each record's column values, prepared by its fields as bulk_create prepares them
    (outside the transaction: the write lock is held only while rows are written)."""
    connection = connections[model._default_manager.db]
    fields = _columns(model)
    rows = []
    for obj in objects:
        # What bulk_create does first: take the ids of the records it points at, saved since.
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
        rows.append([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    return rows


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.generated and not f.primary_key]


def _insert(
    model: type[models.Model], objects: Sequence[models.Model], rows: list[list[Any]]
) -> None:
    """Insert the prepared `rows` of `objects` with one INSERT statement executed for every
    row, and give each object its primary key. (The ORM's bulk_create builds, and the database
    parses, one long statement for every few dozen rows: that was most of a large import's
    time.) For records whose key the database makes (every record of a case has one). Call
    inside a transaction."""
    connection = connections[model._default_manager.db]
    opts = model._meta
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in _columns(model)]
    # Names from the model's own metadata, quoted; values are parameters.
    insert = f"INSERT INTO {quote(opts.db_table)} ({{}}) VALUES ({{}})"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Reserve the ids first, then copy them in with the rows (COPY: no statement to
            # parse and plan for each row).
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [opts.db_table, opts.pk.column, len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            columns.insert(0, quote(opts.pk.column))
            copy_in = f"COPY {quote(opts.db_table)} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(copy_in) as copy:
                for pk, row in zip(ids, rows, strict=True):
                    copy.write_row([pk, *row])
        else:  # SQLite: this transaction holds the only write lock, so the rows just written
            # have consecutive ids ending at the last one.
            cursor.executemany(
                insert.format(", ".join(columns), ", ".join(["%s"] * len(columns))), rows
            )
            cursor.execute("SELECT last_insert_rowid()")
            (last,) = cursor.fetchone()
            ids = list(range(last - len(rows) + 1, last + 1))
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


# Where writing starts on the progress bar: reading and checking a file take about a fifth of
# an import's time.
WRITING_STARTS = 20


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
