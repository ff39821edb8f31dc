"""1.1 What the conflict is about: contested issues, positions and interests, who gains."""

from __future__ import annotations

from django.db import models

from peacetrack.analysis.models.base import Confidence
from peacetrack.cases.models import Party
from peacetrack.cases.records import CaseRecord


class IssueCategory(models.TextChoices):
    TERRITORY = "territory", "Territory"
    SOVEREIGNTY = "sovereignty_autonomy", "Sovereignty or autonomy"
    RESOURCES = "natural_resources", "Natural resources or wealth"
    IDENTITY = "identity", "Religious or ethnic identity"
    SECURITY = "security", "Security"
    GOVERNANCE = "governance", "Governance and power"
    JUSTICE = "justice", "Justice and accountability"
    OTHER = "other", "Other"


class IssueLevel(models.TextChoices):
    LOCAL = "local", "Local"
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    INTERNATIONAL = "international", "International"


class IssueScope(models.TextChoices):
    CORE = "core", "Core to a sustainable peace"
    SECONDARY = "secondary", "Secondary"
    OUT_OF_SCOPE = "out_of_scope", "Out of scope for this process"


class Compatibility(models.TextChoices):
    YES = "yes", "Could be compatible"
    NO = "no", "Incompatible"
    UNKNOWN = "unknown", "Not yet known"


class ContestedIssue(CaseRecord):
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=30, choices=IssueCategory.choices)
    levels = models.JSONField(default=list, blank=True, help_text="Where it plays out.")
    description = models.TextField(blank=True, max_length=5000)
    emergence = models.TextField("How it emerged and changed", blank=True, max_length=5000)
    events = models.JSONField(
        default=list, blank=True, help_text="Dated turning points of this issue."
    )
    scope = models.CharField(max_length=20, choices=IssueScope.choices, default=IssueScope.CORE)
    positions_clash = models.BooleanField("Stated positions clash", default=False)
    interests_compatible = models.CharField(
        "Underlying interests",
        max_length=10,
        choices=Compatibility.choices,
        default=Compatibility.UNKNOWN,
    )
    compatibility_note = models.TextField(blank=True, max_length=2000)

    class Meta(CaseRecord.Meta):
        ordering = ["title", "id"]

    def assigned_task(self) -> str:
        return "1.1.1"

    def __str__(self) -> str:
        return self.title

    @property
    def room_for_a_deal(self) -> bool:
        """Positions clash, yet the interests behind them could be reconciled (1.1.2)."""
        return self.positions_clash and self.interests_compatible == Compatibility.YES


class Flexibility(models.TextChoices):
    RIGID = "rigid", "Rigid"
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"
    UNKNOWN = "unknown", "Unknown"


class Position(CaseRecord):
    """A party's stated position on an issue, and what lies underneath it (1.1.2)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    issue = models.ForeignKey(ContestedIssue, on_delete=models.CASCADE, related_name="positions")
    position = models.TextField("Stated position", max_length=3000)
    interests = models.TextField("Underlying interests and needs", blank=True, max_length=3000)
    fears = models.TextField("What the party fears", blank=True, max_length=3000)
    flexibility = models.CharField(
        max_length=10, choices=Flexibility.choices, default=Flexibility.UNKNOWN
    )
    confidence = models.CharField(
        "Confidence in this assessment",
        max_length=10,
        choices=Confidence.choices,
        default=Confidence.MEDIUM,
    )

    class Meta(CaseRecord.Meta):
        ordering = ["issue__title", "party__short_name", "id"]
        constraints = [
            *CaseRecord.Meta.constraints,
            models.UniqueConstraint(fields=["party", "issue"], name="one_position_per_party_issue"),
        ]

    def assigned_task(self) -> str:
        return "1.1.2"

    def __str__(self) -> str:
        return f"{self.party.short_name} on {self.issue.title}"


class Gain(models.TextChoices):
    POWER = "power", "Power"
    WEALTH = "wealth", "Wealth"
    IMPUNITY = "impunity", "Escaping justice"
    STATUS = "status", "Status or standing"
    OTHER = "other", "Other"


class Beneficiary(CaseRecord):
    """Someone who gains from the conflict continuing, and how (1.1.2)."""

    actor = models.ForeignKey("analysis.Actor", on_delete=models.CASCADE, related_name="+")
    gain = models.CharField(max_length=10, choices=Gain.choices)
    how = models.TextField("How they gain", max_length=3000)

    class Meta(CaseRecord.Meta):
        ordering = ["actor__name", "id"]

    def assigned_task(self) -> str:
        return "1.1.2"

    def __str__(self) -> str:
        return f"{self.actor.name}: {self.get_gain_display()}"
