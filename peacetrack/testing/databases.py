"""Throw-away databases for tests that run the app as a separate process (CLI, migrations)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings


def postgres_params() -> dict[str, Any] | None:
    """How the test run reaches its PostgreSQL server (None when it runs on SQLite)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return None
    return {
        "host": db["HOST"] or None,
        "port": db["PORT"] or None,
        "user": db["USER"] or None,
        "password": db["PASSWORD"] or None,
    }


def postgres_url(name: str, *, user: str | None = None, password: str = "") -> str:
    """A DATABASE_URL for database `name` on the test run's server (as the test run's user
    unless another is given)."""
    db = settings.DATABASES["default"]
    if user is None:
        user, password = str(db["USER"]), str(db["PASSWORD"] or "")
    auth = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def postgres_database(prefix: str) -> tuple[str, Callable[[], None]] | None:
    """A new, empty database named `<prefix>_<random>` on the test run's PostgreSQL server:
    its URL and a function that drops it. None when the test run uses SQLite."""
    params = postgres_params()
    if params is None:
        return None
    import psycopg

    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return postgres_url(name), drop
