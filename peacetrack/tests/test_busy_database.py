"""When another writer holds SQLite's write lock: a short hold is waited out unnoticed, a long
one answers 503 "busy, try again" (a page, or the API's JSON, with Retry-After), never a 500,
and nothing is written. A real server process on a real SQLite file, and a second real
connection holding the lock, as a large import's chunk or a backup would."""

from __future__ import annotations

import json
import sqlite3
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peacetrack.casefile.tests.test_import_responsiveness import PASSWORD, Browser
from peacetrack.tests import test_cli
from peacetrack.tests.test_cli import serving

cli = test_cli.cli  # the fixture: the `peacetrack` command on its own data folder

NEW_CASE = {"title": "Written while busy", "conflict": "c", "case_type": "intrastate"}


@pytest.fixture
def server(cli: Any) -> Iterator[tuple[Browser, Path, Any]]:
    """A signed-in organiser on a live server whose writes wait one second for the lock."""
    cli.env.pop("DATABASE_URL", None)  # the point is SQLite's single writer
    cli.env["SQLITE_BUSY_TIMEOUT_MS"] = "1000"
    cli.run("createuser", "lead@example.org", "--organiser", "--password-stdin", stdin=PASSWORD)
    with serving(cli.env) as base:
        browser = Browser(base)
        assert browser.sign_in("lead@example.org") == 200
        browser.open("/cases/new/")  # the CSRF cookie, before the lock is taken
        yield browser, Path(cli.env["PEACETRACK_DATA_DIR"]) / "peacetrack.sqlite3", cli


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the write lock, as another writer's transaction holds it
    return other


def _api_post(browser: Browser, path: str, body: dict[str, Any]) -> tuple[int, str, str]:
    status, text = browser.open(
        path,
        json.dumps(body).encode(),
        {"Content-Type": "application/json", "X-CSRFToken": browser._csrf()},
    )
    return status, text, browser.last_headers.get("Retry-After", "")


def _titles(cli: Any) -> list[str]:
    return [c["title"] for c in json.loads(cli.run("case", "list", "--json").stdout)]


def test_a_write_while_another_writer_holds_the_lock_answers_busy_try_again_and_changes_nothing(
    server,
):
    browser, database, cli = server
    other = _hold_write_lock(database)
    try:
        status, _page = browser.open("/cases/")
        assert status == 200  # reading needs no lock (WAL)
        status, page = browser.post("/cases/new/", {**NEW_CASE, "status": "active"})
        assert status == 503
        assert "The database is busy with another change. Please try again in a moment." in page
        assert "Nothing was changed" in page
        assert browser.last_headers["Retry-After"] == "5"
        status, text, retry = _api_post(browser, "/api/v1/cases", {**NEW_CASE, "status": "active"})
        assert status == 503
        assert json.loads(text) == {
            "detail": "The database is busy with another change. Please try again in a moment.",
            "errors": {},
        }
        assert retry == "5"
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _titles(cli) == []
    status, _page = browser.post("/cases/new/", {**NEW_CASE, "status": "active"})
    assert status == 200  # once the other writer is done, the same form goes through
    assert _titles(cli) == ["Written while busy"]


def test_a_write_waits_for_a_lock_held_briefly_and_succeeds(server):
    browser, database, cli = server
    body = urllib.parse.urlencode(
        {**NEW_CASE, "status": "active", "csrfmiddlewaretoken": browser._csrf()}
    ).encode()
    other = _hold_write_lock(database)
    # Released a moment after the form is sent: the server's write is then waiting for it.
    releaser = threading.Timer(0.4, lambda: other.execute("COMMIT"))
    releaser.start()
    try:
        status, _page = browser.open(
            "/cases/new/", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
    finally:
        releaser.join()
        other.close()
    assert status == 200
    assert _titles(cli) == ["Written while busy"]
