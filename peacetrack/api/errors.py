"""The API's errors, in one shape and documented in one place.

Every refusal the API answers has the body `{"detail": str, "errors": {field: [str]}}` (the
import adds `problems`). `document_errors` adds to every operation of the API the errors it can
answer, with that body, so the OpenAPI document lists them without each route repeating them:

- 400 where the operation reads a body that is not a JSON object;
- 401 on every operation (no token or session, or a revoked token);
- 403 on writes sent with a browser session but without Django's CSRF token;
- 404 where the path names something (a case, party, record…) or the operation is for case
  organisers: what you may not see answers exactly like what does not exist;
- 422 where the operation takes input or changes something (the field's message in `errors`);
- 409 where a write would duplicate what must be unique (one assessment per factor…);
- 428 and 412 on every change or deletion of a versioned object (api/etags.py): sent without
  `If-Match` (428), or with an ETag that is no longer current (412, naming what changed since);
- the codes an operation declares itself in `EXTRA_ERRORS` (429 on the case import, and its
  refusals' body with `problems`).
"""

from __future__ import annotations

import inspect
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from pydantic import BaseModel

from peacetrack.api.messages import pydantic_message


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in a sentence.")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description='Messages by field ("__all__" for the request as a whole).',
    )


class Problem(Schema):
    place: str
    pointer: str
    message: str


class ImportErrorOut(ErrorOut):
    problems: list[Problem] = Field(
        default_factory=list, description="Every problem found in the file."
    )


#: Operations (by operation id) that open something rather than name it in the path, and
#: answer 404 to whoever may not: a user who is not a case organiser.
ORGANISER_ONLY = {"peacetrack_cases_api_cases_create", "case_import"}

#: Changes and deletions of versioned objects (api/etags.py): they require If-Match and
#: answer 428 without it, 412 when it is no longer current. Each router adds its own.
VERSIONED_WRITES: set[str] = set()

#: Errors beyond 401/404/422 that an operation answers (by operation id).
EXTRA_ERRORS: dict[str, dict[int, Any]] = {
    "case_import": {409: ImportErrorOut, 422: ImportErrorOut, 429: ImportErrorOut},
}


def _takes_input(operation: Any, path: str) -> bool:
    """Whether the operation reads a body or a query string (beyond the path's ids)."""
    names = set(inspect.signature(operation.view_func).parameters) - {"request", "response"}
    return any(f"{{{name}}}" not in path for name in names)


def document_errors(api: NinjaAPI) -> None:
    """Add the errors each operation can answer to its documented responses."""
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                operation_id = operation.operation_id or api.get_openapi_operation_id(operation)
                codes: dict[int, Any] = {401: ErrorOut}
                if "{" in path or operation_id in ORGANISER_ONLY:
                    codes[404] = ErrorOut
                writes = set(operation.methods) - {"GET"}
                takes_input = _takes_input(operation, path)
                if writes and takes_input:
                    codes[400] = ErrorOut
                if writes:
                    codes[403] = ErrorOut
                if writes or takes_input:
                    codes[422] = ErrorOut
                if writes & {"POST", "PATCH"}:
                    codes[409] = ErrorOut
                if operation_id in VERSIONED_WRITES:
                    codes[412] = ErrorOut
                    codes[428] = ErrorOut
                codes.update(EXTRA_ERRORS.get(operation_id, {}))
                for status, model in codes.items():
                    operation.response_models.setdefault(
                        status, operation._create_response_model(model)
                    )


class ObjectBodyParser(Parser):
    """Every body the API reads is a JSON object: anything else (a bare number, a list) is
    refused like a body that is not JSON at all (400), never read as an empty change."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("The body must be a JSON object.")
        return data


#: Text never holds a NUL character (PostgreSQL cannot store one; Django's forms refuse it too).
NO_NUL = "^[^\\x00]*$"


def no_nul_in_strings(node: Any) -> None:
    """Say so in the OpenAPI document: every free-text string gets the NO_NUL pattern (an enum,
    a format or a pattern of its own already rules NUL out)."""
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"enum", "format", "pattern"} & set(node):
            node["pattern"] = NO_NUL
        for value in node.values():
            no_nul_in_strings(value)
    elif isinstance(node, list):
        for value in node:
            no_nul_in_strings(value)


def _nul_at(value: Any, place: str) -> str | None:
    if isinstance(value, str):
        return place if "\x00" in value else None
    items: Any = ()
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    for key, item in items:
        found = _nul_at(item, f"{place}.{key}" if place else str(key))
        if found is not None:
            return found
    return None


def refuse_nul(view: Any) -> Any:
    """Applied to every operation after its input is read: an id with a NUL character names
    nothing (404); a field holding one is refused with 422 naming it — never a database error."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        for name, value in kwargs.items():
            if isinstance(value, BaseModel):
                value = value.model_dump(mode="json")
            place = _nul_at(value, "" if isinstance(value, dict) else name)
            if place is None:
                continue
            match = request.resolver_match
            if isinstance(value, str) and match is not None and name in match.kwargs:
                raise Http404
            raise ValidationError({place: _("Null characters are not allowed.")})
        return view(request, *args, **kwargs)

    return guarded


def field_name(location: tuple[Any, ...] | list[Any]) -> str:
    """("body", "payload", "events", 0, "date") → "events.0.date"; the request as a whole is
    "__all__"."""
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "query", "path", "form", "file"}:
        parts = parts[1:]
    if parts and parts[0] in {"payload", "file"} and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def invalid_request(api: NinjaAPI, request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Input the schema refuses: the same body as every other 422, messages by field."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(field_name(error.get("loc", ())), []).append(pydantic_message(error))
    return api.create_response(
        request, {"detail": _("Invalid input."), "errors": errors}, status=422
    )
