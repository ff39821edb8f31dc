"""Who may use the account-wide tools: one function per object type, 404 for every refusal."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404

from peacetrack.accounts.services import profile_of
from peacetrack.accounts.types import Person, Visitor


def organiser_required(user: Visitor) -> Person:
    """Opening a case (or importing one) is for case organisers."""
    if not isinstance(user, Person) or not user.is_authenticated:
        raise Http404
    if not profile_of(user).is_organiser:
        raise Http404
    return user


def site_admin_required(user: Visitor) -> Person:
    """The People page and its actions are for site administrators."""
    if not isinstance(user, Person) or not user.is_authenticated:
        raise Http404
    if not profile_of(user).is_site_admin:
        raise Http404
    return user


def person_get_for_admin(user: Visitor, person_id: int | str) -> Person:
    site_admin_required(user)
    try:
        return get_user_model().objects.select_related("profile").get(pk=int(person_id))
    except (get_user_model().DoesNotExist, ValueError, TypeError):
        raise Http404 from None
