"""The queue's tasks for jobs (huey; djhuey finds this module by its name)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from peacetrack.jobs.services import job_prune, job_run


# huey ships without type hints.
@db_task()  # type: ignore[untyped-decorator]
def job_run_task(job_id: int) -> None:
    job_run(job_id=job_id)


@db_periodic_task(crontab(minute="*/15"))  # type: ignore[untyped-decorator]
def job_prune_task() -> None:
    job_prune()
