"""Sign-in that pauses after repeated failures, per account and per address.

Counts live in Django's cache: per process with the default in-memory cache, shared between
processes when a shared cache (e.g. Redis) is configured.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.core.exceptions import ValidationError


def _keys(request: Any, username: str) -> list[str]:
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    account = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"signin-failures:account:{account}", f"signin-failures:address:{address}"]


class PausingAuthenticationForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "") or ""
        keys = _keys(self.request, username)
        if any(cache.get(key, 0) >= settings.SIGNIN_MAX_FAILURES for key in keys):
            minutes = settings.SIGNIN_PAUSE_SECONDS // 60
            raise ValidationError(
                f"Too many failed sign-ins. Wait {minutes} minutes, then try again.",
                code="paused",
            )
        try:
            return super().clean()
        except ValidationError:
            for key in keys:
                cache.add(key, 0, settings.SIGNIN_PAUSE_SECONDS)
                cache.incr(key)
            raise


class SignInView(LoginView):
    form_class = PausingAuthenticationForm
    redirect_authenticated_user = True
