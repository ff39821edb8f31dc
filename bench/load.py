"""Load test: simulated users on a multi-process server, every page kind, API reads and writes.

Builds a throw-away case (actors, ties, notes; a fresh SQLite file, or a fresh PostgreSQL
database with --postgres), starts the app as a team server would run it — gunicorn with several
worker processes and threads, plus the job queue's consumer — and, after an unmeasured round
of every read for each worker to load its code, lets simulated users work on it over
loopback: each signs in, then picks a page, an API read or an API write at random, waits a
moment as a person reading would (--think), and again. At the end it prints, per kind
of request, how many ran and their median and 95th-percentile times, the errors (any answer of
400 or more, any timeout), and checks in the database that every write the server acknowledged
is there with the value written last (lost writes), and what the server logged that went
wrong (a worker killed for taking too long, a traceback). Exit status 3 when the run found
errors or lost writes (1 when the script itself failed); times are a report, not a failure.

    .venv/bin/python bench/load.py                          # 30 users, 2 minutes, SQLite
    .venv/bin/python bench/load.py --postgres postgres://postgres@127.0.0.1:5432
    .venv/bin/python bench/load.py --ramp 10,20,40,60,80    # where does it break?
    .venv/bin/python bench/load.py --users 3 --duration 5 --actors 10 --ties 20 --notes 50

Targets on a 2-core machine: p95 of reads under 300 ms, of writes under 1 s, no errors, no
lost writes. The load generator runs on the same cores as the server: its figures include that.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
READ_TARGET_MS = 300
WRITE_TARGET_MS = 1000
LOAD_DATABASE = "peacetrack_load"
FOUND_ERRORS = 3  # the exit status of a run that finished and found errors or lost writes
TROUBLE = ("WORKER TIMEOUT", "Traceback", "[ERROR]", "[CRITICAL]", "Worker was sent")


@dataclass
class Kind:
    """One kind of request: what a user does, how often (weight), a read or a write."""

    name: str
    weight: int
    write: bool = False


PAGES = [
    Kind("case list", 4),
    Kind("dashboard", 8),
    Kind("step page", 3),
    Kind("task page", 6),
    Kind("search", 2),
    Kind("assessment overview", 3),
    Kind("actor list", 3),
    Kind("tie list", 2),
    Kind("actor page", 4),
    Kind("actor map page", 3),
    Kind("positions matrix", 2),
    Kind("audit trail", 2),
    Kind("events list", 1),
    Kind("members", 1),
    Kind("parties", 1),
    Kind("account", 1),
    Kind("methodology", 1),
    Kind("static file", 3),
]
API_READS = [
    Kind("API cases", 2),
    Kind("API actors", 2),
    Kind("API ties", 1),
    Kind("API notes", 2),
    Kind("API actor-map", 3),
    Kind("API actor", 2),
]
API_WRITES = [
    Kind("API add note", 5, write=True),
    Kind("API add actor", 2, write=True),
    Kind("API add tie", 2, write=True),
    Kind("API edit actor", 3, write=True),
]
KINDS = PAGES + API_READS + API_WRITES
LEAD_ONLY = {"audit trail"}


@dataclass
class World:
    """What the simulated users work on: ids made when the case was built."""

    base: str
    case: str
    actors: list[str]
    static_url: str
    users: list[tuple[str, str]]  # (session cookie, API token); the first is the lead's
    own_actors: list[str]  # one per user, edited only by that user


@dataclass
class Results:
    timings: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    created: dict[str, list[str]] = field(default_factory=dict)  # model → acknowledged ids
    names: dict[str, str] = field(default_factory=dict)  # actor id → last acknowledged name
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.timings.setdefault(kind, []).append(seconds * 1000)
            if error:
                self.errors.setdefault(kind, []).append(error)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the case and the users, built in this process through the app's own code ------------------


def build(args: argparse.Namespace, users: int) -> tuple[Any, list[str], list[tuple[str, str]]]:
    """A case with actors, ties and notes, and `users` members signed in (session and token)."""
    from django.test import Client
    from django.utils import timezone

    from peacetrack.accounts.services import user_create
    from peacetrack.accounts.tokens import token_create
    from peacetrack.analysis.registry import BY_SLUG
    from peacetrack.analysis.services import record_create
    from peacetrack.cases import services
    from peacetrack.cases.models import Membership, Role, TaskNote
    from peacetrack.methodology.loader import get_methodology

    lead = user_create(email="lead@example.org", password=None, organiser=True)
    for i in range(args.cases - 1):  # other cases the lead is in: the case list has rows
        services.case_create(creator=lead, title=f"Other case {i:03}", conflict="Load")
    case = services.case_create(creator=lead, title="Load case", conflict="Load test")
    gov = services.party_create(actor=lead, case=case, short_name="GOV", name="Government")
    rng = random.Random(12)
    actors = [
        record_create(
            actor=lead,
            case=case,
            rtype=BY_SLUG["actors"],
            values={"name": f"Actor {i}", "kind": "conflict_party", "visibility": "team"},
        )
        for i in range(max(args.actors, users))  # at least one of their own for each user
    ]
    for i in range(args.ties):
        source, target = rng.sample(actors, 2)
        record_create(
            actor=lead,
            case=case,
            rtype=BY_SLUG["ties"],
            values={
                "source": source,
                "target": target,
                "kind": rng.choice(["hostility", "alliance", "channel", "influence"]),
                "visibility": "team" if i % 4 else "party:GOV",
            },
        )
    keys = list(get_methodology().tasks)
    TaskNote.objects.bulk_create(
        TaskNote(
            case=case,
            task_key="1.1.1" if i % 4 == 0 else keys[i % len(keys)],
            author=lead,
            body=f"Note {i}",
            visibility="party" if i % 3 == 0 else "team",
            visibility_party=gov if i % 3 == 0 else None,
            created_at=timezone.now(),
        )
        for i in range(args.notes)
    )
    signed_in = []
    for i in range(users):
        # The first simulated user is the case's lead (the audit trail is theirs alone); the
        # others are team members.
        user = lead if i == 0 else user_create(email=f"user{i:03}@example.org", password=None)
        if i:
            Membership.objects.create(case=case, user=user, role=Role.MEMBER)
        client = Client()
        client.force_login(user)  # a session in the session store, as signing in makes
        _token, raw = token_create(user=user, name="load test")
        signed_in.append((client.cookies["sessionid"].value, raw))
    return case, [a.public_id for a in actors], signed_in


def check_writes(results: Results) -> tuple[int, list[str]]:
    """How many acknowledged writes there were, and those missing or overwritten."""
    from peacetrack.analysis.registry import BY_SLUG
    from peacetrack.cases.models import TaskNote

    models = {"note": TaskNote, "actor": BY_SLUG["actors"].model, "tie": BY_SLUG["ties"].model}
    lost = []
    total = sum(len(ids) for ids in results.created.values()) + len(results.names)
    for kind, ids in results.created.items():
        found = set(
            models[kind].objects.filter(public_id__in=ids).values_list("public_id", flat=True)
        )
        lost += [f"{kind} {public_id}" for public_id in ids if public_id not in found]
    stored = dict(
        models["actor"]
        .objects.filter(public_id__in=list(results.names))
        .values_list("public_id", "name")
    )
    lost += [
        f"actor {public_id} renamed {name!r}, stored {stored.get(public_id)!r}"
        for public_id, name in results.names.items()
        if stored.get(public_id) != name
    ]
    return total, lost


# --- the server ---------------------------------------------------------------------------------


def start_server(env: dict[str, str], port: int, args: argparse.Namespace) -> list[Any]:
    """gunicorn (processes × threads) and the job queue's consumer, logging to the data folder."""
    folder = Path(env["PEACETRACK_DATA_DIR"])
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--timeout",
            "60",
            # Longer than a user's pause: a kept-alive connection the server closes just as the
            # client reuses it is reset, which browsers retry unseen but this client counts.
            "--keep-alive",
            "10",
            "--no-control-socket",  # several servers may run on one machine
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return [server, consumer]


