"""The app's URLs plus one trivial view, the yardstick the benchmarks divide page times by.

For the benchmarks only (bench/run.py sets ROOT_URLCONF to this module): the view goes through
the same middleware as every page (session, signed-in user, language) and does nothing else.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

TRIVIAL_URL = "/bench/trivial"


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(TRIVIAL_URL.lstrip("/"), trivial), *app_urlpatterns]
