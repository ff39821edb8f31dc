"""A database made by the migrations — what a server runs on, unlike the test database, which
the test run gives a purge permit (peacetrack/conftest.py) — has no way to purge the trail."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from peacetrack.testing.databases import postgres_database

INSERT_EVENT = (
    "INSERT INTO audit_auditevent (at, actor_label, action, object_type, object_id, summary) "
    "VALUES (CURRENT_TIMESTAMP, 'lead@example.org', 'case.create', 'cases.case', '1', 'Opened')"
)
PURGES = [
    "DELETE FROM audit_auditevent",
    "UPDATE audit_auditevent SET summary = 'rewritten'",
]


def _migrate(tmp_path: Path, database_url: str | None) -> None:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment["PEACETRACK_DATA_DIR"] = str(tmp_path / "data")
    if database_url:
        environment["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "-m", "peacetrack.cli", "case", "list"],  # migrates first
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[Callable[[str], Any], type[Exception]]]:
    """A freshly migrated database on the test run's engine: (execute, its error class)."""
    if connection.vendor == "postgresql":
        import psycopg

        made = postgres_database("pt_fresh")
        assert made is not None
        url, drop = made
        try:
            _migrate(tmp_path, url)
            with psycopg.connect(url, autocommit=True) as db:

                def execute(sql: str) -> Any:
                    cursor = db.execute(sql)
                    return cursor.fetchall() if cursor.description else []

                yield execute, psycopg.Error
        finally:
            drop()
    else:
        _migrate(tmp_path, None)
        db = sqlite3.connect(tmp_path / "data" / "peacetrack.sqlite3", isolation_level=None)
        try:
            yield (lambda sql: db.execute(sql).fetchall()), sqlite3.Error
        finally:
            db.close()


def test_a_migrated_database_has_no_purge_permit_and_refuses_purges_even_with_one(fresh):
    execute, error = fresh
    tables = (
        "SELECT name FROM sqlite_master WHERE type = 'table'"
        if connection.vendor == "sqlite"
        else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    )
    names = {row[0] for row in execute(tables)}
    assert "audit_auditevent" in names
    assert "audit_purge_permit" not in names
    execute(INSERT_EVENT)

    # Without the table: refused as append-only (not "no such table").
    for sql in PURGES:
        with pytest.raises(error, match="append-only"):
            execute(sql)
    # Someone recreates the permit, empty and then with a row: still refused.
    execute("CREATE TABLE audit_purge_permit (id integer PRIMARY KEY)")
    for permit_rows in ([], ["INSERT INTO audit_purge_permit (id) VALUES (1)"]):
        for sql in permit_rows:
            execute(sql)
        for sql in PURGES:
            with pytest.raises(error, match="append-only"):
                execute(sql)
    if connection.vendor == "postgresql":
        with pytest.raises(error, match="append-only"):
            execute("TRUNCATE audit_auditevent")
    assert execute("SELECT summary FROM audit_auditevent") == [("Opened",)]
