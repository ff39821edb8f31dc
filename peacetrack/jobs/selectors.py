"""Who may see a job: the person who started it, while they still have the access its kind
requires on its case. Anyone else gets the same 404 as for a job that does not exist."""

from __future__ import annotations

from django.http import Http404

from peacetrack.accounts.types import Visitor
from peacetrack.cases.access import CaseAccess, case_get_for_user
from peacetrack.jobs.kinds import kind_get
from peacetrack.jobs.models import Job


def job_get_for_user(user: Visitor, job_id: str) -> tuple[CaseAccess, Job]:
    if not user.is_authenticated:
        raise Http404
    job = Job.objects.select_related("case").filter(public_id=job_id).first()
    if job is None:
        raise Http404
    if job.requested_by_id != user.pk:
        raise Http404
    # Still a member with the kind's access (a member removed since, or made an observer,
    # no longer reads what they exported).
    access = case_get_for_user(user, job.case.public_id, **kind_get(job.kind).access)
    return access, job
