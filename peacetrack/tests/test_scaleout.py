"""Several app processes serve as one: nothing that matters across requests lives in one
process's memory. Two real `peacetrack serve` processes on two ports (one of them several
gunicorn workers) share one database and one cache — a laptop's SQLite file and database cache,
or a team server's PostgreSQL and Redis — and a visitor's requests go to either of them, as
behind a load balancer."""

from __future__ import annotations

import http.cookiejar
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from peacetrack.testing.databases import postgres_database
from peacetrack.tests.test_cli import _free_port

PASSWORD = "a long enough passphrase"
# The failed sign-ins allowed per account before a pause (settings.ACCOUNT_RATE_LIMITS).
FAILURES_BEFORE_PAUSE = 5
# How long a background recompute of the analysis (the job worker) may take on a busy machine.
RECOMPUTE_SECONDS = 90


class Visitor:
    """One browser (one cookie jar) whose requests may reach any of the processes."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.jar)
        )

    def open(
        self, url: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        """(status, final URL after redirects, body)."""
        request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        if data is not None:
            request.add_header("Referer", url)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, url, exc.read().decode()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def sign_in(self, base: str, email: str, password: str = PASSWORD) -> str:
        """The page the sign-in form leads to."""
        self.open(base + "/accounts/login/")
        body = urllib.parse.urlencode(
            {"login": email, "password": password, "csrfmiddlewaretoken": self.csrf()}
        ).encode()
        _status, _url, text = self.open(
            base + "/accounts/login/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        return text

    def api(self, base: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """The JSON API through the browser session (writes carry the CSRF token)."""
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers |= {"Content-Type": "application/json", "X-CSRFToken": self.csrf()}
        request = urllib.request.Request(  # noqa: S310
            base + "/api/v1" + path, data=data, headers=headers, method=method
        )
        if data is not None:
            request.add_header("Referer", base + "/")
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


@dataclass
class Processes:
    first: str  # base URLs
    second: str


def _redis_url() -> str:
    """A Redis database of its own on the machine's server (one nobody uses), so that this
    test neither reads nor empties anyone else's cache or job queue."""
    import redis

    server = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379"
    base = server.rsplit("/", 1)[0] if server.count("/") > 2 else server
    try:
        for number in range(15, 0, -1):
            url = f"{base}/{number}"
            client = redis.Redis.from_url(url)
            # Claimed with a key, so that a test run starting at the same time skips it.
            if client.dbsize() == 0 and client.set("claimed-by-a-test", 1, nx=True):
                return url
    except redis.ConnectionError:
        pytest.fail(f"no Redis at {base}: start it (.ci/run does) or set REDIS_URL")
    pytest.fail(f"every database of the Redis server at {base} is in use")


def _redis_empty(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def _start(env: dict[str, str], *args: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "peacetrack.cli", "serve", "--no-demo", "--port", str(port), *args],
        stdout=subprocess.DEVNULL,
        env=env,
    )
    return process, f"http://127.0.0.1:{port}"


def _wait_until_answering(process: subprocess.Popen[bytes], base: str) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server for {base} stopped (exit code {process.returncode})")
        try:
            with opener.open(base + "/accounts/login/", timeout=10) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    raise AssertionError(f"{base} did not answer")


@pytest.fixture(scope="module", params=["laptop", "team server"])
def processes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Processes]:
    folder = tmp_path_factory.mktemp("scaleout")
    languages = {"PEACETRACK_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
    env = {k: v for k, v in os.environ.items() if k not in languages}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env |= {"LANG": "C.UTF-8", "SECRET_KEY": "one key for every process " * 3}
    cleanups: list[Callable[[], None]] = []
    if request.param == "laptop":
        # One data folder: the SQLite file, the database cache in it, the job file beside it.
        for name in ("DATABASE_URL", "REDIS_URL"):
            env.pop(name, None)
        envs = [env | {"PEACETRACK_DATA_DIR": str(folder / "data")}] * 2
    else:
        postgres = postgres_database("peacetrack_scaleout")
        if postgres is None:
            pytest.skip("the team server needs PostgreSQL: runs when the suite runs on it")
        redis_url = _redis_url()
        env |= {"DATABASE_URL": postgres[0], "REDIS_URL": redis_url}
        cleanups += [postgres[1], lambda: _redis_empty(redis_url)]
        # Two machines: nothing shared but the database, Redis and the secret key.
        envs = [env | {"PEACETRACK_DATA_DIR": str(folder / name)} for name in ("a", "b")]
    started: list[subprocess.Popen[bytes]] = []
    try:
        # Accounts first (this applies the migrations, so the servers start on a ready
        # database); the first is a case organiser.
        for email in ("lead@example.org", "colleague@example.org", "paused@example.org"):
            subprocess.run(
                [sys.executable, "-m", "peacetrack.cli", "createuser", email, "--password-stdin"],
                input=PASSWORD + "\n",
                text=True,
                env=envs[0],
                check=True,
                capture_output=True,
                timeout=180,
            )
        first, first_url = _start(envs[0], "--workers", "2", "--threads", "2")
        started.append(first)
        second, second_url = _start(envs[1])
        started.append(second)
        _wait_until_answering(first, first_url)
        _wait_until_answering(second, second_url)
        yield Processes(first_url, second_url)
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=60)
        for cleanup in cleanups:
            cleanup()


