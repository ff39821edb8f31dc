"""The `peacetrack` command, run as a real process against its own database."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from peacetrack.demo import DEMO_FILE
from peacetrack.testing.databases import postgres_database


class Cli:
    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env = env
        self.folder = folder

    def run(
        self, *args: str, stdin: str | None = None, ok: bool = True
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "peacetrack.cli", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=180,
        )
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    def cases(self) -> list[dict[str, Any]]:
        return json.loads(self.run("case", "list", "--json").stdout)


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Cli]:
    # English output whatever the machine's locale (the French test asks for French itself).
    languages = {"DATABASE_URL", "PEACETRACK_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
    env = {k: v for k, v in os.environ.items() if k not in languages}
    env["LANG"] = "C.UTF-8"
    env["PEACETRACK_DATA_DIR"] = str(tmp_path / "data")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    postgres = postgres_database("peacetrack_cli")
    if postgres:
        env["DATABASE_URL"] = postgres[0]
    try:
        yield Cli(env, tmp_path)
    finally:
        if postgres:
            postgres[1]()


def test_demo_loads_once_and_reset_loads_it_again(cli):
    first = cli.run("demo")
    assert "loaded" in first.stdout
    assert "lead@demo.peacetrack.org / peacetrack-demo" in first.stdout
    again = cli.run("demo")
    assert "already present" in again.stdout
    assert len(cli.cases()) == 1
    cli.run("demo", "--reset")
    cases = cli.cases()
    assert len(cases) == 1
    assert cases[0]["title"].startswith("Dravenne Highlands")
    assert cases[0]["progress_percent"] > 0


def test_case_list_prints_a_table(cli):
    cli.run("demo")
    out = cli.run("case", "list").stdout
    assert "Dravenne Highlands" in out
    assert "lead@demo.peacetrack.org" in out


def test_createuser_reads_the_password_from_stdin_and_refuses_a_duplicate(cli):
    created = cli.run(
        "createuser",
        "ana@example.org",
        "--name",
        "Ana Ruiz",
        "--password-stdin",
        stdin="a long enough passphrase\n",
    )
    # the first account on a server opens cases and manages the others
    assert "Created user ana@example.org (case organiser, site administrator)." in created.stdout
    second = cli.run(
        "createuser", "ben@example.org", "--password-stdin", stdin="a long enough passphrase\n"
    )
    assert "Created user ben@example.org." in second.stdout
    link = cli.run("user", "reset-link", "BEN@example.org", "--base-url", "https://pt.example/")
    assert link.stdout.startswith("https://pt.example/accounts/password/reset/key/")
    unknown = cli.run("user", "reset-link", "nobody@example.org", ok=False)
    assert unknown.returncode == 2
    duplicate = cli.run(
        "createuser",
        "ANA@example.org",
        "--password-stdin",
        stdin="a long enough passphrase\n",
        ok=False,
    )
    assert duplicate.returncode == 2
    assert "already exists" in duplicate.stderr


def test_createuser_refuses_a_weak_password_and_a_bad_email(cli):
    weak = cli.run("createuser", "bo@example.org", "--password-stdin", stdin="short\n", ok=False)
    assert weak.returncode == 2
    assert "too short" in weak.stderr
    bad = cli.run(
        "createuser",
        "not-an-email",
        "--password-stdin",
        stdin="a long enough passphrase\n",
        ok=False,
    )
    assert bad.returncode == 2
    assert "not a valid e-mail" in bad.stderr


def test_export_to_a_file_then_import_makes_a_second_identical_case(cli):
    cli.run("demo")
    case_id = cli.cases()[0]["id"]
    target = cli.folder / "case.json"
    cli.run("case", "export", str(case_id), "-o", str(target))
    exported = json.loads(target.read_text())
    assert exported["schema_version"] == 5
    here = cli.run("case", "import", str(target), "--as", "lead@demo.peacetrack.org", ok=False)
    assert here.returncode == 2
    assert "already on this server" in here.stderr
    imported = cli.run(
        "case", "import", str(target), "--as", "lead@demo.peacetrack.org", "--as-copy"
    )
    assert "Imported case" in imported.stdout
    assert "other members are invitations" in imported.stdout
    cases = cli.cases()
    assert len(cases) == 2
    second = json.loads(cli.run("case", "export", str(cases[1]["id"])).stdout)
    for data in (exported, second):
        data.pop("exported_at"), data.pop("confidential")  # it names the case
        data["case"].pop("uid")  # the original is here too: the copy gets its own
    assert (
        second["case"].pop("title")
        == exported["case"].pop("title") + f" (copy {timezone.localdate()})"
    )
    assert second == exported


def test_import_prints_its_progress_on_stderr_and_its_result_on_stdout(cli):
    cli.run("demo")
    result = cli.run(
        "case", "import", str(DEMO_FILE), "--as", "lead@demo.peacetrack.org", "--as-copy"
    )
    lines = result.stderr.splitlines()
    assert lines[0] == "   0% Reading the file"
    assert "   5% Checking every record" in lines
    assert any(line.endswith("% Writing the case") for line in lines)
    assert lines[-1] == " 100% The case is imported"
    percents = [int(line.split("%")[0]) for line in lines]
    assert percents == sorted(percents)
    assert result.stdout.startswith("Imported case")
    assert "%" not in result.stdout


def test_jobs_prune_deletes_job_files_past_their_time(cli):
    results = cli.folder / "data" / "job-results"
    results.mkdir(parents=True)
    old, fresh = results / "old.result", results / "fresh.result"
    old.write_bytes(b"an export nobody downloads any more")
    fresh.write_bytes(b"a worker has just saved it")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    result = cli.run("jobs", "prune")
    assert result.stdout == "Deleted 1 expired job file.\n"
    assert not old.exists()
    assert fresh.exists()


def test_import_of_a_bad_file_fails_with_a_message_and_writes_nothing(cli):
    cli.run("demo")
    data = json.loads(DEMO_FILE.read_text())
    data["notes"][3]["task"] = "6.7.1"
    bad = cli.folder / "bad.json"
    bad.write_text(json.dumps(data))
    result = cli.run("case", "import", str(bad), "--as", "lead@demo.peacetrack.org", ok=False)
    assert result.returncode == 2
    assert "nothing was imported" in result.stderr
    assert "notes › item 4 › task (/notes/3/task): There is no methodology task" in result.stderr
    assert result.stdout == ""
    assert len(cli.cases()) == 1


def test_export_of_an_unknown_case_and_import_of_a_missing_file_fail_cleanly(cli):
    missing = cli.run("case", "export", "999", ok=False)
    assert missing.returncode == 2
    assert "there is no case 999" in missing.stderr
    nofile = cli.run(
        "case", "import", str(cli.folder / "nope.json"), "--as", "x@example.org", ok=False
    )
    assert nofile.returncode == 2
    assert "no such file" in nofile.stderr
    cli.run("demo")
    stranger = cli.run(
        "case", "import", str(DEMO_FILE), "--as", "officer@demo.peacetrack.org", ok=False
    )
    assert stranger.returncode == 2
    assert "is not an active case organiser" in stranger.stderr


def test_output_for_people_is_in_the_shells_language(cli):
    cli.env["LANG"] = "fr_FR.UTF-8"
    empty = cli.run("case", "list")
    assert "Aucun dossier. Chargez la démonstration avec `peacetrack demo`" in empty.stdout
    missing = cli.run("case", "export", "999", ok=False)
    assert missing.returncode == 2
    assert "il n'existe aucun dossier 999" in missing.stderr
    cli.env["PEACETRACK_LANGUAGE"] = "en"
    assert "No cases." in cli.run("case", "list").stdout


def test_a_bad_setting_is_reported_in_one_line(cli):
    cli.env["DEBUG"] = "perhaps"
    result = cli.run("case", "list", ok=False)
    assert result.returncode == 1
    assert "DEBUG must be true or false" in result.stderr
    assert "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, process: subprocess.Popen[bytes] | None = None) -> bytes:
    """GET on loopback, ignoring any proxy settings; the server may need a while to start
    (migrations, static files, its job worker) on a busy machine. Fails at once, with what
    the server printed, if it stops."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the server stopped (exit code {process.returncode})")
        try:
            with opener.open(url, timeout=10) as response:
                assert response.status == 200
                return bytes(response.read())
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


