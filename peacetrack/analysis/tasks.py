"""Background work of step 1 (the job queue: huey; `peacetrack serve` runs its consumer)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from peacetrack.analysis.network_cache import recompute


@db_task()  # type: ignore[untyped-decorator]  # (huey has no type hints)
def network_recompute(case_id: int) -> int:
    """Recompute a case's network analyses made stale by a change (network_cache.recompute);
    queued once per case by network_cache.recompute_queue."""
    return recompute(case_id=case_id)
