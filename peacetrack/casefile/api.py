"""Importing a case file through the API (multipart upload, field "file")."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import File, Router, Status
from ninja.files import UploadedFile

from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.services import case_import_for_user

router = Router(tags=["case file"])


@router.post(
    "/import",
    response={201: dict[str, Any]},
    operation_id="case_import",
    summary="Create a case from a case file (multipart field 'file')",
)
def import_case(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008 — ninja's declaration style
) -> Status[dict[str, Any]]:
    limit = settings.CASEFILE_MAX_BYTES
    try:
        if file.size is not None and file.size > limit:
            raise CaseFileError(f"the file is larger than the {limit // 2**20} MB limit")
        case = case_import_for_user(raw=file.read(), user=request.user)
    except CaseFileError as exc:
        raise ValidationError({"file": f"Nothing was imported: {exc}."}) from None
    return Status(201, {"id": case.pk, "title": case.title})
