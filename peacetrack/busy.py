"""A clear "busy, try again" instead of a server error when SQLite stays locked.

SQLite has one writer at a time. Every write transaction starts IMMEDIATE and waits up to the
busy timeout (config/env.py) for the lock, so a short wait goes unnoticed. If another writer
still holds it after that (a large import's chunk, a backup), the request answers 503 with
Retry-After: a page saying to try again in a moment, or the API's error body. Nothing was
written: the transaction never started.

Exceptions of a view reach BusyMiddleware; those of a middleware (a session saved after the
view) reach Django's 500 handler, `server_error` below, which answers the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 5
_BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")


def is_busy(exc: BaseException | None) -> bool:
    """Whether `exc` says the database is held by another writer (SQLite)."""
    while exc is not None:
        if isinstance(exc, OperationalError) and any(m in str(exc) for m in _BUSY_MESSAGES):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def busy_response(request: HttpRequest) -> HttpResponse:
    message = _("The database is busy with another change. Please try again in a moment.")
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "errors": {}}, status=503)
    else:
        response = render(request, "busy.html", {"message": message}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if is_busy(exception) else None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: busy for a locked database (raised outside a view), else Django's own."""
    if is_busy(sys.exc_info()[1]):
        return busy_response(request)
    return defaults.server_error(request)
