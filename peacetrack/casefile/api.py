"""Importing a case file through the API (multipart upload, field "file")."""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from peacetrack.accounts.types import person_of
from peacetrack.casefile.errors import CaseAlreadyHere, CaseFileError, ImportRateLimited
from peacetrack.casefile.reading import check_size
from peacetrack.casefile.services import case_import_for_user

router = Router(tags=["case file"])


@router.post(
    "/import",
    response={201: dict[str, Any]},
    operation_id="case_import",
    summary="Create a case from a case file (multipart field 'file')",
    description=(
        "Refusals: 422 with every problem found (`problems`: place, JSON pointer, message); "
        "409 if the case is already here and you are a member of it (send `as_copy=true` to "
        "import a copy); 429 after too many imports in an hour. The answer's `id` is the new "
        "case's public id."
    ),
)
def import_case(
    request: HttpRequest,
    file: File[UploadedFile],
    as_copy: Form[bool] = False,
) -> Status[dict[str, Any]] | JsonResponse:
    try:
        check_size(file.size or 0)
        case = case_import_for_user(raw=file.read(), user=person_of(request), as_copy=as_copy)
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
    return Status(201, {"id": case.public_id, "uid": case.uid, "title": case.title})
