from __future__ import annotations

from django.db import models

from peacetrack.cases.models import Case, VisibleRecord


class Confidence(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Rating(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    UNKNOWN = "unknown", "Unknown"


class AnalysisRecord(VisibleRecord):
    """A step-1 record of one case. Subclasses name the task they serve (TASK_KEY)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    TASK_KEY = "1.1.1"

    class Meta:
        abstract = True

    @property
    def task_key(self) -> str:
        return self.TASK_KEY
