"""Benchmark: page times and SQL query counts for a large workload.

Builds, in a throw-away database (a temporary SQLite file unless DATABASE_URL is set), one user
with many cases and one case with many notes, then times the list pages through Django's test
client. Prints its figures; it asserts nothing (tests count queries, this measures time).

    make bench            # or: .venv/bin/python bench/run.py --cases 200 --notes 5000
"""

from __future__ import annotations

import argparse
import time

from common import setup_django, time_pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    setup_django()
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from peacetrack.accounts.services import user_create
    from peacetrack.cases import services
    from peacetrack.cases.models import TaskNote
    from peacetrack.methodology.loader import get_methodology

    started = time.perf_counter()
    user = user_create(email="bench@example.org", password=None, organiser=True)
    with transaction.atomic():
        cases = [
            services.case_create(creator=user, title=f"Case {i:04}", conflict="Bench")
            for i in range(args.cases)
        ]
    big = cases[0]
    party = services.party_create(actor=user, case=big, short_name="GOV", name="Government")
    keys = list(get_methodology().tasks)

    TaskNote.objects.bulk_create(
        TaskNote(
            case=big,
            task_key=keys[i % len(keys)],
            author=user,
            body=f"Note {i}",
            visibility="party" if i % 3 == 0 else "team",
            visibility_party=party if i % 3 == 0 else None,
            created_at=timezone.now(),
        )
        for i in range(args.notes)
    )
    print(
        f"built {args.cases} cases and {args.notes} notes in "
        f"{time.perf_counter() - started:.1f} s on {connection.vendor}"
    )

    client = Client()
    client.force_login(user)
    pages = {
        "case list": reverse("cases:list"),
        "dashboard": reverse("cases:dashboard", args=[big.public_id]),
        "step page": reverse("cases:step", args=[big.public_id, "1"]),
        "task page": reverse("cases:task", args=[big.public_id, keys[0]]),
        "search": reverse("cases:search", args=[big.public_id]) + "?q=Note+42",
        "API case list": "/api/v1/cases",
        "case export": reverse("cases:export", args=[big.public_id]),
    }
    time_pages(client, pages, repeat=args.repeat, width=16)


if __name__ == "__main__":
    main()
