"""Optimistic concurrency over HTTP (cases/concurrency.py): every read of a versioned object
answers an `ETag`, every change or deletion of one requires `If-Match` with it.

- no `If-Match` on a write: 428 Precondition Required;
- an `If-Match` that is not the object's current ETag: 412 Precondition Failed, naming what
  changed since (the shared error body, api/errors.py);
- creating (POST) needs none.

An ETag is `"<public id>-<version>"` (a task's progress: `"<task key>-<version>"`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from peacetrack.cases.concurrency import StaleEdit, changes_since


class PreconditionRequired(Exception):
    """A write without If-Match (428)."""


def etag_of(obj: Any) -> str:
    name = getattr(obj, "public_id", None) or obj.task_key
    return f'"{name}-{obj.version}"'


def with_etag(response: HttpResponse, obj: Any) -> None:
    """Send the object's ETag with the answer (a read, or a write's new version)."""
    response["ETag"] = etag_of(obj)


def if_match_version(request: HttpRequest, obj: Any) -> int:
    """The version a write was made against: the object's own if `If-Match` names its current
    ETag (the service checks it again inside its transaction). Call after the access check, so
    that what the user may not see answers 404 first."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired(
            _("Send the ETag you read in an If-Match header: this write needs it.")
        )
    current = etag_of(obj)
    sent = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    if current in sent:
        return int(obj.version)
    prefix = current.rsplit("-", 1)[0] + "-"
    versions = [
        int(tag[len(prefix) : -1])
        for tag in sent
        if tag.startswith(prefix) and tag.endswith('"') and tag[len(prefix) : -1].isdigit()
    ]
    older = [v for v in versions if v < obj.version]
    if not older:
        raise StaleEdit(
            current_version=obj.version,
            fields=[],
            people=[],
            message=_("The If-Match header does not name the current version of this object."),
        )
    fields, people = changes_since(obj, obj.version - max(older))
    raise StaleEdit(current_version=obj.version, fields=fields, people=people)
