"""Jobs through the API (mounted at /api/v1/jobs): how far one has got, and its file.

A job is its requester's alone: anyone else, and a requester who has since lost the access
its kind needs on the case, gets 404 as for a job that does not exist."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from peacetrack.api.errors import EXTRA_ERRORS, ErrorOut
from peacetrack.jobs.models import Job, JobStatus
from peacetrack.jobs.results import ResultExpired, result_response
from peacetrack.jobs.selectors import job_get_for_user

router = Router(tags=["jobs"])
EXTRA_ERRORS["job_download"] = {410: ErrorOut}


class JobOut(Schema):
    id: str = Field(description="The job's public id.")
    case_id: str | None = Field(
        description="The case it works on; for an import, the case it made (null until then)."
    )
    kind: str = Field(description="What the job does, e.g. `case_export`.")
    status: str = Field(description="queued, running, done, failed or expired.")
    progress: int = Field(description="Percent done, 0–100.")
    message: str = Field(description="What it is doing, or why it failed, in words.")
    details: list[str] = Field(
        description="Why it was refused, one line each (an import's problems with the file)."
    )
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    expires_at: datetime.datetime | None = Field(description="When its file is deleted.")
    page: str = Field(description="The job's page, which follows it as it runs.")
    download: str | None = Field(description="Where to download its file, once done.")


def job_out(job: Job) -> dict[str, Any]:
    return {
        "id": job.public_id,
        "case_id": job.case.public_id if job.case else None,
        "kind": job.kind,
        "status": job.status,
        "progress": job.progress,
        "message": job.message,
        "details": job.details,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "expires_at": job.expires_at,
        "page": reverse("jobs:detail", args=[job.public_id]),
        "download": reverse("api:job_download", args=[job.public_id])
        if job.status == JobStatus.DONE and job.result_file
        else None,
    }


@router.get(
    "/{job_id}",
    response=JobOut,
    operation_id="job_get",
    url_name="job_get",
    summary="A job's progress",
)
def job_get(request: HttpRequest, job_id: str, response: HttpResponse) -> dict[str, Any]:
    _access, job = job_get_for_user(request.user, job_id)
    response["Cache-Control"] = "no-store"  # it changes by the second
    return job_out(job)


@router.get(
    "/{job_id}/download",
    response={200: None},
    operation_id="job_download",
    url_name="job_download",
    summary="A finished job's file",
    description=(
        "The file, as an attachment. 404 while the job is not done; 410 once the file has "
        "expired (start the job again)."
    ),
)
def job_download(request: HttpRequest, job_id: str) -> HttpResponseBase:
    _access, job = job_get_for_user(request.user, job_id)
    try:
        return result_response(job)
    except ResultExpired:
        detail = _("This file has expired and was deleted. Start the job again.")
        return JsonResponse({"detail": detail, "errors": {}}, status=410)
    except FileNotFoundError:
        return JsonResponse({"detail": _("The job is not done yet."), "errors": {}}, status=404)
