"""Benchmark: the case dashboard on a large case, as a ratio of a trivial view, and list pages.

Builds, in a throw-away database (a temporary SQLite file unless DATABASE_URL is set), one user
with many cases, one large case (actors, ties, notes, a long audit trail, a party delegate) and
one empty case. Then times, through Django's test client, a trivial view (bench/trivial_urls.py:
the same middleware, no work) and the dashboard of each case, interleaved so that both see the
same machine, and prints the dashboard's time as a ratio of the trivial view's. It does so at
each number of notes given (the dashboard must not grow with them), then times the other pages.
Asserts nothing: tests count queries (cases/tests/test_query_counts.py) and read the query plans
(peacetrack/tests/test_query_plans.py); this measures time. Targets: the large case's dashboard
≤ 5× the trivial view, the empty case's ≤ 2×, the same ratio at every number of notes.

    make bench            # or: .venv/bin/python bench/run.py --notes 5000 50000
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from common import setup_django, time_against, time_pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--ties", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--notes", type=int, nargs="+", default=[5000, 50_000])
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import clear_url_caches, reverse
    from trivial_urls import TRIVIAL_URL

    settings.ROOT_URLCONF = "trivial_urls"
    clear_url_caches()

    started = time.perf_counter()
    world = _build(args)
    print(
        f"built {args.cases} cases, a large one with {args.actors} actors, {args.ties} ties, "
        f"{args.events} audit events and {args.notes[0]} notes in "
        f"{time.perf_counter() - started:.1f} s on {connection.vendor}"
    )

    lead, delegate = Client(), Client()
    lead.force_login(world["user"])
    delegate.force_login(world["delegate"])
    big, empty = world["big"], world["empty"]
    dashboards = {
        "large case (lead)": (lead, reverse("cases:dashboard", args=[big.public_id])),
        "large case (delegate)": (delegate, reverse("cases:dashboard", args=[big.public_id])),
        "empty case (lead)": (lead, reverse("cases:dashboard", args=[empty.public_id])),
    }
    built = args.notes[0]
    print(
        f"{'dashboard':<24} {'notes':>7} {'queries':>8} {'median ms':>10} {'÷ trivial':>10} "
        f"{'best ms':>8} {'÷ trivial':>10}"
    )
    for notes in args.notes:
        _add_notes(world, notes - built)
        built = notes
        for name, (client, url) in dashboards.items():
            page, trivial = time_against(client, url, TRIVIAL_URL, repeat=args.repeat)
            print(
                f"{name:<24} {notes:>7} {page.queries:>8} "
                f"{page.median * 1000:>10.1f} {page.median / trivial.median:>9.1f}× "
                f"{page.best * 1000:>8.1f} {page.best / trivial.best:>9.1f}×"
            )
    print(
        f"trivial view: median {trivial.median * 1000:.1f} ms, best {trivial.best * 1000:.1f} ms "
        "(the last measure; on a shared machine the best times say more about the code)"
    )
    print()
    key = world["keys"][0]
    time_pages(
        lead,
        {
            "case list": reverse("cases:list"),
            "step page": reverse("cases:step", args=[big.public_id, "1"]),
            "task page": reverse("cases:task", args=[big.public_id, key]),
            "search": reverse("cases:search", args=[big.public_id]) + "?q=Note+42",
            "API case list": "/api/v1/cases",
        },
        repeat=max(3, args.repeat // 3),
        width=16,
    )


def _build(args: argparse.Namespace) -> dict[str, Any]:
    import random

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from peacetrack.accounts.services import user_create
    from peacetrack.analysis.models import Actor, ActorKind, Tie, TieKind
    from peacetrack.audit.models import AuditEvent
    from peacetrack.cases import services
    from peacetrack.cases.models import Membership
    from peacetrack.methodology.loader import get_methodology

    rng = random.Random(7)
    user = user_create(email="bench@example.org", password=None, organiser=True)
    with transaction.atomic():
        cases = [
            services.case_create(creator=user, title=f"Case {i:04}", conflict="Bench")
            for i in range(args.cases)
        ]
    big, empty = cases[0], cases[1]
    parties = [
        services.party_create(actor=user, case=big, short_name=f"P{i}", name=f"Party {i}")
        for i in range(4)
    ]
    delegate = get_user_model().objects.create_user(
        "gov@example.org", "gov@example.org", first_name="Delegate"
    )
    Membership.objects.create(case=big, user=delegate, role="delegate", party=parties[0])

    kinds = list(ActorKind.values)
    visibilities = ["team", "parties", "public", "party"]
    actors = []
    for i in range(args.actors):
        visibility = visibilities[i % 4]
        actor = Actor(
            case=big,
            name=f"Actor {i:05}",
            kind=kinds[i % len(kinds)],
            party=parties[i % 4],
            visibility=visibility,
            visibility_party=parties[i % 4] if visibility == "party" else None,
        )
        actor.task_key = actor.assigned_task()
        actors.append(actor)
    Actor.objects.bulk_create(actors)
    ids = list(Actor.objects.filter(case=big).values_list("pk", flat=True))
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < min(args.ties, len(ids) * (len(ids) - 1)):
        a, b = rng.choice(ids), rng.choice(ids)
        if a != b:
            pairs.add((a, b))
    tie_kinds = list(TieKind.values)
    Tie.objects.bulk_create(
        (
            Tie(
                case=big,
                source_id=a,
                target_id=b,
                kind=tie_kinds[n % len(tie_kinds)],
                strength=1 + n % 3,
                task_key=Tie().assigned_task(),
            )
            for n, (a, b) in enumerate(pairs)
        ),
        batch_size=2000,
    )
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                case=big,
                actor=user,
                actor_label=user.email,
                action="analysis.actor.update",
                object_type="analysis.actor",
                object_id=str(ids[i % len(ids)]),
                before={"name": "Actor"},
                after={"name": "Actor"},
            )
            for i in range(args.events)
        ),
        batch_size=2000,
    )
    world = {
        "user": user,
        "delegate": delegate,
        "big": big,
        "empty": empty,
        "parties": parties,
        "keys": list(get_methodology().tasks),
        "notes": 0,
    }
    _add_notes(world, args.notes[0])
    return world


def _add_notes(world: dict[str, Any], count: int) -> None:
    """`count` more notes on the large case, a third of them shared with a party."""
    from django.utils import timezone

    from peacetrack.cases.models import TaskNote

    keys, party, start = world["keys"], world["parties"][0], world["notes"]
    TaskNote.objects.bulk_create(
        (
            TaskNote(
                case=world["big"],
                task_key=keys[i % len(keys)],
                author=world["user"],
                body=f"Note {i}",
                visibility="party" if i % 3 == 0 else "team",
                visibility_party=party if i % 3 == 0 else None,
                created_at=timezone.now(),
            )
            for i in range(start, start + count)
        ),
        batch_size=2000,
    )
    world["notes"] = start + count


if __name__ == "__main__":
    main()
