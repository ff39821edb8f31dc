"""Benchmark for step 1: a case with 2,000 actors and 10,000 ties.

Prints the time of the network analysis (cold: computed, as the map stands now and as of a
past date; warm: from the cache; and the computation alone, without the database), the size of
the actor-map data, the cached map (its data and its page) as a ratio to a trivial view (signed
in, the same middleware) measured in the same run, the same just after a change (the last
result served while the job queue recomputes it), the recompute itself, and the time and SQL
query count of each step-1 page. Uses a throw-away SQLite database unless DATABASE_URL is set.
Asserts nothing: tests count queries, this measures time. The targets: the analysis cold under
1 s on a 2-core machine (the CPU time is printed beside the wall-clock time: on a busy machine
the latter says more about the neighbours than about the code), the map data under 300 KB, a
cached map at most 2x the trivial view.

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

from common import setup_django, time_get, time_pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--ties", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    setup_django()
    from django.contrib.auth.decorators import login_required
    from django.core.cache import cache
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import clear_url_caches, path, reverse
    from huey.contrib.djhuey import HUEY

    from config import urls as config_urls
    from peacetrack.accounts.services import user_create
    from peacetrack.analysis.models import Actor, ActorKind, Tie, TieKind
    from peacetrack.analysis.network import TieRow, analyse
    from peacetrack.analysis.registry import record_type
    from peacetrack.analysis.selectors import actor_network
    from peacetrack.analysis.services import record_update
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
    map_api = f"/api/v1/cases/{case.public_id}/actor-map"
    map_page = reverse("analysis:map", args=[case.public_id])
    begin = time.perf_counter()
    size = len(client.get(map_api).content)
    print(
        f"actor-map data: {size / 1000:.0f} KB before compression (target 300 KB; "
        f"first request, computed: {(time.perf_counter() - begin) * 1000:.0f} ms)"
    )
    client.get(map_page)  # (renders the page's parts once)

    # A cached map against a trivial view (signed in, the same middleware), in the same run.
    config_urls.urlpatterns.append(
        path("bench-trivial/", login_required(lambda r: HttpResponse("ok")))
    )
    clear_url_caches()
    fast = {
        "trivial view": "/bench-trivial/",
        "map data, cached": map_api,
        "map page, cached": map_page,
    }
    medians = {
        name: time_get(client, url, repeat=args.repeat * 10).median * 1000
        for name, url in fast.items()
    }
    # A change: the last result is served at once (marked as being recomputed), the recompute
    # runs in the job queue.
    renamed = Actor.objects.filter(case=case).first()
    assert renamed is not None
    record_update(
        actor=user, record=renamed, rtype=record_type("actors"), values={"name": "Renamed"}
    )
    medians["map data, stale"] = time_get(client, map_api, repeat=1).median * 1000
    medians["map page, stale"] = time_get(client, map_page, repeat=1).median * 1000
    trivial = medians["trivial view"]
    print("against a trivial view (target: a cached map at most 2x):")
    for name, ms in medians.items():
        print(f"{name:<20} {ms:>8.1f} ms  {ms / trivial:>5.1f}x the trivial view")
    task = HUEY.dequeue()
    begin = time.perf_counter()
    while task is not None:
        HUEY.execute(task)
        task = HUEY.dequeue()
    print(f"the background recompute (job queue): {(time.perf_counter() - begin) * 1000:.0f} ms")

    first_actor = Actor.objects.get(pk=ids[0]).public_id
    pages = {
        "actor-map data (API)": map_api,
        "actor map page": map_page,
        "assessment overview": reverse("analysis:overview", args=[case.public_id]),
        "actor list": reverse("analysis:list", args=[case.public_id, "actors"]),
        "tie list": reverse("analysis:list", args=[case.public_id, "ties"]),
        "positions matrix": reverse("analysis:matrix", args=[case.public_id]),
        "actor page": reverse("analysis:detail", args=[case.public_id, "actors", first_actor]),
        "task 1.2.1 page": reverse("cases:task", args=[case.public_id, "1.2.1"]),
    }
    print("pages:")
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
