"""What the team decided about a finding: acknowledged, or dismissed with a reason.

A review names its finding by rule and fingerprint (advisor/engine.py), never by record ids:
it follows the case file to another server, and it stops applying when the facts it was made
on change (their content gives a new fingerprint), so the finding comes back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peacetrack.cases.models import Case
from peacetrack.cases.public_ids import PublicIdModel


class ReviewStatus(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    DISMISSED = "dismissed", _("Dismissed")


class FindingReview(PublicIdModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(_("rule"), max_length=80)
    fingerprint = models.CharField(max_length=40)
    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    # The facts as they read when the review was made (labels), shown once they have changed.
    facts = models.JSONField(default=list, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who made it, as named on the server it came from (a review imported from a case file).
    stated_by = models.CharField(max_length=300, blank=True, editable=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("finding review")
        verbose_name_plural = _("finding reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule", "fingerprint"], name="one_review_per_finding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} ({self.get_status_display()})"
