from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from peacetrack.methodology.loader import get_methodology

router = Router(tags=["methodology"])


@router.get("", response=dict[str, Any], summary="The whole methodology as data")
def methodology_get(request: HttpRequest) -> dict[str, Any]:
    """The same document `peacetrack methodology --json` prints."""
    return get_methodology().as_json()
