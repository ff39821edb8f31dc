"""docs/deployment.md, tried for real: migrations as the tables' owner, the app as a role that
can work but cannot touch the audit trail's triggers or rows."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env
from peacetrack.testing.databases import postgres_params, postgres_url

DEPLOYMENT_DOC = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"


def test_the_migration_database_is_the_same_postgres_database_as_another_user():
    app = env.database("postgres://app:a@db.example:5432/peace", Path("data"))
    owner = env.migration_database("postgres://owner:o%40@db.example:5432/peace", app)
    assert owner is not None
    assert (owner["USER"], owner["PASSWORD"], owner["NAME"]) == ("owner", "o@", "peace")
    # A test run never makes a second test database for it.
    assert owner["TEST"] == {"MIRROR": "default"}
    assert env.migration_database(None, app) is None


@pytest.mark.parametrize(
    ("app_url", "migration_url", "message"),
    [
        ("postgres://app@db:5432/peace", "postgres://owner@db:5432/other", "same database"),
        ("postgres://app@db:5432/peace", "postgres://owner@elsewhere:5432/peace", "same database"),
        ("sqlite:///tmp/x.sqlite3", "postgres://owner@db:5432/peace", "for PostgreSQL"),
    ],
)
def test_a_migration_database_url_for_another_database_stops_the_app(
    app_url: str, migration_url: str, message: str
):
    app = env.database(app_url, Path("data"))
    with pytest.raises(ImproperlyConfigured, match=message):
        env.migration_database(migration_url, app)


def _documented_sql(names: dict[str, str]) -> list[list[str]]:
    """The documented ```sql blocks, statement by statement, with our names in them."""
    blocks = re.findall(r"```sql\n(.*?)```", DEPLOYMENT_DOC.read_text(), flags=re.DOTALL)
    assert len(blocks) == 2
    result = []
    for block in blocks:
        for placeholder, name in names.items():
            block = re.sub(rf"\b{re.escape(placeholder)}\b", name, block)
        result.append([s.strip() for s in block.split(";") if s.strip()])
    return result


@pytest.fixture
def roles() -> Iterator[dict[str, str]]:
    """A database and two roles with unique names, set up as docs/deployment.md says."""
    params = postgres_params()
    if params is None:
        pytest.skip("PostgreSQL only: SQLite has no roles")
    import psycopg

    suffix = secrets.token_hex(4)
    names = {
        "peacetrack_owner": f"pt_owner_{suffix}",
        "peacetrack_app": f"pt_app_{suffix}",
        "peacetrack": f"pt_roles_{suffix}",
        "owner-password": secrets.token_hex(12),
        "app-password": secrets.token_hex(12),
    }
    server, database = _documented_sql(names)
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        can = conn.execute(
            "SELECT rolsuper OR (rolcreaterole AND rolcreatedb) FROM pg_roles "
            "WHERE rolname = current_user"
        ).fetchone()
        if not (can and can[0]):
            pytest.skip("the test run's PostgreSQL user cannot create roles")
        try:
            for statement in server:
                conn.execute(statement)
            with psycopg.connect(dbname=names["peacetrack"], autocommit=True, **params) as db:
                for statement in database:
                    db.execute(statement)
            yield names
        finally:
            conn.execute(f'DROP DATABASE IF EXISTS "{names["peacetrack"]}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{names["peacetrack_app"]}"')
            conn.execute(f'DROP ROLE IF EXISTS "{names["peacetrack_owner"]}"')


def _refused(conn: Any, sql: str) -> str:
    import psycopg

    with pytest.raises(psycopg.Error) as refusal:
        conn.execute(sql)
    return str(refusal.value)


def test_the_app_role_works_but_cannot_lift_the_audit_trails_protection(roles, tmp_path):
    import psycopg

    database = roles["peacetrack"]
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(
        PEACETRACK_DATA_DIR=str(tmp_path / "data"),
        DATABASE_URL=postgres_url(
            database, user=roles["peacetrack_app"], password=roles["app-password"]
        ),
        MIGRATION_DATABASE_URL=postgres_url(
            database, user=roles["peacetrack_owner"], password=roles["owner-password"]
        ),
    )
    # Migrates as the owner, then loads the demo case as the app role.
    result = subprocess.run(
        [sys.executable, "-m", "peacetrack.cli", "demo"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "loaded" in result.stdout

    params = {**postgres_params(), "user": roles["peacetrack_app"]}  # type: ignore[dict-item]
    params["password"] = roles["app-password"]
    with psycopg.connect(dbname=database, autocommit=True, **params) as app:
        owner = app.execute(
            "SELECT tableowner FROM pg_tables WHERE tablename = 'audit_auditevent'"
        ).fetchone()
        assert owner == (roles["peacetrack_owner"],)
        # The app's own work: read and write rows.
        assert app.execute("SELECT count(*) FROM cases_case").fetchone() == (1,)
        assert app.execute("UPDATE cases_case SET region = 'Elsewhere'").rowcount == 1
        # The database cache's table (made by migrate, as the owner) is the app's to use too.
        app.execute("INSERT INTO peacetrack_cache VALUES ('k', 'v', now())")
        assert app.execute("DELETE FROM peacetrack_cache WHERE cache_key = 'k'").rowcount == 1
        events = app.execute("SELECT count(*) FROM audit_auditevent").fetchone()
        assert events is not None
        assert events[0] > 0

        # The audit trail: rows stay, triggers stay.
        assert "append-only" in _refused(app, "DELETE FROM audit_auditevent")
        assert "append-only" in _refused(app, "UPDATE audit_auditevent SET summary = 'x'")
        assert "permission denied" in _refused(app, "TRUNCATE audit_auditevent")
        for sql in [
            "DROP TRIGGER audit_event_no_change ON audit_auditevent",
            "ALTER TABLE audit_auditevent DISABLE TRIGGER USER",
            "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS "
            "$$ BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql",
            "DROP FUNCTION audit_event_append_only() CASCADE",
        ]:
            assert re.search("must be owner|permission denied", _refused(app, sql))
        assert "permission denied" in _refused(
            app, "CREATE TABLE audit_purge_permit (id integer PRIMARY KEY)"
        )
        assert app.execute("SELECT count(*) FROM audit_auditevent").fetchone() == events
        triggers = app.execute(
            "SELECT tgname, tgenabled FROM pg_trigger "
            "WHERE tgrelid = 'audit_auditevent'::regclass AND NOT tgisinternal ORDER BY tgname"
        ).fetchall()
        assert triggers == [("audit_event_no_change", "O"), ("audit_event_no_truncate", "O")]


def test_a_backup_restored_as_documented_serves_the_cases_with_the_audit_trail_protected(
    roles, tmp_path
):
    """docs/deployment.md, "Backups": pg_dump as the owner, restore into a new database
    prepared as "Two roles" says, and the app role works on it as before."""
    import psycopg

    owner = {"user": roles["peacetrack_owner"], "password": roles["owner-password"]}
    app = {"user": roles["peacetrack_app"], "password": roles["app-password"]}
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(
        PEACETRACK_DATA_DIR=str(tmp_path / "data"),
        DATABASE_URL=postgres_url(roles["peacetrack"], **app),
        MIGRATION_DATABASE_URL=postgres_url(roles["peacetrack"], **owner),
    )
    subprocess.run(
        [sys.executable, "-m", "peacetrack.cli", "demo"], env=environment, check=True, timeout=180
    )
    dump = tmp_path / "peacetrack.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", environment["MIGRATION_DATABASE_URL"]],
        check=True,
        timeout=180,
    )
    restored = f"{roles['peacetrack']}_restored"
    _server, in_database = _documented_sql({**roles, "peacetrack": restored})
    params = postgres_params()
    assert params is not None
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{restored}" OWNER "{roles["peacetrack_owner"]}"')
        try:
            with psycopg.connect(dbname=restored, autocommit=True, **params) as db:
                for statement in in_database:
                    db.execute(statement)
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    f"--role={roles['peacetrack_owner']}",
                    f"--dbname={postgres_url(restored, **owner)}",
                    str(dump),
                ],
                check=True,
                timeout=180,
            )
            environment.update(
                DATABASE_URL=postgres_url(restored, **app),
                MIGRATION_DATABASE_URL=postgres_url(restored, **owner),
            )
            listing = subprocess.run(
                [sys.executable, "-m", "peacetrack.cli", "case", "list", "--json"],
                env=environment,
                capture_output=True,
                text=True,
                check=True,
                timeout=180,
            )
            assert [case["title"] for case in json.loads(listing.stdout)] == [
                "Dravenne Highlands peace process (Valdoria)"
            ]
            with psycopg.connect(dbname=restored, autocommit=True, **{**params, **app}) as db:
                assert "append-only" in _refused(db, "DELETE FROM audit_auditevent")
        finally:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
