"""What every benchmark script shares: a throw-away database and a way to time pages."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup_django() -> None:
    """Django on a fresh temporary SQLite database (or DATABASE_URL), migrated, with its static
    files collected."""
    os.environ.setdefault("PEACETRACK_DATA_DIR", tempfile.mkdtemp(prefix="peacetrack-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    # Pages link static files through the manifest of collected files, as on a server.
    call_command("collectstatic", interactive=False, verbosity=0)


@dataclass(frozen=True)
class Timing:
    """The times of one page requested again and again, in seconds, and its SQL query count
    (at the last request)."""

    times: list[float]
    queries: int

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def worst(self) -> float:
        return max(self.times)


def _get(client: Any, url: str) -> tuple[float, int]:
    """One request of `url` (it must answer 200): its time in seconds and its SQL queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        begin = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - begin
    assert response.status_code == 200, (url, response.status_code)
    return seconds, len(captured)


def time_get(client: Any, url: str, *, repeat: int) -> Timing:
    """`url` requested `repeat` times in a row."""
    times, queries = [], 0
    for _ in range(repeat):
        seconds, queries = _get(client, url)
        times.append(seconds)
    return Timing(times, queries)


def time_against(
    client: Any, url: str, trivial_url: str, *, repeat: int, warm: int = 2
) -> tuple[Timing, Timing]:
    """`url` and the trivial view (the yardstick: the same middleware, no work) requested in
    turn, so that both meet the same machine, after `warm` requests of each (templates, the
    methodology, the connection): the page's timing, then the trivial view's."""
    for _ in range(warm):
        client.get(url)
        client.get(trivial_url)
    pages, trivials, queries, trivial_queries = [], [], 0, 0
    for _ in range(repeat):
        seconds, trivial_queries = _get(client, trivial_url)
        trivials.append(seconds)
        seconds, queries = _get(client, url)
        pages.append(seconds)
    return Timing(pages, queries), Timing(trivials, trivial_queries)


def time_pages(client: Any, pages: dict[str, str], *, repeat: int, width: int = 24) -> None:
    """Print the median and maximum time and the SQL query count of each page."""
    print(f"{'page':<{width}} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for name, url in pages.items():
        timing = time_get(client, url, repeat=repeat)
        print(
            f"{name:<{width}} {timing.median * 1000:>10.1f} {timing.worst * 1000:>8.1f} "
            f"{timing.queries:>8}"
        )