def wait_until_up(url: str) -> None:
    import requests

    session = requests.Session()
    session.trust_env = False
    for _ in range(300):
        try:
            if session.get(url, timeout=30).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still loading the app
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")


def server_troubles(log: Path) -> None:
    """The server's own account of what went wrong: workers killed, errors logged."""
    with log.open(errors="replace") as lines:
        troubles = [line.rstrip() for line in lines if any(t in line for t in TROUBLE)]
    print(f"server log: {len(troubles)} lines of trouble")
    for line in troubles[:5]:
        print(f"  {line[:160]}")


def stop(processes: list[Any]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


# --- the simulated users --------------------------------------------------------------------


class User(threading.Thread):
    def __init__(
        self, number: int, world: World, results: Results, until: float, think: float
    ) -> None:
        super().__init__(daemon=True)
        import requests

        self.number, self.world, self.results = number, world, results
        self.until, self.think = until, think
        self.rng = random.Random(number)
        cookie, token = world.users[number]
        self.http = requests.Session()
        self.http.trust_env = False  # loopback: never through a proxy from the environment
        self.http.cookies.set("sessionid", cookie)
        self.api_headers = {"Authorization": f"Bearer {token}"}
        self.own_actor = world.own_actors[number]
        self.etag = ""

    def run(self) -> None:
        kinds = KINDS if self.number == 0 else [k for k in KINDS if k.name not in LEAD_ONLY]
        weights = [kind.weight for kind in kinds]
        while time.monotonic() < self.until:
            kind = self.rng.choices(kinds, weights)[0]
            begin = time.perf_counter()
            try:
                error = self.do(kind.name)
            except Exception as exc:  # a timeout or a refused connection: an error like a 500
                error = f"{type(exc).__name__}: {exc}"
            self.results.record(kind.name, time.perf_counter() - begin, error)
            time.sleep(self.rng.uniform(0.5, 1.5) * self.think)

    def page(self, path: str) -> str | None:
        response = self.http.get(self.world.base + path, timeout=30)
        return None if response.status_code == 200 else f"{response.status_code} {path}"

    def api(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        return self.http.request(
            method,
            f"{self.world.base}/api/v1/cases/{self.world.case}{path}",
            json=body,
            headers={**self.api_headers, **headers},
            timeout=30,
        )

    def do(self, kind: str) -> str | None:
        case, rng = f"/cases/{self.world.case}", self.rng
        actor = rng.choice(self.world.actors)
        pages = {
            "case list": "/cases/",
            "dashboard": f"{case}/",
            "step page": f"{case}/steps/1/",
            "task page": f"{case}/tasks/1.1.1/",
            "search": f"{case}/search/?q=Note+{rng.randrange(100)}",
            "assessment overview": f"{case}/analysis/",
            "actor list": f"{case}/analysis/actors/",
            "tie list": f"{case}/analysis/ties/",
            "actor page": f"{case}/analysis/actors/{actor}/",
            "actor map page": f"{case}/analysis/map/",
            "positions matrix": f"{case}/analysis/positions/matrix/",
            "audit trail": f"{case}/audit/",
            "events list": f"{case}/analysis/events/",
            "members": f"{case}/members/",
            "parties": f"{case}/parties/",
            "account": "/account/tokens/",
            "methodology": "/methodology/",
            "static file": self.world.static_url,
        }
        if kind in pages:
            return self.page(pages[kind])
        if kind == "API cases":
            response = self.http.get(
                f"{self.world.base}/api/v1/cases", headers=self.api_headers, timeout=30
            )
            return self.status(response, 200)
        reads = {
            "API actors": "/analysis/actors",
            "API ties": "/analysis/ties",
            "API notes": "/notes?task=1.1.1",
            "API actor-map": "/actor-map",
            "API actor": f"/analysis/actors/{actor}",
        }
        if kind in reads:
            return self.status(self.api("GET", reads[kind]), 200)
        if kind == "API add note":
            body = {"task": "1.1.1", "body": f"Load note by {self.number}", "visibility": "team"}
            return self.created("note", self.api("POST", "/notes", body))
        if kind == "API add actor":
            body = {"name": f"New actor {self.number}", "kind": "other", "visibility": "team"}
            return self.created("actor", self.api("POST", "/analysis/actors", body))
        if kind == "API add tie":
            source, target = rng.sample(self.world.actors, 2)
            body = {
                "source_id": source,
                "target_id": target,
                "kind": "channel",
                "visibility": "team",
            }
            return self.created("tie", self.api("POST", "/analysis/ties", body))
        return self.rename()

    def rename(self) -> str | None:
        """Rename the user's own actor: read it for its ETag the first time, then write with
        the ETag the last write answered (only this user edits it: no conflict expected)."""
        path = f"/analysis/actors/{self.own_actor}"
        if not self.etag:
            read = self.api("GET", path)
            if read.status_code != 200:
                return f"{read.status_code} GET {path}"
            self.etag = read.headers["ETag"]
        name = f"Renamed {self.number}-{time.monotonic_ns()}"
        response = self.api("PATCH", path, {"name": name}, **{"If-Match": self.etag})
        error = self.status(response, 200)
        if error is None:
            self.etag = response.headers["ETag"]
            with self.results.lock:
                self.results.names[self.own_actor] = name
        return error

    def created(self, model: str, response: Any) -> str | None:
        error = self.status(response, 201)
        if error is None:
            with self.results.lock:
                self.results.created.setdefault(model, []).append(response.json()["id"])
        return error

    @staticmethod
    def status(response: Any, expected: int) -> str | None:
        if response.status_code == expected:
            return None
        return f"{response.status_code} {response.request.method} {response.request.path_url}"


def run_phase(world: World, users: int, duration: float, think: float) -> Results:
    results = Results()
    until = time.monotonic() + duration
    crowd = [User(i, world, results, until, think) for i in range(users)]
    for user in crowd:
        user.start()
        time.sleep(min(0.05, think / max(users, 1)))  # not all at the same instant
    for user in crowd:
        user.join()
    return results


def warm_up(world: World, args: argparse.Namespace) -> None:
    """Every read once per worker process, unmeasured: a worker's first requests load code
    and templates, a cost a server pays once, not at every request."""
    lead = User(0, world, Results(), until=0, think=0)
    for _ in range(args.workers):
        for kind in KINDS:
            if not kind.write:
                lead.do(kind.name)


# --- the report -------------------------------------------------------------------------------


def percentile(values: list[float], share: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


def summary(results: Results, kinds: list[Kind]) -> tuple[float, float, int]:
    """p95 of every read together, of every write together, and the number of errors."""
    reads = [t for k in kinds if not k.write for t in results.timings.get(k.name, [])]
    writes = [t for k in kinds if k.write for t in results.timings.get(k.name, [])]
    errors = sum(len(e) for e in results.errors.values())
    return (
        percentile(reads, 95) if reads else 0.0,
        percentile(writes, 95) if writes else 0.0,
        errors,
    )


def report(results: Results, duration: float) -> None:
    print(f"{'request':<22} {'kind':<6} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for kind in KINDS:
        timings = results.timings.get(kind.name, [])
        if not timings:
            continue
        print(
            f"{kind.name:<22} {'write' if kind.write else 'read':<6} {len(timings):>6} "
            f"{statistics.median(timings):>8.0f} {percentile(timings, 95):>8.0f} "
            f"{len(results.errors.get(kind.name, [])):>7}"
        )
    count = sum(len(t) for t in results.timings.values())
    read_p95, write_p95, errors = summary(results, KINDS)
    print(
        f"{count} requests in {duration:.0f} s ({count / duration:.1f} a second); "
        f"p95 of reads {read_p95:.0f} ms (target {READ_TARGET_MS}), "
        f"of writes {write_p95:.0f} ms (target {WRITE_TARGET_MS})"
    )
    print(f"errors: {errors}")
    for kind, messages in results.errors.items():
        for message in sorted(set(messages))[:3]:
            print(f"  {kind}: {message}")


def meets_targets(results: Results) -> bool:
    read_p95, write_p95, errors = summary(results, KINDS)
    return read_p95 < READ_TARGET_MS and write_p95 < WRITE_TARGET_MS and errors == 0


def load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


# --- one database: build, serve, load, check --------------------------------------------------


def run_on_one_database(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT / "bench"))
    from common import setup_django

    levels = [int(n) for n in args.ramp.split(",")] if args.ramp else [args.users]
    setup_django()
    from django.db import connection
    from django.templatetags.static import static

    started = time.perf_counter()
    case, actors, users = build(args, max(levels))
    print(
        f"built a case of {args.actors} actors, {args.ties} ties and {args.notes} notes, "
        f"{args.cases} cases and {max(levels)} users in {time.perf_counter() - started:.1f} s "
        f"on {connection.vendor}"
    )
    connection.close()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings"}
    processes = start_server(env, port, args)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/accounts/login/")
        world = World(
            base=base,
            case=case.public_id,
            actors=actors,
            static_url=static("peacetrack/app.css"),
            users=users,
            own_actors=actors[: max(levels)],
        )
        print(
            f"server: gunicorn, {args.workers} processes × {args.threads} threads, and the job "
            f"queue's consumer; {max(levels)} simulated users pausing "
            f"{args.think * 0.5:.1f}–{args.think * 1.5:.1f} s between requests"
        )
        warm_up(world, args)
        print(f"load average before: {load_average()}")
        if args.ramp:
            return ramp(world, levels, args)
        results = run_phase(world, args.users, args.duration, args.think)
        print(f"load average after: {load_average()}")
        report(results, args.duration)
    finally:
        stop(processes)
        server_troubles(Path(env["PEACETRACK_DATA_DIR"]) / "server.log")
    total, lost = check_writes(results)
    print(f"acknowledged writes: {total}; lost writes: {len(lost)}")
    for item in lost[:10]:
        print(f"  lost: {item}")
    return FOUND_ERRORS if lost or sum(len(e) for e in results.errors.values()) else 0


def ramp(world: World, levels: list[int], args: argparse.Namespace) -> int:
    """Step up the number of users; report each step and the first that misses a target."""
    print(
        f"{'users':>5} {'requests/s':>10} {'p95 read ms':>11} {'p95 write ms':>12} "
        f"{'errors':>6} {'load':>5}"
    )
    broke = None
    lost_total: list[str] = []
    for users in levels:
        results = run_phase(world, users, args.duration, args.think)
        count = sum(len(t) for t in results.timings.values())
        read_p95, write_p95, errors = summary(results, KINDS)
        _total, lost = check_writes(results)
        lost_total += lost
        print(
            f"{users:>5} {count / args.duration:>10.1f} {read_p95:>11.0f} {write_p95:>12.0f} "
            f"{errors:>6} {os.getloadavg()[0]:>5.1f}"
        )
        if broke is None and not meets_targets(results):
            broke = users
    if broke is None:
        print(f"every step met the targets, up to {levels[-1]} users")
    else:
        print(f"first step to miss a target: {broke} users")
    print(f"lost writes: {len(lost_total)}")
    return FOUND_ERRORS if lost_total else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--duration", type=float, default=120, help="seconds (per ramp step)")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause, seconds")
    parser.add_argument("--ramp", default="", help="user counts, e.g. 10,20,40,60")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--actors", type=int, default=300)
    parser.add_argument("--ties", type=int, default=1000)
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument(
        "--postgres",
        default="",
        help="a PostgreSQL server URL: run there too, in a fresh database " + LOAD_DATABASE,
    )
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    parser.add_argument("--one", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return run_on_one_database(args)
    # Each database in a process of its own: a fresh Django, data folder and database.
    status = 0
    for vendor in ["sqlite", "postgresql"] if args.postgres else ["sqlite"]:
        env = {**os.environ}
        env["PEACETRACK_DATA_DIR"] = tempfile.mkdtemp(prefix="peacetrack-load-")
        env.pop("DATABASE_URL", None)
        if vendor == "postgresql":
            env["DATABASE_URL"] = fresh_postgres_database(args.postgres)
        print(f"== {vendor} ==", flush=True)
        command = [sys.executable, __file__, *sys.argv[1:], "--one", vendor]
        status |= subprocess.run(command, env=env, check=False).returncode
        if vendor == "postgresql" and not args.keep:
            drop_postgres_database(args.postgres)
        if args.keep:
            print(f"(data folder kept: {env['PEACETRACK_DATA_DIR']})")
        else:
            shutil.rmtree(env["PEACETRACK_DATA_DIR"], ignore_errors=True)
    return status


def fresh_postgres_database(server: str) -> str:
    drop_postgres_database(server)
    with _postgres(server) as admin:
        admin.execute(f"CREATE DATABASE {LOAD_DATABASE}")
    return f"{server.rstrip('/')}/{LOAD_DATABASE}"


def drop_postgres_database(server: str) -> None:
    with _postgres(server) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {LOAD_DATABASE} WITH (FORCE)")


def _postgres(server: str) -> Any:
    import psycopg

    return psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True)


if __name__ == "__main__":
    sys.exit(main())
