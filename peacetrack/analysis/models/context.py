"""1.3 The larger context: institutions for managing conflict, characteristics of intractability."""

from __future__ import annotations

from django.db import models

from peacetrack.analysis.models.base import Rating
from peacetrack.cases.records import CaseRecord


class InstitutionKind(models.TextChoices):
    COURT = "court", "Court"
    COUNCIL = "council", "Council"
    TRADITIONAL = "traditional", "Traditional mechanism"
    CONTACT_GROUP = "contact_group", "Contact group"
    FRIENDS_GROUP = "friends_group", "Group of friends"
    TRIBUNAL = "tribunal", "Tribunal"
    COMMISSION = "commission", "Commission"
    REGIONAL_BODY = "regional_body", "Regional body"
    OTHER = "other", "Other"


class Origin(models.TextChoices):
    INDIGENOUS = "indigenous", "Indigenous"
    INTERNATIONAL = "international", "International"


class Institution(CaseRecord):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=InstitutionKind.choices)
    origin = models.CharField(max_length=20, choices=Origin.choices)
    capacity = models.CharField(max_length=10, choices=Rating.choices, default=Rating.UNKNOWN)
    legitimacy = models.CharField(max_length=10, choices=Rating.choices, default=Rating.UNKNOWN)
    description = models.TextField(blank=True, max_length=5000)

    class Meta(CaseRecord.Meta):
        ordering = ["name", "id"]

    def assigned_task(self) -> str:
        return "1.3.1"

    def __str__(self) -> str:
        return self.name


class FactorStatus(models.TextChoices):
    PRESENT = "present", "Present"
    ABSENT = "absent", "Absent"
    UNKNOWN = "unknown", "Unknown"


class IntractabilityAssessment(CaseRecord):
    """One characteristic of intractability (the handbook's list) judged for this case."""

    factor = models.CharField(max_length=40, help_text="A key of the intractability_factors list.")
    status = models.CharField(
        max_length=10, choices=FactorStatus.choices, default=FactorStatus.UNKNOWN
    )
    evidence = models.TextField(blank=True, max_length=5000)

    class Meta(CaseRecord.Meta):
        ordering = ["factor", "id"]
        constraints = [
            *CaseRecord.Meta.constraints,
            models.UniqueConstraint(fields=["case", "factor"], name="one_assessment_per_factor"),
        ]

    def assigned_task(self) -> str:
        return "1.3.2"

    def __str__(self) -> str:
        return self.factor
