"""Running the job queue in tests: the tasks a request queued, taken from huey's real storage
and run as the worker would, in the test's own database transaction."""

from __future__ import annotations

from huey.contrib.djhuey import HUEY

from peacetrack.jobs.tasks import job_run_task


class JobQueue:
    def run(self) -> int:
        """Run every job task waiting in the queue, leaving other apps' tasks queued; how
        many ran. (`call_local`: the worker's wrapper would close the database connection,
        which holds the test's transaction.)"""
        ran, others = 0, []
        while (task := HUEY.dequeue()) is not None:
            if task.name != job_run_task.task_class.__name__:
                others.append(task)
                continue
            job_run_task.call_local(*task.args, **task.kwargs)
            ran += 1
        for task in others:
            HUEY.enqueue(task)
        return ran
