"""Who may see a job: the person who started it, while they still have the access its kind
requires on its case (for a kind that makes a case, while they are a case organiser). Anyone
else gets the same 404 as for a job that does not exist."""

from __future__ import annotations

from django.http import Http404

from peacetrack.accounts.access import organiser_required
from peacetrack.accounts.types import Visitor
from peacetrack.cases.access import CaseAccess, case_get_for_user
from peacetrack.jobs.kinds import kind_get
from peacetrack.jobs.models import Job


def job_get_for_user(user: Visitor, job_id: str) -> tuple[CaseAccess | None, Job]:
    """The job and the requester's access to its case (None for a kind that makes a case:
    its page links to the case made, which checks access when opened)."""
    if not user.is_authenticated:
        raise Http404
    job = Job.objects.select_related("case").filter(public_id=job_id).first()
    if job is None:
        raise Http404
    if job.requested_by_id != user.pk:
        raise Http404
    kind = kind_get(job.kind)
    if kind.access is None:
        organiser_required(user)
        return None, job
    # Still a member with the kind's access (a member removed since, or made an observer,
    # no longer reads what they exported).
    if job.case is None:  # never for a kind working on a case; a stranger's answer if so
        raise Http404
    access = case_get_for_user(user, job.case.public_id, **kind.access)
    return access, job
