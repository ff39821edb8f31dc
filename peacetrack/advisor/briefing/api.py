"""Starting a briefing through the API (mounted at /api/v1/cases)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from peacetrack.accounts.types import person_of
from peacetrack.advisor.briefing.access import briefing_access
from peacetrack.advisor.briefing.jobs import BRIEFING_JOB
from peacetrack.jobs.api import JobOut, job_out
from peacetrack.jobs.services import job_start

router = Router(tags=["briefings"])


class BriefingIn(Schema):
    format: Literal["pdf", "docx", "html"] = Field(
        description="pdf, docx (Word) or html (one self-contained page)."
    )


@router.post(
    "/{case_id}/briefings",
    response={202: JobOut},
    operation_id="briefing_start",
    summary="Make a briefing pack in the background",
)
def briefing_start(
    request: HttpRequest, case_id: str, payload: BriefingIn, response: HttpResponse
) -> Status[dict[str, Any]]:
    """Lead mediator and team members only (404 for anyone else). Answers 202 with the job:
    follow it at `GET /api/v1/jobs/{id}` (also in `Location`) until its `status` is `done`,
    then download the file from its `download`. The file is marked confidential and named
    `<case>-briefing-<date>.<format>`; it holds what you may read, findings included."""
    access = briefing_access(request.user, case_id)
    job = job_start(
        case=access.case,
        user=person_of(request),
        kind=BRIEFING_JOB.key,
        params={"format": payload.format},
    )
    response["Location"] = reverse("api:job_get", args=[job.public_id])
    return Status(202, job_out(job))
