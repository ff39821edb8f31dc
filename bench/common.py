"""What every benchmark script shares: a throw-away database and a way to time pages."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
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


def time_pages(client: Any, pages: dict[str, str], *, repeat: int, width: int = 24) -> None:
    """Print the median and maximum time and the SQL query count of each page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print(f"{'page':<{width}} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for name, url in pages.items():
        timings, queries = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                begin = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, (name, response.status_code)
            queries = len(captured)
        print(
            f"{name:<{width}} {statistics.median(timings):>10.1f} {max(timings):>8.1f} {queries:>8}"
        )
