"""Who may use the account-wide tools: one function per object type, 404 for every refusal."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404

from peacetrack.accounts.services import profile_of


def organiser_required(user: Any) -> None:
    """Opening a case (or importing one) is for case organisers."""
    if not user.is_authenticated:
        raise Http404
    if not profile_of(user).is_organiser:
        raise Http404


def site_admin_required(user: Any) -> None:
    """The People page and its actions are for site administrators."""
    if not user.is_authenticated:
        raise Http404
    if not profile_of(user).is_site_admin:
        raise Http404


def person_get_for_admin(user: Any, person_id: int | str) -> Any:
    site_admin_required(user)
    try:
        return get_user_model().objects.select_related("profile").get(pk=int(person_id))
    except (get_user_model().DoesNotExist, ValueError, TypeError):
        raise Http404 from None
