"""1.2 The actors and the ties between them (the actor map)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from peacetrack.analysis.models.base import Confidence
from peacetrack.cases.models import Party
from peacetrack.cases.records import CaseRecord


class ActorKind(models.TextChoices):
    CONFLICT_PARTY = "conflict_party", "Conflict party"
    POLITICAL_WING = "political_wing", "Political wing"
    MILITARY_WING = "military_wing", "Military wing"
    FACTION = "faction", "Faction"
    TOP_LEADER = "top_leader", "Top leader"
    MID_LEADER = "mid_leader", "Mid-level leader"
    CIVIL_SOCIETY = "civil_society", "Civil society organisation"
    POPULACE_GROUP = "populace_group", "Group in the populace"
    STATE = "state", "State"
    INTERNATIONAL_ORG = "international_org", "International or regional organisation"
    DIASPORA = "diaspora", "Diaspora"
    INGO = "ingo", "International NGO"
    MEDIA = "media", "Media"
    OTHER = "other", "Other"


# Which methodology task an actor's profile serves, by kind (Step 1.2).
ACTOR_TASKS = {
    ActorKind.CONFLICT_PARTY: "1.2.1",
    ActorKind.POLITICAL_WING: "1.2.1",
    ActorKind.MILITARY_WING: "1.2.1",
    ActorKind.FACTION: "1.2.1",
    ActorKind.TOP_LEADER: "1.2.1",
    ActorKind.MID_LEADER: "1.2.1",
    ActorKind.CIVIL_SOCIETY: "1.2.2",
    ActorKind.POPULACE_GROUP: "1.2.2",
    ActorKind.STATE: "1.2.3",
    ActorKind.INTERNATIONAL_ORG: "1.2.3",
    ActorKind.DIASPORA: "1.2.4",
    ActorKind.INGO: "1.2.4",
    ActorKind.MEDIA: "1.2.4",
    ActorKind.OTHER: "1.2.4",
}


class Actor(CaseRecord):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=ActorKind.choices)
    party = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The conflict party this actor belongs to or sides with, if any.",
    )
    potential_spoiler = models.BooleanField(default=False)
    description = models.TextField(blank=True, max_length=5000)
    # Kind-specific profile answers; the keys allowed per kind are in analysis/profiles.py.
    profile = models.JSONField(default=dict, blank=True)

    class Meta(CaseRecord.Meta):
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return self.name

    def assigned_task(self) -> str:
        """An actor serves the profiling task of its kind (ACTOR_TASKS)."""
        return ACTOR_TASKS[ActorKind(self.kind)]


class TieKind(models.TextChoices):
    ALLIANCE = "alliance", "Alliance"
    HOSTILITY = "hostility", "Hostility"
    COMMAND = "command", "Command"
    PART_OF = "part_of", "Part of / faction of"
    FUNDING = "funding_supply", "Funding or supply"
    INFLUENCE = "influence", "Influence"
    CHANNEL = "channel", "Communication channel"
    KINSHIP = "kinship", "Kinship or cross-cutting membership"


class Strength(models.IntegerChoices):
    WEAK = 1, "Weak"
    MODERATE = 2, "Moderate"
    STRONG = 3, "Strong"


class Tie(CaseRecord):
    """A relationship between two actors of the same case. Directed ties read source → target."""

    source = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="ties_out", verbose_name="from actor"
    )
    target = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="ties_in", verbose_name="to actor"
    )
    kind = models.CharField(max_length=20, choices=TieKind.choices)
    directed = models.BooleanField(
        default=False, help_text="Runs from the first actor to the second."
    )
    strength = models.PositiveSmallIntegerField(choices=Strength.choices, default=Strength.MODERATE)
    since = models.DateField(null=True, blank=True)
    source_note = models.CharField("Source of the information", max_length=500, blank=True)
    confidence = models.CharField(
        max_length=10, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    note = models.TextField(blank=True, max_length=3000)

    class Meta(CaseRecord.Meta):
        ordering = ["source__name", "target__name", "id"]
        indexes = [models.Index(fields=["case", "kind"])]
        constraints = [
            *CaseRecord.Meta.constraints,
            models.CheckConstraint(condition=~Q(source=F("target")), name="tie_links_two_actors"),
        ]

    def assigned_task(self) -> str:
        return "1.2.1"

    def __str__(self) -> str:
        arrow = "→" if self.directed else "—"
        return f"{self.source.name} {arrow} {self.target.name} ({self.get_kind_display()})"
