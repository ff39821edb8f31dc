"""Small typed helpers that read settings from the environment and fail loudly."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 1) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir(default: Path) -> Path:
    path = Path(os.environ.get("PEACETRACK_DATA_DIR", str(default))).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(folder: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into the data folder."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = folder / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


def database(url: str | None, folder: Path) -> dict[str, object]:
    """Parse DATABASE_URL (sqlite:///path or postgres://user:pw@host:port/name)."""
    if not url:
        return _sqlite(folder / "peacetrack.sqlite3")
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if not path or path == "/":
            raise ImproperlyConfigured("DATABASE_URL sqlite:///… needs a file path")
        return _sqlite(Path(path[1:] if path.startswith("//") else path))
    if parsed.scheme in {"postgres", "postgresql"}:
        name = unquote(parsed.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL postgres://… needs a database name")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "ATOMIC_REQUESTS": False,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {parsed.scheme!r} is not supported (use sqlite or postgres)"
    )


def migration_database(url: str | None, app: dict[str, object]) -> dict[str, object] | None:
    """MIGRATION_DATABASE_URL: the same PostgreSQL database as DATABASE_URL, reached as the
    role that owns the tables. Migrations run through it, so the app's own role needs no right
    to change the schema (nor to drop the audit trail's triggers): docs/deployment.md."""
    if not url:
        return None
    if app["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "MIGRATION_DATABASE_URL is for PostgreSQL; set DATABASE_URL to postgres://… too"
        )
    owner = database(url, Path("."))
    if owner["ENGINE"] != app["ENGINE"] or any(
        owner[key] != app[key] for key in ("NAME", "HOST", "PORT")
    ):
        raise ImproperlyConfigured(
            "MIGRATION_DATABASE_URL must name the same database as DATABASE_URL "
            "(only the user and password differ)"
        )
    # Only `migrate` uses this connection; a test run points it at the test database.
    return {**owner, "CONN_MAX_AGE": 0, "TEST": {"MIRROR": "default"}}


def _sqlite(path: Path) -> dict[str, object]:
    # How long a write waits for another writer's lock before the request answers 503
    # "busy, try again" (peacetrack/busy.py).
    busy_ms = env_int("SQLITE_BUSY_TIMEOUT_MS", 5000)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # WAL lets readers work while a write commits; synchronous=FULL makes every
            # commit durable on power loss; IMMEDIATE avoids "database is locked" upgrades.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
            f"PRAGMA foreign_keys=ON; PRAGMA busy_timeout={busy_ms};",
            "transaction_mode": "IMMEDIATE",
        },
    }
