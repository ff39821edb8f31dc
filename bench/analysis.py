"""Benchmark for step 1: a case with 2,000 actors and 10,000 ties.

Prints the time of the network analysis and of the actor-map data endpoint, and the time and
SQL query count of each step-1 page. Uses a throw-away SQLite database unless DATABASE_URL is
set. Asserts nothing: tests count queries, this measures time.

    make bench   # runs bench/run.py and this script
    .venv/bin/python bench/analysis.py --actors 2000 --ties 10000
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

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
    Tie.objects.bulk_create(
        Tie(
            case=case,
            source_id=a,
            target_id=b,
            kind=tie_kinds[n % len(tie_kinds)],
            task_key=Tie().assigned_task(),
        )
        for n, (a, b) in enumerate(pairs)
    )
    print(
        f"built {args.actors} actors and {args.ties} ties in "
        f"{time.perf_counter() - started:.1f} s on {connection.vendor}"
    )

    access = case_get_for_user(user, case.public_id)
    for label, clear in [("cold (computed)", True), ("warm (cached)", False)]:
        timings = []
        for _ in range(args.repeat):
            if clear:
                cache.clear()
            begin = time.perf_counter()
            network = actor_network(access)
            timings.append(time.perf_counter() - begin)
        print(
            f"network analysis, {label}: median {statistics.median(timings) * 1000:.0f} ms "
            f"(betweenness {'estimated' if network.estimated else 'exact'}, "
            f"{len(network.clusters)} clusters, {len(network.bridges)} actors with channels "
            f"to several sides)"
        )
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


if __name__ == "__main__":
    main()
