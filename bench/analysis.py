"""Benchmark for step 1: a case with 2,000 actors and 10,000 ties.

Prints the time of the network analysis (cold: computed, as the map stands now and as of a
past date; warm: from the cache; and the computation alone, without the database), of the
actor-map data endpoint, and the time and SQL query count of each step-1 page. Uses a
throw-away SQLite database unless DATABASE_URL is set. Asserts nothing: tests count queries,
this measures time. The target: the network analysis cold under 1 s on a 2-core machine (the
CPU time is printed beside the wall-clock time: on a busy machine the latter says more about
the neighbours than about the code).

    make bench   # runs bench/run.py and this script
    .venv/bin/python bench/analysis.py --actors 2000 --ties 10000
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from common import setup_django, time_pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--ties", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    setup_django()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from peacetrack.accounts.services import user_create
    from peacetrack.analysis.models import Actor, ActorKind, Tie, TieKind
    from peacetrack.analysis.network import TieRow, analyse
    from peacetrack.analysis.selectors import actor_network
    from peacetrack.cases import services
    from peacetrack.cases.access import case_get_for_user

    rng = random.Random(7)
    user = user_create(email="bench@example.org", password=None, organiser=True)
    case = services.case_create(creator=user, title="Bench", conflict="Bench")
    parties = [
        services.party_create(actor=user, case=case, short_name=f"P{i}", name=f"Party {i}")
        for i in range(4)
    ]
    started = time.perf_counter()
    kinds = list(ActorKind.values)
    actors = [
        Actor(
            case=case,
            name=f"Actor {i:05}",
            kind=kinds[i % len(kinds)],
            party=parties[i % 5] if i % 5 < 4 else None,
            potential_spoiler=i % 97 == 0,
        )
        for i in range(args.actors)
    ]
    for actor in actors:
        actor.task_key = actor.assigned_task()  # what the services store (cases/records.py)
    Actor.objects.bulk_create(actors)
    ids = list(Actor.objects.filter(case=case).values_list("pk", flat=True))
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < args.ties:
        # Preferential-ish attachment: a few hubs, many leaves, like real actor maps.
        a = ids[int(rng.paretovariate(1.2)) % len(ids)]
        b = rng.choice(ids)
        if a != b:
            pairs.add((a, b))
    tie_kinds = list(TieKind.values)
    confidences = ["low", "medium", "high", ""]
    Tie.objects.bulk_create(
        Tie(
            case=case,
            source_id=a,
            target_id=b,
            kind=tie_kinds[n % len(tie_kinds)],
            strength=1 + n % 3,
            confidence=confidences[n % 4],
            started=f"{2000 + n % 25}" if n % 3 else "",
            task_key=Tie().assigned_task(),
        )
        for n, (a, b) in enumerate(pairs)
    )
    print(
        f"built {args.actors} actors and {args.ties} ties in "
        f"{time.perf_counter() - started:.1f} s on {connection.vendor}"
    )

    access = case_get_for_user(user, case.public_id)
    past = datetime.date(2012, 6, 30)
    runs = [("cold (computed)", True, None), ("warm (cached)", False, None)]
    runs.append((f"cold, as of {past.isoformat()}", True, past))
    print(f"load average: {os.getloadavg()[0]:.1f} (the times are wall-clock, then CPU)")
    for label, clear, as_of in runs:
        network, times = _timed(
            lambda as_of=as_of: actor_network(access, as_of=as_of),
            repeat=args.repeat,
            before=cache.clear if clear else None,
        )
        print(
            f"network analysis, {label}: {times} ({len(network.ties)} ties; betweenness "
            f"{'estimated' if network.estimated else 'exact'}, {len(network.camps)} camps, "
            f"{len(network.frustrated)} ties across them, {len(network.bridges)} actors with "
            f"positive ties to several sides)"
        )
    actors_loaded = list(Actor.objects.filter(case=case).select_related("party"))
    rows = [TieRow(*row) for row in Tie.objects.filter(case=case).values_list(*TieRow.FIELDS)]
    _, times = _timed(lambda: analyse(actors_loaded, rows), repeat=args.repeat)
    print(f"the computation alone ({len(actors_loaded)} actors, {len(rows)} ties): {times}")
    cache.clear()

    client = Client()
    client.force_login(user)
    first_actor = Actor.objects.get(pk=ids[0]).public_id
    pages = {
        "actor-map data (API)": f"/api/v1/cases/{case.public_id}/actor-map",
        "actor map page": reverse("analysis:map", args=[case.public_id]),
        "assessment overview": reverse("analysis:overview", args=[case.public_id]),
        "actor list": reverse("analysis:list", args=[case.public_id, "actors"]),
        "tie list": reverse("analysis:list", args=[case.public_id, "ties"]),
        "positions matrix": reverse("analysis:matrix", args=[case.public_id]),
        "actor page": reverse("analysis:detail", args=[case.public_id, "actors", first_actor]),
        "task 1.2.1 page": reverse("cases:task", args=[case.public_id, "1.2.1"]),
    }
    print("pages (the first request of the map data computes the analysis, later ones reuse it):")
    time_pages(client, pages, repeat=args.repeat)


def _timed(
    work: Callable[[], Any], *, repeat: int, before: Callable[[], Any] | None = None
) -> tuple[Any, str]:
    """The last result of `work` run `repeat` times, and its median and maximum times."""
    timings, cpu = [], []
    result = None
    for _ in range(repeat):
        if before is not None:
            before()
        begin, begin_cpu = time.perf_counter(), time.process_time()
        result = work()
        timings.append(time.perf_counter() - begin)
        cpu.append(time.process_time() - begin_cpu)
    return result, (
        f"median {statistics.median(timings) * 1000:.0f} ms "
        f"(CPU {statistics.median(cpu) * 1000:.0f} ms), max {max(timings) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
