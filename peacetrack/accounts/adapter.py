"""How Peacetrack bends django-allauth: no open sign-up, one spelling per e-mail, failed
sign-ins to the security log, pauses to the audit trail, password changes audited."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from peacetrack.accounts import services
from peacetrack.accounts.emails import email_normalize
from peacetrack.accounts.types import Person


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from `peacetrack createuser`, a site administrator, or an invitation.
        return False

    def clean_email(self, email: str) -> str:
        return email_normalize(email)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # One count per account whatever the spelling or the Host header it came through.
        return email_normalize(credentials.get("email", credentials.get("username", "")))

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            email = self._get_login_attempts_cache_key(request, **credentials)
            address = self.get_client_ip(request)
            # Audit the pause once while it lasts, not every refused try.
            if cache.add(f"signin-pause-audited:{email}:{address}", 1, timeout=15 * 60):
                services.signin_pause_record(email=email, address=address)
            raise

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        services.signin_failed_record(
            email=str(credentials.get("email", credentials.get("username", ""))),
            address=self.get_client_ip(request),
        )

    def set_password(self, user: AbstractBaseUser, password: str) -> None:
        # allauth calls this for change, set and reset-from-key alike, with an account of
        # AUTH_USER_MODEL.
        if not isinstance(user, Person):
            raise TypeError(f"not an account: {type(user).__name__}")
        request = self.request
        signed_in = request.user if request is not None else None
        actor = signed_in if isinstance(signed_in, Person) and signed_in.is_authenticated else user
        services.user_password_set(user=user, password=password, actor=actor)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        from django.conf import settings

        if settings.MAIL_ENABLED:
            super().send_mail(template_prefix, email, context)
