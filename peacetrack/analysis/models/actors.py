"""1.2 The actors and the ties between them (the actor map)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from peacetrack.cases.dates import ApproxDateField
from peacetrack.cases.models import Party
from peacetrack.cases.records import CaseRecord, Provenance


class ActorKind(models.TextChoices):
    CONFLICT_PARTY = "conflict_party", _("Conflict party")
    POLITICAL_WING = "political_wing", _("Political wing")
    MILITARY_WING = "military_wing", _("Military wing")
    FACTION = "faction", _("Faction")
    TOP_LEADER = "top_leader", _("Top leader")
    MID_LEADER = "mid_leader", _("Mid-level leader")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    POPULACE_GROUP = "populace_group", _("Group in the populace")
    STATE = "state", _("State")
    INTERNATIONAL_ORG = "international_org", _("International or regional organisation")
    DIASPORA = "diaspora", _("Diaspora")
    INGO = "ingo", _("International NGO")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


class Constituency(models.TextChoices):
    """Whom an actor speaks for or draws on, for the analysis of inclusion (Step 1.2)."""

    WOMEN = "women", _("Women's organisation")
    YOUTH = "youth", _("Youth")
    DISPLACED = "displaced", _("Displaced people and refugees")
    RELIGIOUS = "religious", _("Religious")
    TRADITIONAL = "traditional_authority", _("Traditional authority")
    DIASPORA = "diaspora", _("Diaspora")
    BUSINESS = "business", _("Business")
    VICTIMS = "victims", _("Victims' group")
    MINORITY = "minority", _("Minority")


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


class Actor(CaseRecord, Provenance):
    name = models.CharField(verbose_name=_("name"), max_length=200)
    kind = models.CharField(verbose_name=_("kind"), max_length=30, choices=ActorKind.choices)
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The conflict party this actor belongs to or sides with, if any."),
    )
    # The party this actor stands for: its positions and strength are that party's (one actor
    # per party, created with it). A party is a side that may sit at the table; any other
    # actor is a stakeholder, analysed the same way. If the party goes, the actor stays as a
    # stakeholder.
    stands_for = models.OneToOneField(
        Party,
        verbose_name=_("stands for the party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="standing_actor",
        help_text=_("The party this actor represents in the analysis, if it is one."),
    )
    potential_spoiler = models.BooleanField(verbose_name=_("potential spoiler"), default=False)
    constituencies = models.JSONField(
        verbose_name=_("constituencies"),
        default=list,
        blank=True,
        help_text=_("Whom the actor speaks for or draws on (for the analysis of inclusion)."),
    )
    description = models.TextField(verbose_name=_("description"), blank=True, max_length=5000)
    # Kind-specific profile answers; the keys allowed per kind are in analysis/profiles.py.
    profile = models.JSONField(verbose_name=_("profile"), default=dict, blank=True)

    class Meta(CaseRecord.Meta):
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        # Ended by the public id as keyset pages end it (peacetrack/paging.py): one index then
        # serves a page and any other ordered read of the case's rows (task page, search).
        ordering = ["name", "public_id"]
        indexes = [
            models.Index(fields=["case", "kind"]),
            # the list's keyset pages (peacetrack/paging.py)
            models.Index(fields=["case", "name", "public_id"], name="actor_case_page"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_stakeholder(self) -> bool:
        """An actor that does not stand for a party (Step 1.2)."""
        return self.stands_for_id is None

    @property
    def short_label(self) -> str:
        """How charts and the matrix name it: a party's actor by the party's short name."""
        if self.stands_for_id is not None and self.stands_for is not None:
            return self.stands_for.short_name
        return self.name

    def assigned_task(self) -> str:
        """An actor serves the profiling task of its kind (ACTOR_TASKS)."""
        return ACTOR_TASKS[ActorKind(self.kind)]


class TieKind(models.TextChoices):
    ALLIANCE = "alliance", _("Alliance")
    HOSTILITY = "hostility", _("Hostility")
    COMMAND = "command", _("Command")
    PART_OF = "part_of", _("Part of / faction of")
    FUNDING = "funding_supply", _("Funding or supply")
    INFLUENCE = "influence", _("Influence")
    CHANNEL = "channel", _("Communication channel")
    KINSHIP = "kinship", _("Kinship or cross-cutting membership")
    RIVALRY = "rivalry", _("Rivalry")


# The sign of a tie (Step 1.2): hostility and rivalry pull actors apart; every other kind ties
# them together (the network analysis finds brokers on the positive ties only, and camps from
# both signs).
NEGATIVE_TIE_KINDS = frozenset({TieKind.HOSTILITY, TieKind.RIVALRY})


class Strength(models.IntegerChoices):
    WEAK = 1, _("Weak")
    MODERATE = 2, _("Moderate")
    STRONG = 3, _("Strong")


class Tie(CaseRecord, Provenance):
    """A relationship between two actors of the same case. Directed ties read source → target."""

    source = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="ties_out", verbose_name=_("from actor")
    )
    target = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="ties_in", verbose_name=_("to actor")
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=TieKind.choices)
    directed = models.BooleanField(
        verbose_name=_("directed"),
        default=False,
        help_text=_("Runs from the first actor to the second."),
    )
    strength = models.PositiveSmallIntegerField(
        verbose_name=_("strength"), choices=Strength.choices, default=Strength.MODERATE
    )
    # An alignment can change: a tie holds from `started` until `ended` (empty: still holds).
    started = ApproxDateField(verbose_name=_("started"), blank=True)
    ended = ApproxDateField(verbose_name=_("ended"), blank=True)
    # source_note and confidence: from Provenance (with the information's date and who
    # alleges it).
    note = models.TextField(verbose_name=_("note"), blank=True, max_length=3000)

    class Meta(CaseRecord.Meta):
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        ordering = ["source__name", "target__name", "public_id"]
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
