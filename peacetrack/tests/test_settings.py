"""Configuration from the environment: safe defaults, loud failures, durable SQLite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env


def test_database_url_for_postgres_is_parsed_with_escaped_password():
    db = env.database("postgres://mediator:p%40ss@db.example:6543/peace", Path("data"))
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "peace",
        "mediator",
        "p@ss",
        "db.example",
        "6543",
    )


def test_no_database_url_means_a_sqlite_file_in_the_data_folder(tmp_path):
    db = env.database(None, tmp_path)
    assert db["NAME"] == str(tmp_path / "peacetrack.sqlite3")


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host/", "sqlite:///"])
def test_an_unusable_database_url_stops_the_app_with_a_message(url):
    with pytest.raises(ImproperlyConfigured):
        env.database(url, Path("data"))


def test_booleans_must_be_booleans(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env.env_bool("DEBUG", False)


def test_the_secret_key_is_generated_once_into_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env.secret_key(tmp_path)
    assert env.secret_key(tmp_path) == first
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only


def test_the_sqlite_database_runs_in_wal_mode_with_full_synchronous_commits(tmp_path):
    # A real file database, opened by the app's own settings in a separate process.
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA synchronous').fetchone()[0])"
    )
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ.update(PEACETRACK_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environ,
        check=True,
        timeout=120,
    )
    assert result.stdout.split() == ["wal", "2"]  # 2 = FULL
