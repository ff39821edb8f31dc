"""Benchmark: page times and SQL query counts for a large workload.

Builds, in a throw-away database (a temporary SQLite file unless DATABASE_URL is set), one user
with many cases and one case with many notes, then times the list pages through Django's test
client. Prints its figures; it asserts nothing (tests count queries, this measures time).

    make bench            # or: .venv/bin/python bench/run.py --cases 200 --notes 5000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    os.environ.setdefault("PEACETRACK_DATA_DIR", tempfile.mkdtemp(prefix="peacetrack-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from peacetrack.cases import services
    from peacetrack.cases.models import TaskNote
    from peacetrack.methodology.loader import get_methodology

    started = time.perf_counter()
    user = get_user_model().objects.create_user("bench@example.org", "bench@example.org")
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
        "dashboard": reverse("cases:dashboard", args=[big.pk]),
        "step page": reverse("cases:step", args=[big.pk, "1"]),
        "task page": reverse("cases:task", args=[big.pk, keys[0]]),
        "search": reverse("cases:search", args=[big.pk]) + "?q=Note+42",
        "API case list": "/api/v1/cases",
        "case export": reverse("cases:export", args=[big.pk]),
    }
    print(f"{'page':<16} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for name, url in pages.items():
        timings = []
        queries = 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                begin = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, (name, response.status_code)
            queries = len(captured)
        print(f"{name:<16} {statistics.median(timings):>10.1f} {max(timings):>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
