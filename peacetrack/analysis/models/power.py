"""1.4 Sources of power and leverage: resources, relative strength over time, leverage."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peacetrack.cases.records import CaseRecord, Provenance


class ResourceKind(models.TextChoices):
    ARMED_FORCES = "armed_forces", _("Armed forces")
    MATERIEL = "materiel", _("Weapons and materiel")
    TERRITORY = "territory", _("Territory")
    NATURAL_RESOURCES = "natural_resources", _("Natural resources")
    COMMODITY_EXPORTS = "commodity_exports", _("Commodity exports")
    PREDATION = "predation", _("Predation and extortion")
    DIVERTED_AID = "diverted_aid", _("Diverted aid")
    DIASPORA_FUNDING = "diaspora_funding", _("Diaspora funding")
    STATE_ASSETS = "state_assets", _("State assets")
    OTHER_MATERIAL = "other_material", _("Other material resource")
    POPULAR_SUPPORT = "popular_support", _("Popular support")
    FEAR = "fear", _("Fear")
    COHESION = "cohesion", _("Cohesion")
    MEDIA_CONTROL = "media_control", _("Media control")
    RELIGIOUS_ENDORSEMENT = "religious_endorsement", _("Religious endorsement")
    OTHER_NON_MATERIAL = "other_non_material", _("Other non-material resource")


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
    SECURE = "secure", _("Secure")
    CONTESTED = "contested", _("Contested")
    PRECARIOUS = "precarious", _("Precarious")
    UNKNOWN = "unknown", _("Unknown")


class Resource(CaseRecord, Provenance):
    # Who controls the resource.
    actor = models.ForeignKey(
        "analysis.Actor",
        verbose_name=_("Controlled by"),
        on_delete=models.CASCADE,
        related_name="resources",
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=30, choices=ResourceKind.choices)
    lootable = models.BooleanField(
        verbose_name=_("lootable"),
        default=False,
        help_text=_("Easily seized and sold: alluvial minerals, drugs, timber."),
    )
    description = models.TextField(verbose_name=_("description"), blank=True, max_length=3000)
    hold = models.CharField(
        _("How secure the actor's hold is"),
        max_length=10,
        choices=Hold.choices,
        default=Hold.UNKNOWN,
    )

    class Meta(CaseRecord.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["actor__name", "kind", "public_id"]

    def assigned_task(self) -> str:
        return "1.4.1"

    def __str__(self) -> str:
        return f"{self.actor.name}: {self.get_kind_display()}"

    @property
    def is_material(self) -> bool:
        return self.kind not in NON_MATERIAL


class Trend(models.TextChoices):
    RISING = "rising", _("Rising")
    STABLE = "stable", _("Stable")
    FALLING = "falling", _("Falling")


class StrengthAssessment(CaseRecord, Provenance):
    """An actor's relative strength on a date (1 very weak … 5 dominant), with the reasoning: a
    party's through the actor that stands for it, or any other stakeholder's."""

    actor = models.ForeignKey(
        "analysis.Actor", verbose_name=_("actor"), on_delete=models.CASCADE, related_name="+"
    )
    assessed_on = models.DateField(verbose_name=_("assessed on"))
    strength = models.PositiveSmallIntegerField(
        verbose_name=_("strength"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 very weak, 2 weak, 3 even, 4 strong, 5 dominant."),
    )
    trend = models.CharField(
        verbose_name=_("trend"), max_length=10, choices=Trend.choices, default=Trend.STABLE
    )
    rationale = models.TextField(verbose_name=_("rationale"), max_length=3000)

    class Meta(CaseRecord.Meta):
        verbose_name = _("strength assessment")
        verbose_name_plural = _("strength assessments")
        ordering = ["assessed_on", "actor__name", "public_id"]
        # the list's keyset pages (peacetrack/paging.py) start with the date
        indexes = [models.Index(fields=["case", "assessed_on"], name="strength_case_page")]

    def assigned_task(self) -> str:
        return "1.4.2"

    def __str__(self) -> str:
        return f"{self.actor.short_label} {self.assessed_on}: {self.strength}"


class LeverageSource(CaseRecord, Provenance):
    """One entry of the handbook's sources-of-leverage box: what this case offers for it."""

    source = models.CharField(
        verbose_name=_("source"),
        max_length=40,
        help_text=_("A key of the sources_of_leverage list."),
    )
    offers = models.TextField(_("What this case offers"), max_length=3000)
    holders = models.ManyToManyField(
        "analysis.Actor",
        verbose_name=_("holders"),
        blank=True,
        related_name="+",
        help_text=_("Who holds or could wield it."),
    )

    class Meta(CaseRecord.Meta):
        verbose_name = _("source of leverage")
        verbose_name_plural = _("sources of leverage")
        ordering = ["source", "public_id"]
        indexes = [models.Index(fields=["case", "source", "public_id"], name="leverage_case_page")]
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
