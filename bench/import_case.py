"""Benchmark for the case-file import: a case with 2,000 actors, 10,000 ties, 50,000 notes.

Builds the file from the demo case, then prints the time to read and check it and the time to
write it. Uses a throw-away SQLite database unless DATABASE_URL is set. Asserts nothing.

    .venv/bin/python bench/import_case.py --actors 2000 --ties 10000 --notes 50000
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import time
from typing import Any

from common import setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--ties", type=int, default=10000)
    parser.add_argument("--notes", type=int, default=50000)
    args = parser.parse_args()

    setup_django()
    from django.db import connection

    from peacetrack.casefile.importer import case_import
    from peacetrack.casefile.reading import read
    from peacetrack.conftest import make_organiser
    from peacetrack.demo import DEMO_FILE

    rng = random.Random(7)
    data = json.loads(DEMO_FILE.read_text())
    analysis = data["analysis"]
    actors = [
        {"ref": f"A{i}", "name": f"Actor {i}", "kind": "faction", "visibility": "team"}
        for i in range(1, args.actors + 1)
    ]
    ties = []
    for _ in range(args.ties):
        source, target = rng.sample(range(1, args.actors + 1), 2)
        ties.append({"source": f"A{source}", "target": f"A{target}", "kind": "alliance"})
    analysis.update(actors=actors, ties=ties, beneficiaries=[], resources=[], leverage=[])
    notes = data["notes"]
    data["notes"] = [
        {**notes[i % len(notes)], "body": notes[i % len(notes)]["body"][:400]}
        for i in range(args.notes)
    ]
    raw = json.dumps(data).encode()
    print(f"file: {len(raw) / 2**20:.1f} MB")

    started = time.perf_counter()
    read(raw)
    print(f"read and check the JSON: {time.perf_counter() - started:.2f} s")
    importer = make_organiser("bench@example.org")
    phases: dict[str, tuple[float, float]] = {}

    def progress(percent: int, message: str) -> None:
        phases.setdefault(message, (time.perf_counter(), time.process_time()))

    started = time.perf_counter()
    cpu = time.process_time()
    statements = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        case = case_import(raw, actor=importer, progress=progress)
    finished = (time.perf_counter(), time.process_time())
    marks = [*phases.items(), ("", finished)]
    for (message, begin), (_next, end) in itertools.pairwise(marks):
        if message != "The case is imported":
            print(
                f"  {message.lower()}: {end[0] - begin[0]:.2f} s "
                f"(this process's CPU: {end[1] - begin[1]:.2f} s)"
            )
    print(
        f"whole import (read, check, write): {finished[0] - started:.2f} s "
        f"(this process's CPU: {finished[1] - cpu:.2f} s) → {case}"
    )
    print(f"SQL statements: {statements}")


if __name__ == "__main__":
    main()
