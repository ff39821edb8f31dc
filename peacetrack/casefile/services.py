"""Importing a case file on behalf of a signed-in user (pages and API): rate-limited, and run
in the background (a large file takes a while) as a job of kind "case_import"."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peacetrack.accounts.access import organiser_required
from peacetrack.accounts.types import Person, Visitor
from peacetrack.casefile.errors import CaseFileError, ImportRateLimited
from peacetrack.casefile.importer import already_here_check, case_import
from peacetrack.casefile.reading import read
from peacetrack.jobs import results
from peacetrack.jobs.kinds import JobKind
from peacetrack.jobs.models import Job
from peacetrack.jobs.services import JobRefused, JobRun, job_start

RATE_WINDOW_SECONDS = 60 * 60


def import_allowance_use(*, user: Person) -> None:
    """Count one import attempt by `user`; refuse beyond CASEFILE_IMPORTS_PER_HOUR. Refused
    files count too: reading a large file is the expensive part."""
    key = f"casefile:imports:{user.pk}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        used = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        used = 1
    limit = settings.CASEFILE_IMPORTS_PER_HOUR
    if used > limit:
        raise ImportRateLimited(
            _(
                "you have started %(limit)d imports in the last hour, the most allowed; "
                "please try again later"
            )
            % {"limit": limit}
        )


def case_import_start(*, raw: bytes, user: Visitor, as_copy: bool = False) -> Job:
    """Start importing a file uploaded by `user` (see importer.case_import): a case
    organiser, who becomes the new case's lead; anyone else gets Http404, like every refusal.

    What is quick is checked here, so that a file that is not a case file is refused at once
    with nothing kept (CaseFileError): size, depth, JSON, schema, and whether its case is
    already here. The rules that need the whole file read into records are checked by the
    job, which refuses with the same list of problems and creates nothing. The file waits in
    the jobs' confidential upload folder and is deleted by the job."""
    organiser = organiser_required(user)
    import_allowance_use(user=organiser)
    already_here_check(read(raw), actor=organiser, as_copy=as_copy)
    upload = results.upload_save(raw)
    return job_start(
        case=None,
        user=organiser,
        kind=IMPORT_JOB.key,
        params={"upload": upload, "as_copy": as_copy},
    )


def import_run(run: JobRun) -> None:
    """The import as a background job: the case is written with progress, and the job names
    it; a file with problems fails the job with each problem listed."""
    upload = run.params["upload"]
    try:
        raw = results.upload_path(upload).read_bytes()
        case = case_import(
            raw, actor=run.job.requested_by, as_copy=run.params["as_copy"], progress=run.progress
        )
    except CaseFileError as exc:
        count = len(exc.problems)
        raise JobRefused(
            ngettext(
                "Nothing was imported: the file has %(counter)s problem.",
                "Nothing was imported: the file has %(counter)s problems.",
                count,
            )
            % {"counter": count},
            exc.lines,
        ) from None
    finally:
        results.upload_delete(upload)
    run.set_case(case)


IMPORT_JOB = JobKind(
    key="case_import",
    label=gettext_lazy("Case file import"),
    run=import_run,
    access=None,  # it makes its case: its requester alone, while a case organiser
)
