"""Starting, running and pruning background jobs (docs/architecture.md, "Background jobs").

Only `job_start` is a person's act and goes on the audit trail. What the worker writes after
(status, progress, the result) is the job's own bookkeeping, each a single short UPDATE so
that a long job never holds the database's write lock while it computes.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from peacetrack.accounts.types import Person
from peacetrack.audit.services import audit_record
from peacetrack.cases.models import Case
from peacetrack.jobs import results
from peacetrack.jobs.actions import JOB_START
from peacetrack.jobs.kinds import kind_get
from peacetrack.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds), unless it reaches 100.
PROGRESS_INTERVAL = 1.0


def job_start(
    *, case: Case | None, user: Person, kind: str, params: dict[str, Any] | None = None
) -> Job:
    """Queue a job of a registered `kind` on `case` for `user`, who alone will see it.
    The caller has checked that `user` has the kind's access to the case (for a kind that
    makes its case, `case` is None and the caller checked that `user` is a case organiser).
    The job is sent to the queue once this transaction commits (a worker never looks for a
    row not yet there).
    The same job still waiting or running is answered instead of a second one (a double
    click, an impatient script: one export at a time, not a queue filled with copies)."""
    kind_get(kind)  # a kind no app declared is a programming error: fail here, not in the worker
    params = params or {}
    with transaction.atomic():
        pending = (
            Job.objects.filter(
                case=case,
                requested_by=user,
                kind=kind,
                status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
            )
            .select_for_update()
            .first()
        )
        if pending is not None and pending.params == params:
            return pending
        job = Job.objects.create(
            case=case,
            requested_by=user,
            kind=kind,
            params=params,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        audit_record(
            actor=user, action=JOB_START, obj=job, case_id=case.pk if case else None, summary=kind
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from peacetrack.jobs.tasks import job_run_task  # tasks.py imports this module

    job_run_task(job_id)


class JobRefused(Exception):
    """Raised by a kind's run that refuses its input (a case file with problems): the job
    fails with `message`, and its page lists `details` (one line each)."""

    def __init__(self, message: str, details: list[str]) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class JobRun:
    """What a job kind's `run` receives: the job, its parameters, and how to report."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.params: dict[str, Any] = dict(job.params)
        self._written_at = 0.0

    def progress(self, percent: int, message: str = "") -> None:
        """Tell the requester how far the job has got (0–100) and, optionally, what it is
        doing, in words for them (the job runs in their language). Frequent calls are cheap:
        at most one write a second."""
        percent = max(0, min(100, percent))
        now = time.monotonic()
        if percent < 100 and now - self._written_at < PROGRESS_INTERVAL:
            return
        self._written_at = now
        update: dict[str, Any] = {"progress": percent}
        if message:
            update["message"] = message[:300]
        Job.objects.filter(pk=self.job.pk).update(**update)

    @property
    def case(self) -> Case:
        """The case the job works on (a kind that makes its case has none until it is made)."""
        if self.job.case is None:
            raise LookupError(f"job {self.job.public_id} has no case")
        return self.job.case

    def set_case(self, case: Case) -> None:
        """Name the case a job made (an import): its page links to it once the job is done."""
        self.job.case = case
        Job.objects.filter(pk=self.job.pk).update(case=case)

    def save_result(self, *, chunks: Iterable[bytes], filename: str) -> None:
        """Write the job's file from `chunks` as they come (never whole in memory); the
        requester downloads it under `filename` until it expires."""
        name, size = results.result_write(chunks)
        results.result_delete(self.job.result_file)  # a run saving twice keeps the last
        self.job.result_file, self.job.result_name, self.job.result_size = name, filename, size
        Job.objects.filter(pk=self.job.pk).update(
            result_file=name, result_name=filename[:200], result_size=size
        )


def job_run(*, job_id: int) -> None:
    """Run a queued job to its end (the queue's worker calls this). A job already started is
    left alone, so a task delivered twice runs once."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), message=""
    )
    if not claimed:
        return
    job = Job.objects.select_related("case", "requested_by").get(pk=job_id)
    run = JobRun(job)
    with translation.override(job.language):
        try:
            kind_get(job.kind).run(run)
        except JobRefused as refused:
            Job.objects.filter(pk=job_id).update(
                status=JobStatus.FAILED,
                finished_at=timezone.now(),
                message=refused.message[:300],
                details=refused.details,
            )
            return
        except Exception:
            # The one place that catches everything: whatever went wrong, the requester must
            # see the job fail rather than wait for ever. The details go to the server's log.
            logger.exception("job %s (%s) failed", job.public_id, job.kind)
            results.result_delete(run.job.result_file)
            Job.objects.filter(pk=job_id).update(
                status=JobStatus.FAILED,
                finished_at=timezone.now(),
                result_file="",
                message=_("Something went wrong; the server's log has the details."),
            )
            return
        now = timezone.now()
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.DONE,
            progress=100,
            finished_at=now,
            expires_at=now + datetime.timedelta(hours=settings.JOBS_RESULT_HOURS),
            message="",
        )


def job_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of results whose time is up (their jobs say "expired"), and any file
    no job names any more (its case was deleted). How many files were deleted."""
    now = now or timezone.now()
    expired = list(
        Job.objects.filter(status=JobStatus.DONE, expires_at__lte=now).values_list(
            "pk", "result_file"
        )[:1000]  # bounded; the periodic task comes back for the rest
    )
    for _pk, name in expired:
        results.result_delete(name)
    Job.objects.filter(pk__in=[pk for pk, _name in expired]).update(
        status=JobStatus.EXPIRED, result_file="", message=""
    )
    # A file a worker is still writing, or has just renamed, is left for the next round.
    kept = set(Job.objects.exclude(result_file="").values_list("result_file", flat=True))
    cutoff = now.timestamp() - 3600
    orphans = [
        name
        for name in results.result_names() - kept
        if results.result_path(name).stat().st_mtime < cutoff
    ]
    for name in orphans:
        results.result_delete(name)
    return len(expired) + len(orphans) + results.upload_prune(now=now)