def test_a_session_made_on_one_process_works_on_the_other(processes):
    visitor = Visitor()
    assert "Sign out" in visitor.sign_in(processes.first, "colleague@example.org")
    status, url, text = visitor.open(processes.second + "/cases/")
    assert status == 200
    assert "/accounts/login/" not in url
    assert "Sign out" in text
    # Signing out on the second ends the session on the first too.
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": visitor.csrf()}).encode()
    visitor.open(
        processes.second + "/accounts/logout/",
        body,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    _status, url, _text = visitor.open(processes.first + "/cases/")
    assert "/accounts/login/" in url


def test_failed_sign_ins_on_both_processes_count_towards_one_pause(processes):
    visitor = Visitor()
    # All but one of the allowed failures on the first process, the last on the second: each
    # process alone has seen fewer than the limit.
    for _ in range(FAILURES_BEFORE_PAUSE - 1):
        text = visitor.sign_in(processes.first, "paused@example.org", "a wrong passphrase")
        assert "Too many failed" not in text
    text = visitor.sign_in(processes.second, "paused@example.org", "a wrong passphrase")
    assert "Too many failed" not in text
    for base in (processes.second, processes.first):
        text = visitor.sign_in(base, "paused@example.org")  # the right password, too late
        assert "Too many failed login attempts" in text
        assert "Sign out" not in text


def test_a_write_on_one_process_is_read_on_the_other(processes):
    visitor = Visitor()
    visitor.sign_in(processes.first, "lead@example.org")
    status, case = visitor.api(
        processes.first, "POST", "/cases", {"title": "Lowland water talks", "conflict": "Water"}
    )
    assert status == 201, case
    status, read = visitor.api(processes.second, "GET", f"/cases/{case['id']}")
    assert status == 200
    assert read["title"] == "Lowland water talks"


def test_a_cached_actor_map_is_renewed_on_both_processes_after_a_write_on_either(processes):
    visitor = Visitor()
    visitor.sign_in(processes.first, "lead@example.org")
    _status, case = visitor.api(
        processes.first, "POST", "/cases", {"title": "Delta grazing", "conflict": "Grazing"}
    )
    actors = f"/cases/{case['id']}/analysis/actors"
    actor_map = f"/cases/{case['id']}/actor-map"

    def add_actor(base: str, name: str) -> str:
        status, actor = visitor.api(base, "POST", actors, {"name": name, "kind": "other"})
        assert status == 201, actor
        return str(actor["id"])

    def wait_for_map_naming(base: str, actor_id: str) -> None:
        # The analysis may be recomputed in the background: the map answers its last result
        # meanwhile. Whatever the payload's shape, the renewed map names the new actor.
        deadline = time.monotonic() + RECOMPUTE_SECONDS
        while True:
            status, data = visitor.api(base, "GET", actor_map)
            assert status == 200, data
            if actor_id in json.dumps(data):
                return
            assert time.monotonic() < deadline, f"{base} still maps the network before {actor_id}"
            time.sleep(1)

    first_actor = add_actor(processes.first, "Herders' council")
    for base in (processes.first, processes.second):  # both have it cached now
        wait_for_map_naming(base, first_actor)
    for writer, other in (
        (processes.first, processes.second),
        (processes.second, processes.first),
    ):
        added = add_actor(writer, f"Well owners {writer[-5:]}")
        wait_for_map_naming(other, added)
        wait_for_map_naming(writer, added)


def test_the_laptop_needs_no_service_besides_its_data_folder(tmp_path: Path):
    # A fresh data folder, no DATABASE_URL, no REDIS_URL: the cache is a table the first
    # command creates in the SQLite file, and what one process caches another reads.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["PEACETRACK_DATA_DIR"] = str(tmp_path / "data")
    subprocess.run(
        [sys.executable, "-m", "peacetrack.cli", "case", "list"],
        env=env,
        check=True,
        capture_output=True,
        timeout=180,
    )
    code = (
        "import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings';"
        "django.setup(); from django.core.cache import cache;"
        "print(cache.get('greeting')) if sys.argv[1] == 'get' else cache.set('greeting', 'hi')"
    )
    for action in ("set", "get"):
        result = subprocess.run(
            [sys.executable, "-c", code, action],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.stdout.strip() == "hi"


@pytest.mark.skipif(sys.platform != "linux", reason="reads the process tree from /proc")
def test_serve_runs_a_job_worker_beside_the_web_server_and_stops_it_when_stopped(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["PEACETRACK_DATA_DIR"] = str(tmp_path / "data")
    server, base = _start(env)
    try:
        _wait_until_answering(server, base)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        workers = [
            pid
            for pid in children
            if Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[-2:] == [b"worker", b""]
        ]
        assert len(workers) == 1
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert not Path(f"/proc/{workers[0]}").exists()


@pytest.mark.parametrize(
    ("redis_url", "cache", "sessions"),
    [
        ("", "db.DatabaseCache", "sessions.backends.db"),
        ("redis://127.0.0.1:6379/0", "redis.RedisCache", "sessions.backends.cached_db"),
    ],
)
def test_redis_url_moves_the_cache_and_the_sessions_to_redis(redis_url, cache, sessions):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["REDIS_URL"] = redis_url
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings';"
        "django.setup(); from django.conf import settings;"
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    backend, engine = result.stdout.split()
    assert backend.endswith(cache)
    assert engine.endswith(sessions)
