"""API authentication: a personal token (Authorization: Bearer pt_…) or the browser session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from peacetrack.accounts.tokens import token_authenticate
from peacetrack.accounts.types import Person


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Person | None:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The browser session. A signed-in session's writes need Django's CSRF token (403 without
    it); without a signed-in session there is nothing to protect, so the request answers 401
    like every other request without credentials (not a CSRF 403)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


AUTH = [TokenAuth(), BrowserSessionAuth()]
