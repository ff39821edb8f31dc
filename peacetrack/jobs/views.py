from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from peacetrack.jobs.kinds import kind_get
from peacetrack.jobs.results import ResultExpired, result_response
from peacetrack.jobs.selectors import job_get_for_user


@login_required
def detail(request: HttpRequest, job_id: str) -> HttpResponse:
    """How far a job has got, updating itself (jobs/job-progress.js), and its file when
    ready (or, for an import, the case it made; or what it refused)."""
    access, job = job_get_for_user(request.user, job_id)
    kind = kind_get(job.kind)
    return render(
        request,
        "jobs/job.html",
        {
            "access": access,
            "job": job,
            "case": job.case,
            "makes_case": kind.makes_case,
            "label": kind.label,
            "hours": settings.JOBS_RESULT_HOURS,
        },
    )


@login_required
def download(request: HttpRequest, job_id: str) -> HttpResponseBase:
    access, job = job_get_for_user(request.user, job_id)
    try:
        return result_response(job)
    except ResultExpired:
        return render(
            request,
            "jobs/expired.html",
            {"access": access, "job": job, "case": job.case, "label": kind_get(job.kind).label},
            status=410,
        )
    except FileNotFoundError:
        raise Http404 from None
