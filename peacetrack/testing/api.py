"""For tests that use a case's API as a client would: a bearer token, and the ETag read before
each change."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from peacetrack.accounts.tokens import token_create
from peacetrack.testing.etags import read_etag

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

    from peacetrack.conftest import World

CaseApi = Callable[..., "Response"]


def case_api(world: World, persona: str) -> CaseApi:
    """`call(method, url, body=None)` against `/api/v1/cases/<case>{url}` as `persona`, with a
    fresh token; PATCH and DELETE send the If-Match the client would have read."""
    _, raw = token_create(user=world.users[persona], name="t")
    client = world.client(None)

    def call(method: str, url: str, body: Any = None) -> Response:
        path = f"/api/v1/cases/{world.case.public_id}{url}"
        headers = {"Authorization": f"Bearer {raw}"}
        if method in {"PATCH", "DELETE"}:
            headers.update(read_etag(client, path.split("?")[0], headers))
        return client.generic(
            method,
            path,
            data=json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=headers,
        )

    return call


def every_item(call: CaseApi, url: str) -> list[Any]:
    """Every item of an API list (peacetrack/paging.py), following `next` page after page."""
    items: list[Any] = []
    separator = "&" if "?" in url else "?"
    page = call("GET", url).json()
    items.extend(page["items"])
    while page["next"]:
        page = call("GET", f"{url}{separator}cursor={quote(page['next'])}").json()
        items.extend(page["items"])
    return items