@contextlib.contextmanager
def serving(env: dict[str, str]) -> Iterator[str]:
    """`peacetrack serve --no-demo` on a free loopback port, answering; its base URL. Stopped
    on leaving."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "peacetrack.cli", "serve", "--no-demo", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _get(base + "/accounts/login/", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_loads_the_demo_prints_the_sign_in_and_answers_http(cli):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "peacetrack.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=cli.env,
    )
    try:
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = process.stdout.readline()  # type: ignore[union-attr]
            lines.append(line)
            if "Press Ctrl+C" in line or not line:
                break
        output = "".join(lines)
        assert f"http://127.0.0.1:{port}/" in output
        assert "Demo sign-in: lead@demo.peacetrack.org / peacetrack-demo" in output
        sign_in = _get(f"http://127.0.0.1:{port}/accounts/login/").decode()
        assert sign_in.count("Sign in") >= 1
        # Static files were collected at start: linked by hashed names, and served.
        stylesheet = re.search(r'href="(/static/peacetrack/app\.[0-9a-f]{12}\.css)"', sign_in)
        assert stylesheet, sign_in
        assert b"body" in _get(f"http://127.0.0.1:{port}{stylesheet.group(1)}")
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert (cli.folder / "data" / "secret_key").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="advisory file locks are POSIX")
def test_servers_started_together_collect_static_files_one_after_the_other(cli):
    """Two servers on one data folder (several services, or a restart while one still runs)
    must not post-process the static folder together: the second waits for the first."""
    import fcntl

    data = Path(cli.env["PEACETRACK_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    code = "from peacetrack import cli; cli._setup(database=False); cli._collect_static()"
    with open(data / "static.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        collecting = subprocess.Popen([sys.executable, "-c", code], env=cli.env)
        try:
            with pytest.raises(subprocess.TimeoutExpired):
                collecting.wait(timeout=8)
            assert not (data / "static" / "staticfiles.json").exists()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    assert collecting.wait(timeout=180) == 0
    assert (data / "static" / "staticfiles.json").exists()
