"""1.4 Sources of power and leverage: resources, relative strength over time, leverage."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from peacetrack.cases.models import Party
from peacetrack.cases.records import CaseRecord


class ResourceKind(models.TextChoices):
    ARMED_FORCES = "armed_forces", "Armed forces"
    MATERIEL = "materiel", "Weapons and materiel"
    TERRITORY = "territory", "Territory"
    NATURAL_RESOURCES = "natural_resources", "Natural resources"
    COMMODITY_EXPORTS = "commodity_exports", "Commodity exports"
    PREDATION = "predation", "Predation and extortion"
    DIVERTED_AID = "diverted_aid", "Diverted aid"
    DIASPORA_FUNDING = "diaspora_funding", "Diaspora funding"
    STATE_ASSETS = "state_assets", "State assets"
    OTHER_MATERIAL = "other_material", "Other material resource"
    POPULAR_SUPPORT = "popular_support", "Popular support"
    FEAR = "fear", "Fear"
    COHESION = "cohesion", "Cohesion"
    MEDIA_CONTROL = "media_control", "Media control"
    RELIGIOUS_ENDORSEMENT = "religious_endorsement", "Religious endorsement"
    OTHER_NON_MATERIAL = "other_non_material", "Other non-material resource"


NON_MATERIAL = frozenset(
    {
        ResourceKind.POPULAR_SUPPORT,
        ResourceKind.FEAR,
        ResourceKind.COHESION,
        ResourceKind.MEDIA_CONTROL,
        ResourceKind.RELIGIOUS_ENDORSEMENT,
        ResourceKind.OTHER_NON_MATERIAL,
    }
)


class Hold(models.TextChoices):
    SECURE = "secure", "Secure"
    CONTESTED = "contested", "Contested"
    PRECARIOUS = "precarious", "Precarious"
    UNKNOWN = "unknown", "Unknown"


class Resource(CaseRecord):
    actor = models.ForeignKey("analysis.Actor", on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=30, choices=ResourceKind.choices)
    description = models.TextField(blank=True, max_length=3000)
    hold = models.CharField(
        "How secure the actor's hold is", max_length=10, choices=Hold.choices, default=Hold.UNKNOWN
    )

    class Meta(CaseRecord.Meta):
        ordering = ["actor__name", "kind", "id"]

    def assigned_task(self) -> str:
        return "1.4.1"

    def __str__(self) -> str:
        return f"{self.actor.name}: {self.get_kind_display()}"

    @property
    def is_material(self) -> bool:
        return self.kind not in NON_MATERIAL


class Trend(models.TextChoices):
    RISING = "rising", "Rising"
    STABLE = "stable", "Stable"
    FALLING = "falling", "Falling"


class StrengthAssessment(CaseRecord):
    """A party's relative strength on a date (1 very weak … 5 dominant), with the reasoning."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    assessed_on = models.DateField()
    strength = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 very weak, 2 weak, 3 even, 4 strong, 5 dominant.",
    )
    trend = models.CharField(max_length=10, choices=Trend.choices, default=Trend.STABLE)
    rationale = models.TextField(max_length=3000)

    class Meta(CaseRecord.Meta):
        ordering = ["assessed_on", "party__short_name", "id"]

    def assigned_task(self) -> str:
        return "1.4.2"

    def __str__(self) -> str:
        return f"{self.party.short_name} {self.assessed_on}: {self.strength}"


class LeverageSource(CaseRecord):
    """One entry of the handbook's sources-of-leverage box: what this case offers for it."""

    source = models.CharField(max_length=40, help_text="A key of the sources_of_leverage list.")
    offers = models.TextField("What this case offers", max_length=3000)
    holder = models.ForeignKey(
        "analysis.Actor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who holds or could wield it.",
    )

    class Meta(CaseRecord.Meta):
        ordering = ["source", "id"]
        constraints = [
            *CaseRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["case", "source"], name="one_entry_per_leverage_source"
            ),
        ]

    def assigned_task(self) -> str:
        return "1.4.2"

    def __str__(self) -> str:
        return self.source
