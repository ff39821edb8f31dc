"""Importing a case file through the API (multipart upload, field "file")."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from peacetrack.accounts.types import person_of
from peacetrack.casefile.errors import CaseAlreadyHere, CaseFileError, ImportRateLimited
from peacetrack.casefile.reading import check_size
from peacetrack.casefile.services import case_import_start
from peacetrack.jobs.api import JobOut, job_out

router = Router(tags=["case file"])


@router.post(
    "/import",
    response={202: JobOut},
    operation_id="case_import",
    summary="Create a case from a case file (multipart field 'file')",
    description=(
        "The file is checked at once for what is quick (size, JSON, schema, whether the case "
        "is already here), then imported in the background: 202 with the job (also in "
        "`Location`); follow it at `GET /api/v1/jobs/{id}` until its `status` is `done` (its "
        "`case_id` is then the new case's public id) or `failed` (its `details` list the "
        "file's problems; nothing was created). Refusals at once: 422 with every problem "
        "found (`problems`: place, JSON pointer, message); 409 if the case is already here "
        "and you are a member of it (send `as_copy=true` to import a copy); 429 after too "
        "many imports in an hour."
    ),
)
def import_case(
    request: HttpRequest,
    file: File[UploadedFile],
    response: HttpResponse,
    as_copy: Form[bool] = False,
) -> Status[dict[str, Any]] | JsonResponse:
    try:
        check_size(file.size or 0)
        job = case_import_start(raw=file.read(), user=person_of(request), as_copy=as_copy)
    except CaseFileError as exc:
        status = 422
        if isinstance(exc, CaseAlreadyHere):
            status = 409
        elif isinstance(exc, ImportRateLimited):
            status = 429
        body = {
            "detail": _("Nothing was imported."),
            "errors": {"file": exc.lines},
            "problems": [
                {"place": p.place, "pointer": p.pointer, "message": p.message} for p in exc.problems
            ],
        }
        return JsonResponse(body, status=status)
    response["Location"] = reverse("api:job_get", args=[job.public_id])
    return Status(202, job_out(job))
