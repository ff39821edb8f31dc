"""Accounts beside Django's user: profile, personal API tokens, the security log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What Peacetrack knows of an account beyond Django's user (not a swapped user model).

    A user without a row has the defaults: not an organiser, not an administrator, confirmed.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    is_organiser = models.BooleanField(
        _("case organiser"), default=False, help_text=_("May open cases and import case files.")
    )
    is_site_admin = models.BooleanField(
        _("site administrator"),
        default=False,
        help_text=_("Manages accounts on the People page."),
    )
    # Empty: the browser's language (or the language cookie) decides.
    language = models.CharField(
        _("preferred language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    # An account made from an invitation link that was shown to the inviter (no mail server)
    # may accept only that invitation until a site administrator confirms it.
    confirmed = models.BooleanField(_("confirmed"), default=True)

    def __str__(self) -> str:
        return f"profile of {self.user_id}"


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text=_("The first characters, to recognise it."))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        from django.utils import timezone

        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class SecurityEvent(models.Model):
    """Failed sign-ins and the like: kept for a while, then pruned (`peacetrack security
    prune`). Not the audit trail, which is append-only: anyone could grow that without bound by
    typing wrong passwords."""

    class Kind(models.TextChoices):
        SIGNIN_FAILED = "signin_failed", _("Failed sign-in")
        SIGNIN_PAUSED = "signin_paused", _("Sign-ins paused")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    email = models.CharField(max_length=254, blank=True)
    address = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.email}"
