"""History: the conflict's key events and turning points, and earlier mediation attempts."""

from __future__ import annotations

from django.db import models

from peacetrack.cases.records import CaseRecord


class EventKind(models.TextChoices):
    EVENT = "event", "Event"
    TURNING_POINT = "turning_point", "Turning point"
    VIOLENCE = "violence", "Violence"
    AGREEMENT = "agreement", "Agreement"
    MEDIATION = "mediation", "Mediation"
    OTHER = "other", "Other"


class HistoryEvent(CaseRecord):
    date = models.DateField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.EVENT)
    description = models.TextField(blank=True, max_length=5000)
    issue = models.ForeignKey(
        "analysis.ContestedIssue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(CaseRecord.Meta):
        ordering = ["date", "id"]

    def assigned_task(self) -> str:
        return "1.1.1"

    def __str__(self) -> str:
        return f"{self.date}: {self.title}"


class Outcome(models.TextChoices):
    AGREEMENT_HELD = "agreement_held", "Agreement reached and held"
    AGREEMENT_FAILED = "agreement_failed", "Agreement reached, then failed"
    NO_AGREEMENT = "no_agreement", "No agreement"
    ONGOING = "ongoing", "Still going on"
    UNKNOWN = "unknown", "Unknown"


class MediationAttempt(CaseRecord):
    """An earlier mediation effort and its legacy (Step 3.3, recorded with the history)."""

    mediator = models.CharField("Who mediated", max_length=200)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    format = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.UNKNOWN)
    helps = models.TextField("What it left that helps", blank=True, max_length=3000)
    hurts = models.TextField("What it left that hurts", blank=True, max_length=3000)

    class Meta(CaseRecord.Meta):
        ordering = ["started_on", "id"]

    def assigned_task(self) -> str:
        return "3.3.1"

    def __str__(self) -> str:
        years = f" ({self.started_on.year})" if self.started_on else ""
        return f"{self.mediator}{years}"
