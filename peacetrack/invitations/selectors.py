"""Reads of invitations."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet

from peacetrack.cases.models import Case
from peacetrack.invitations.models import Invitation


def key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def invitation_find(raw_key: str) -> Invitation | None:
    """The invitation a link's key belongs to, whatever its state; None for an unknown key."""
    if not raw_key or len(raw_key) > 100:
        return None
    return (
        Invitation.objects.select_related("case", "party", "invited_by")
        .filter(key_hash=key_hash(raw_key))
        .first()
    )


def invitations_open(case: Case) -> QuerySet[Invitation]:
    """The case's invitations that still hold place, newest first (the lead's member page and
    the API read them a page at a time)."""
    return (
        Invitation.objects.filter(case=case, accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("party", "invited_by")
        .order_by("-created_at", "-id")
    )
