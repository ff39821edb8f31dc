"""The load test (bench/load.py) works: a short run with a few users against the real
multi-process server answers every request and loses no acknowledged write."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

LOAD = Path(__file__).resolve().parents[2] / "bench" / "load.py"
# A few users for a few seconds, on a small case, pausing little: some of every kind of request.
SHORT_RUN = ["--users", "3", "--duration", "5", "--think", "0.3"]
SMALL_CASE = ["--cases", "3", "--actors", "10", "--ties", "20", "--notes", "50"]


def test_a_short_load_run_has_no_errors_and_loses_no_write() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # its own SQLite file
    run = subprocess.run(
        [sys.executable, str(LOAD), *SHORT_RUN, *SMALL_CASE],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"^errors: 0$", run.stdout, re.MULTILINE), run.stdout
    written = re.search(r"^acknowledged writes: (\d+); lost writes: 0$", run.stdout, re.MULTILINE)
    assert written, run.stdout
    assert int(written.group(1)) > 0, run.stdout
    assert "dashboard" in run.stdout
