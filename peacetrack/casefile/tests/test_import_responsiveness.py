"""A large import does not hold up anyone else: a real server process on a real SQLite file
(IMMEDIATE transactions, as deployed), one user uploading a large file that is refused after
seconds of checking while another user signs in and writes."""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import time
import urllib.parse
import urllib.request
import uuid
from typing import Any

from django.conf import settings

from peacetrack.demo import DEMO_FILE
from peacetrack.tests import test_cli
from peacetrack.tests.test_cli import serving

cli = test_cli.cli  # the fixture: the `peacetrack` command on its own data folder

PASSWORD = "a long enough passphrase"


class Browser:
    """A signed-in session against the live server (cookies and CSRF like a browser)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.last_headers: dict[str, str] = {}
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.jar)
        )

    def _csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def open(
        self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        request = urllib.request.Request(  # noqa: S310 — http on loopback
            self.base + path, data=data, headers=headers or {}
        )
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=120) as response:
                self.last_headers = dict(response.headers)
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            self.last_headers = dict(exc.headers)
            return exc.code, exc.read().decode()

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        self.open(path)
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self._csrf()}).encode()
        return self.open(path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, path: str, content: bytes) -> tuple[int, str]:
        self.open(path)
        boundary = uuid.uuid4().hex
        body = (
            (
                f"--{boundary}\r\n"
                'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f'{self._csrf()}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="big.json"\r\nContent-Type: application/json\r\n\r\n'
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.open(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def sign_in(self, email: str) -> int:
        status, _ = self.post("/accounts/login/", {"login": email, "password": PASSWORD})
        return status


def _big_refused_file() -> bytes:
    """About 42 MB: as many notes as a file may hold (seconds of checking, now that the JSON
    Schema is checked in milliseconds), that pass every check until the very last one."""
    data = json.loads(DEMO_FILE.read_text())
    notes = data["notes"]
    data["notes"] = [
        {**notes[i % len(notes)], "body": notes[i % len(notes)]["body"][:300]}
        for i in range(settings.CASEFILE_MAX_ITEMS)
    ]
    data["notes"][-1]["task"] = "6.9.9"
    return json.dumps(data).encode()


def test_a_refused_large_import_does_not_block_another_user_signing_in_and_writing(cli):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        cli.env.pop("DATABASE_URL", None)  # the point is SQLite's single writer
    for email in ("importer@example.org", "colleague@example.org"):
        cli.run("createuser", email, "--organiser", "--password-stdin", stdin=PASSWORD + "\n")
    with serving(cli.env) as base:
        importer, colleague = Browser(base), Browser(base)
        assert importer.sign_in("importer@example.org") == 200
        raw = _big_refused_file()
        result: dict[str, Any] = {}

        def upload() -> None:
            result["status"], result["text"] = importer.upload("/cases/import/", raw)

        thread = threading.Thread(target=upload)
        thread.start()
        time.sleep(1.0)  # the upload is in, the server is checking it
        for _ in range(3):
            assert Browser(base).sign_in("colleague@example.org") == 200
        assert colleague.sign_in("colleague@example.org") == 200
        status, _ = colleague.post(
            "/cases/new/",
            {
                "title": "Written meanwhile",
                "conflict": "c",
                "case_type": "intrastate",
                "status": "active",
            },
        )
        assert status == 200
        written = time.monotonic()
        thread.join(timeout=120)
        # The upload lands on the import's job page; the queue's worker checks the whole
        # file and refuses it, listing the problem, while the colleague goes on writing.
        assert result["status"] == 200
        job_url = re.search(r'data-job-status-url="([^"]+)"', result["text"])
        assert job_url is not None
        deadline = time.monotonic() + 120
        while True:
            job = json.loads(importer.open(job_url.group(1))[1])
            if job["status"] in ("done", "failed") or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        finished = time.monotonic()
        assert job["status"] == "failed"
        assert "there is no methodology task" in " ".join(job["details"]).lower()
        assert written < finished, "the colleague waited for the import"
        listed = json.loads(cli.run("case", "list", "--json").stdout)
        assert [c["title"] for c in listed] == ["Written meanwhile"]
