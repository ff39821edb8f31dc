"""The audit trail refuses UPDATE, DELETE and TRUNCATE without exception.

Migration 0002 let a row in `audit_purge_permit` allow deletes, so that the test suite could
reset its database. That table is a way to purge the trail that a production database must not
have: anyone able to create it (and insert a row) could erase history. This migration drops the
table and makes the triggers consult nothing. The test run installs its own permit in the test
database only (peacetrack/conftest.py).
"""

from django.db import migrations

REFUSE = "audit events are append-only"

SQLITE = [
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
        BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END;""",
    "DROP TABLE IF EXISTS audit_purge_permit",
]
SQLITE_REVERSE = [
    "CREATE TABLE audit_purge_permit (id integer PRIMARY KEY)",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
        WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permit)
        BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END;""",
]
# The triggers of 0002 (row-level UPDATE/DELETE, statement-level TRUNCATE) stay; only the
# function they call changes.
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
        BEGIN
          RAISE EXCEPTION '{REFUSE}';
        END; $$ LANGUAGE plpgsql""",
    "DROP TABLE IF EXISTS audit_purge_permit",
]
POSTGRES_REVERSE = [
    "CREATE TABLE audit_purge_permit (id integer PRIMARY KEY)",
    f"""CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
        BEGIN
          IF TG_OP <> 'UPDATE' AND EXISTS (SELECT 1 FROM audit_purge_permit) THEN
            RETURN OLD;
          END IF;
          RAISE EXCEPTION '{REFUSE}';
        END; $$ LANGUAGE plpgsql""",
]


def _run(schema_editor, by_vendor):
    for sql in by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRES})


def backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
