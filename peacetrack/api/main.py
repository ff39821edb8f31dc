"""The JSON API under /api/v1/ with its OpenAPI document at /api/v1/openapi.json.

Each app contributes a router; later capabilities mount theirs here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.views import openapi_json

from peacetrack.advisor.api import router as advisor_router
from peacetrack.advisor.briefing.api import router as briefing_router
from peacetrack.analysis.api import router as analysis_router
from peacetrack.api.auth import AUTH
from peacetrack.api.errors import (
    ObjectBodyParser,
    document_errors,
    invalid_request,
    no_nul_in_strings,
    refuse_nul,
)
from peacetrack.api.etags import PreconditionRequired
from peacetrack.casefile.api import router as casefile_router
from peacetrack.cases.api import router as cases_router
from peacetrack.cases.concurrency import StaleEdit
from peacetrack.cases.lists import format_list
from peacetrack.invitations.api import router as invitations_router
from peacetrack.jobs.api import router as jobs_router
from peacetrack.methodology.api import router as methodology_router

#: The refusals django-ninja words itself, in the request's language (same English words).
NINJA_MESSAGES = {
    "Cannot parse request body": gettext_lazy("Cannot parse request body"),
    "CSRF check Failed": gettext_lazy("CSRF check Failed"),
    "Too many requests.": gettext_lazy("Too many requests."),
    "Forbidden": gettext_lazy("Forbidden"),
}


def _signed_in_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The OpenAPI document and the API browser map every route: signed-in users only.
    Like the rest of the API, the document answers 401 without a token or session; the
    browser, a page, sends to sign-in like every page."""
    is_document = getattr(view, "func", None) is openapi_json

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if any(method(request) for method in AUTH):
            return view(request, *args, **kwargs)
        if is_document:
            return JsonResponse({"detail": _("Authentication required.")}, status=401)
        return redirect_to_login(request.get_full_path())

    return guarded


class PeacetrackAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        document = super().get_openapi_schema(**kwargs)
        no_nul_in_strings(document)
        return document


api = PeacetrackAPI(
    title="Peacetrack API",
    version="1",
    description=(
        "Cases, parties, members, methodology progress, step-1 records and the advisor's "
        "findings. Authenticate with a personal "
        "token (`Authorization: Bearer pt_…`, made on the account page) or a browser session. "
        "A case you may not see answers 404, exactly like one that does not exist. Every "
        'refusal has the body `{"detail": "…", "errors": {"field": ["…"]}}`; each operation '
        "lists the codes it can answer. A read of one object answers its `ETag`; changing or "
        "deleting it requires `If-Match` with that ETag (428 without it, 412 if someone "
        "changed it since). Every list answers a page at a time: "
        '`{"items": [...], "next": "<cursor>" | null, "count": int, "count_capped": bool}`; '
        "send `next` back as `cursor` for the following page (opaque; one the list did not "
        "make answers 422), and `limit` for its size (50 by default, at most 200). Pages "
        "keep their place when rows are added meanwhile. `count` is exact up to 1,000; beyond, "
        "`count_capped` is true. "
        "On SQLite, a write that finds the database still busy with "
        "another change answers 503 with `Retry-After` and the same body: nothing was "
        "written, send it again."
    ),
    auth=AUTH,
    parser=ObjectBodyParser(),
    docs_decorator=_signed_in_only,
    urls_namespace="api",
)
api.add_router("/methodology", methodology_router)
api.add_router("/cases", casefile_router)
api.add_router("/cases", cases_router)
api.add_router("/cases", invitations_router)
api.add_router("/cases", analysis_router)
api.add_router("/cases", briefing_router)
api.add_router("/cases", advisor_router)
api.add_router("/jobs", jobs_router)
document_errors(api)
api.add_decorator(refuse_nul, mode="operation")


@api.exception_handler(NinjaValidationError)
def _schema_refused(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return invalid_request(api, request, exc)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        codes = {error.code for errors_ in exc.error_dict.values() for error in errors_}
    else:
        errors = {"__all__": list(exc.messages)}
        codes = {error.code for error in exc.error_list}
    # A write that would duplicate what must be unique (one assessment per factor…) conflicts
    # with what is there: 409, with the same body.
    status = 409 if codes and codes <= {"unique", "unique_together"} else 422
    return api.create_response(
        request, {"detail": _("Invalid input."), "errors": errors}, status=status
    )


@api.exception_handler(PreconditionRequired)
def _precondition_required(request: HttpRequest, exc: PreconditionRequired) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": {}}, status=428)


@api.exception_handler(StaleEdit)
def _stale(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
    """A write made against an older version (If-Match, api/etags.py): 412 naming the
    fields changed since and who changed them."""
    if exc.changed_fields:
        detail = _(
            "%(who)s changed %(fields)s since you read it: read it again and send its new "
            "ETag in If-Match."
        ) % {"who": format_list(exc.changed_by), "fields": format_list(exc.changed_fields)}
    elif exc.changed_by:
        detail = _(
            "%(who)s changed this since you read it: read it again and send its new ETag in "
            "If-Match."
        ) % {"who": format_list(exc.changed_by)}
    else:
        detail = exc.messages[0]
    return api.create_response(request, {"detail": detail, "errors": {}}, status=412)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own refusals (a body it cannot parse, a missing CSRF token…): the same
    body and status, the words in the request's language."""
    message = str(exc)
    for english, translated in NINJA_MESSAGES.items():
        if message.startswith(english):  # with DEBUG, the parser's reason follows
            message = str(translated) + message.removeprefix(english)
            break
    return api.create_response(request, {"detail": message}, status=exc.status_code)
