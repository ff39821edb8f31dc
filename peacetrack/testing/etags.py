"""For tests that drive the API like a client: read an object's ETag before changing it."""

from __future__ import annotations

from typing import Any


def read_etag(client: Any, url: str, headers: dict[str, str]) -> dict[str, str]:
    """`{"If-Match": etag}` for the object at `url`, as a client that has just read it sends
    (its own GET, or its `etag` in the list one level up); nothing when it cannot be read."""
    response = client.get(url, headers=headers)
    if response.status_code == 200 and response.has_header("ETag"):
        return {"If-Match": response["ETag"]}
    base, _, public_id = url.rstrip("/").rpartition("/")
    # (an API list answers a page at a time: peacetrack/paging.py)
    cursor = ""
    while True:
        listed = client.get(base, {"cursor": cursor} if cursor else {}, headers=headers)
        if listed.status_code != 200 or not isinstance(listed.json(), dict):
            return {}
        page = listed.json()
        for item in page.get("items", []):
            if isinstance(item, dict) and item.get("id") == public_id and "etag" in item:
                return {"If-Match": str(item["etag"])}
        cursor = page.get("next") or ""
        if not cursor:
            return {}
