"""An invitation to join a case: pending until the invitee, signed in as the invited e-mail,
accepts it. Adding someone to a case never creates or attaches an account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peacetrack.cases.models import Role
from peacetrack.cases.public_ids import PublicIdModel


class InvitationState(models.TextChoices):
    NOT_SENT = "not_sent", pgettext_lazy("invitation", "not sent yet")
    PENDING = "pending", pgettext_lazy("invitation", "waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "accepted")
    REVOKED = "revoked", pgettext_lazy("invitation", "revoked")
    EXPIRED = "expired", pgettext_lazy("invitation", "expired")


class Invitation(PublicIdModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="invitations")
    email = models.CharField(_("e-mail"), max_length=254)  # normalised (accounts.emails)
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    party = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The link: only its SHA-256 hash is kept; minted again by each sending.
    key_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    mailed = models.BooleanField(default=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    expired_use_at = models.DateTimeField(null=True, blank=True)
    # The account made from this invitation's link, if any (see accounts.Profile.confirmed).
    account_created = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case", "email"]),
            # The open invitations of a case a page at a time, newest first.
            models.Index(fields=["case", "-created_at", "-public_id"], name="invitation_case_page"),
        ]

    def __str__(self) -> str:
        return f"invitation of {self.email} to case {self.case_id}"

    @property
    def state(self) -> InvitationState:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.sent_at is None:
            return InvitationState.NOT_SENT
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    @property
    def is_open(self) -> bool:
        """Not accepted and not revoked: it still holds a place for the invitee."""
        return self.accepted_at is None and self.revoked_at is None
