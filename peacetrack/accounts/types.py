"""The types of the people who use Peacetrack, so that no function takes a user as `Any`.

AUTH_USER_MODEL is Django's own `auth.User` (the profile sits beside it, accounts/models.py),
so the concrete class is the type:

- `Person`: a signed-in account — every service's `actor`, an owner, an author, an invitee;
- `Visitor`: whoever sent a request (`request.user`), signed in or not — what access
  functions take before they have checked anything.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404, HttpRequest

Person: TypeAlias = User
Visitor: TypeAlias = User | AnonymousUser


def person_of(request: HttpRequest) -> Person:
    """The signed-in account that made `request`, for a view that requires one (its access
    function or `login_required` has turned everyone else away already; should one slip
    through, it answers like anything the visitor may not see)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise Http404
    return user
