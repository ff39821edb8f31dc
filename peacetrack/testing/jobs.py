"""Running the job queue in tests: the tasks a request queued, taken from huey's real storage
and run as the worker would, in the test's own database transaction."""

from __future__ import annotations

from huey.contrib.djhuey import HUEY

from peacetrack.jobs.tasks import job_run_task


class JobQueue:
    def run(self) -> int:
        """Run every job task waiting in the queue; how many ran. (`call_local`: the worker's
        wrapper would close the database connection, which holds the test's transaction.)"""
        ran = 0
        while (task := HUEY.dequeue()) is not None:
            assert task.name == job_run_task.task_class.__name__, task.name
            job_run_task.call_local(*task.args, **task.kwargs)
            ran += 1
        return ran

    def waiting(self) -> int:
        return int(HUEY.pending_count())
