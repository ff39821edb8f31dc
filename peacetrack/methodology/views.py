from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peacetrack.methodology.loader import get_methodology
from peacetrack.methodology.search import search_methodology


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The handbook's six steps, the boxed lists and the historical examples, case-free."""
    query = request.GET.get("q", "").strip()[:200]
    return render(
        request,
        "methodology/overview.html",
        {
            "methodology": get_methodology(),
            "query": query,
            "hits": search_methodology(query) if query else [],
        },
    )
