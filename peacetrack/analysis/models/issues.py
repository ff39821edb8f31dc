"""1.1 What the conflict is about: contested issues, positions and interests, who gains."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from peacetrack.cases.records import CaseRecord, Provenance


class IssueCategory(models.TextChoices):
    TERRITORY = "territory", _("Territory")
    SOVEREIGNTY = "sovereignty_autonomy", _("Sovereignty or autonomy")
    RESOURCES = "natural_resources", _("Natural resources or wealth")
    IDENTITY = "identity", _("Religious or ethnic identity")
    SECURITY = "security", _("Security")
    GOVERNANCE = "governance", _("Governance and power")
    JUSTICE = "justice", _("Justice and accountability")
    OTHER = "other", _("Other")


class IssueLevel(models.TextChoices):
    LOCAL = "local", _("Local")
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    INTERNATIONAL = "international", _("International")


class IssueScope(models.TextChoices):
    CORE = "core", _("Core to a sustainable peace")
    SECONDARY = "secondary", _("Secondary")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope for this process")


class Compatibility(models.TextChoices):
    YES = "yes", _("Could be compatible")
    NO = "no", _("Incompatible")
    UNKNOWN = "unknown", _("Not yet known")


class ContestedIssue(CaseRecord, Provenance):
    title = models.CharField(verbose_name=_("title"), max_length=200)
    # One of IssueCategory or the team's own (models/lists.py), checked by the services.
    category = models.CharField(verbose_name=_("category"), max_length=30)
    levels = models.JSONField(
        verbose_name=_("levels"), default=list, blank=True, help_text=_("Where it plays out.")
    )
    description = models.TextField(verbose_name=_("description"), blank=True, max_length=5000)
    emergence = models.TextField(_("How it emerged and changed"), blank=True, max_length=5000)
    scope = models.CharField(
        verbose_name=_("scope"), max_length=20, choices=IssueScope.choices, default=IssueScope.CORE
    )
    # The team's order of the issues (the positions matrix): core issues first, then the
    # secondary, then those out of scope; within each, by this number, then by title.
    rank = models.PositiveSmallIntegerField(
        _("order"),
        null=True,
        blank=True,
        help_text=_(
            "Where the issue comes among those of its scope on the positions matrix: 1 first. "
            "Core issues always come before secondary ones, and those out of scope last; "
            "issues with no number follow the numbered ones, by title."
        ),
    )
    positions_clash = models.BooleanField(_("Stated positions clash"), default=False)
    interests_compatible = models.CharField(
        _("Underlying interests"),
        max_length=10,
        choices=Compatibility.choices,
        default=Compatibility.UNKNOWN,
    )
    compatibility_note = models.TextField(
        verbose_name=_("compatibility note"), blank=True, max_length=2000
    )

    class Meta(CaseRecord.Meta):
        verbose_name = _("contested issue")
        verbose_name_plural = _("contested issues")
        ordering = ["title", "public_id"]
        # the list's keyset pages (peacetrack/paging.py)
        indexes = [models.Index(fields=["case", "title", "public_id"], name="issue_case_page")]

    def assigned_task(self) -> str:
        return "1.1.1"

    def __str__(self) -> str:
        return self.title

    @property
    def room_for_a_deal(self) -> bool:
        """Positions clash, yet the interests behind them could be reconciled (1.1.2)."""
        return self.positions_clash and self.interests_compatible == Compatibility.YES


class Flexibility(models.TextChoices):
    RIGID = "rigid", _("Rigid")
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")
    UNKNOWN = "unknown", _("Unknown")


class Position(CaseRecord, Provenance):
    """An actor's stated position on an issue, and what lies underneath it (1.1.2): a party's
    through the actor that stands for it, or any other stakeholder's."""

    actor = models.ForeignKey(
        "analysis.Actor", verbose_name=_("actor"), on_delete=models.CASCADE, related_name="+"
    )
    issue = models.ForeignKey(
        ContestedIssue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="positions"
    )
    position = models.TextField(_("Stated position"), max_length=3000)
    interests = models.TextField(_("Underlying interests and needs"), blank=True, max_length=3000)
    fears = models.TextField(_("What the actor fears"), blank=True, max_length=3000)
    flexibility = models.CharField(
        verbose_name=_("flexibility"),
        max_length=10,
        choices=Flexibility.choices,
        default=Flexibility.UNKNOWN,
    )
    # confidence (in this assessment): from Provenance, with its source and date.

    class Meta(CaseRecord.Meta):
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["issue__title", "actor__name", "public_id"]
        constraints = [
            *CaseRecord.Meta.constraints,
            models.UniqueConstraint(fields=["actor", "issue"], name="one_position_per_actor_issue"),
        ]

    def assigned_task(self) -> str:
        return "1.1.2"

    def __str__(self) -> str:
        return gettext("%(actor)s on %(issue)s") % {
            "actor": self.actor.short_label,
            "issue": self.issue.title,
        }


class Gain(models.TextChoices):
    POWER = "power", _("Power")
    WEALTH = "wealth", _("Wealth")
    IMPUNITY = "impunity", _("Escaping justice")
    STATUS = "status", _("Status or standing")
    OTHER = "other", _("Other")


class Beneficiary(CaseRecord, Provenance):
    """Someone who gains from the conflict continuing, and how (1.1.2)."""

    actor = models.ForeignKey(
        "analysis.Actor", verbose_name=_("actor"), on_delete=models.CASCADE, related_name="+"
    )
    gain = models.CharField(verbose_name=_("gain"), max_length=10, choices=Gain.choices)
    how = models.TextField(_("How they gain"), max_length=3000)

    class Meta(CaseRecord.Meta):
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["actor__name", "public_id"]

    def assigned_task(self) -> str:
        return "1.1.2"

    def __str__(self) -> str:
        return f"{self.actor.name}: {self.get_gain_display()}"
