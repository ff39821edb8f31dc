"""A mediation case, its parties, who works on it (and in which role), and task progress."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from peacetrack.cases.public_ids import PublicIdModel
from peacetrack.cases.records import CaseRecord
from peacetrack.cases.records import Visibility as Visibility
from peacetrack.cases.records import VisibleRecord as VisibleRecord
from peacetrack.cases.records import visibility_code as visibility_code
from peacetrack.cases.records import visibility_label as visibility_label


class CaseType(models.TextChoices):
    INTERSTATE = "interstate", "Interstate"
    INTRASTATE = "intrastate", "Intrastate"
    MIXED = "mixed", "Mixed"


class CaseStatus(models.TextChoices):
    EXPLORING = "exploring", "Exploring"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    CONCLUDED = "concluded", "Concluded"
    WITHDRAWN = "withdrawn", "Withdrawn"


def _pair_constraint(field: str, name: str) -> models.CheckConstraint:
    """A "party" visibility names its party; no other visibility does."""
    return models.CheckConstraint(
        condition=(Q(**{field: "party"}) & Q(**{f"{field}_party__isnull": False}))
        | (~Q(**{field: "party"}) & Q(**{f"{field}_party__isnull": True})),
        name=name,
    )


def new_case_uid() -> str:
    """A case's stable identifier: random (reveals neither order nor count), carried by the
    case file so that the same case is recognised on another server."""
    return secrets.token_hex(16)


class CaseManager(models.Manager["Case"]):
    """The one place that hides cases still being imported (casefile/importer.py writes them
    in short transactions, then makes them visible at once): every page, list, search, API
    route and CLI command goes through this manager or MembershipManager below."""

    def get_queryset(self) -> models.QuerySet[Case]:
        return super().get_queryset().filter(importing=False)


class Case(PublicIdModel):
    uid = models.CharField(max_length=32, unique=True, default=new_case_uid, editable=False)
    title = models.CharField(max_length=200)
    conflict = models.CharField(max_length=200, help_text="A short name for the conflict.")
    region = models.CharField("Countries / region", max_length=200, blank=True)
    case_type = models.CharField(
        max_length=20, choices=CaseType.choices, default=CaseType.INTRASTATE
    )
    mandate_summary = models.TextField(blank=True, max_length=5000)
    # Who reads the mandate summary (docs/permissions.md): a visibility like any record's.
    mandate_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.TEAM
    )
    mandate_visibility_party = models.ForeignKey(
        "Party", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    sponsor = models.CharField(max_length=200, blank=True, help_text="Who backs the mediation.")
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.EXPLORING
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    # True while a case file is being written into it; nobody sees it until it is complete.
    importing = models.BooleanField(default=False, editable=False)
    # Optimistic concurrency (cases/concurrency.py): one more on every change.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    all_cases = models.Manager()  # including those being imported: the importer only
    objects = CaseManager()

    class Meta:
        default_manager_name = "objects"
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="case_ends_after_start",
            ),
            _pair_constraint("mandate_visibility", "case_mandate_visibility_has_party"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def mandate_visibility_code(self) -> str:
        return visibility_code(self.mandate_visibility, self.mandate_visibility_party)

    @property
    def mandate_visibility_label(self) -> str:
        return visibility_label(self.mandate_visibility, self.mandate_visibility_party)


class PartyKind(models.TextChoices):
    GOVERNMENT = "government", "Government"
    ARMED_GROUP = "armed_group", "Armed group"
    POLITICAL_MOVEMENT = "political_movement", "Political movement"
    STATE = "state", "State"
    OTHER = "other", "Other"


class Party(PublicIdModel):
    """A party to the conflict. Later capabilities hang positions and delegations on it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    short_name = models.CharField(max_length=30)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=PartyKind.choices, default=PartyKind.OTHER)
    description = models.TextField(blank=True, max_length=2000)
    # A description often says what a party will really accept, or who negotiates for it:
    # it carries a visibility like any record (docs/permissions.md).
    description_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.TEAM
    )
    description_visibility_party = models.ForeignKey(
        "Party", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    # Optimistic concurrency (cases/concurrency.py): one more on every change.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["short_name", "id"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(fields=["case", "short_name"], name="party_short_name_unique"),
            _pair_constraint("description_visibility", "party_description_visibility_has_party"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})"

    @property
    def description_visibility_code(self) -> str:
        return visibility_code(self.description_visibility, self.description_visibility_party)

    @property
    def description_visibility_label(self) -> str:
        return visibility_label(self.description_visibility, self.description_visibility_party)


class Role(models.TextChoices):
    LEAD = "lead", "Lead mediator"
    MEMBER = "member", "Team member"
    OBSERVER = "observer", "Observer"
    DELEGATE = "delegate", "Party delegate"
    TRACK2 = "track2", "Track-II partner"


# The mediation team: sees the team's own records. Delegates and Track-II partners do not.
TEAM_ROLES = frozenset({Role.LEAD, Role.MEMBER, Role.OBSERVER})
WRITER_ROLES = frozenset({Role.LEAD, Role.MEMBER})


class MembershipManager(models.Manager["Membership"]):
    """Memberships of cases being imported do not open them (see CaseManager)."""

    def get_queryset(self) -> models.QuerySet[Membership]:
        return super().get_queryset().filter(case__importing=False)


class Membership(PublicIdModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.RESTRICT, related_name="delegates"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    all_memberships = models.Manager()  # including cases being imported: the importer only
    objects = MembershipManager()

    class Meta:
        default_manager_name = "objects"
        ordering = ["role", "user__email", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_membership_per_case"),
            # A delegate is bound to exactly one party; nobody else is.
            models.CheckConstraint(
                condition=(Q(role=Role.DELEGATE) & Q(party__isnull=False))
                | (~Q(role=Role.DELEGATE) & Q(party__isnull=True)),
                name="delegate_has_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    @property
    def is_team(self) -> bool:
        return self.role in TEAM_ROLES

    @property
    def can_write(self) -> bool:
        return self.role in WRITER_ROLES

    @property
    def is_lead(self) -> bool:
        return self.role == Role.LEAD


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class TaskProgress(models.Model):
    """Where the case stands on one methodology task. One row per task, made with the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="progress")
    task_key = models.CharField(max_length=10)
    status = models.CharField(
        max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    na_reason = models.CharField("Reason it does not apply", max_length=500, blank=True)
    # The owner a case file named (its stated origin), kept as text: an import links no account.
    stated_owner = models.CharField(max_length=300, blank=True, editable=False)
    # Optimistic concurrency (cases/concurrency.py): one more on every change.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "task_key"], name="one_progress_per_task"),
            models.CheckConstraint(
                condition=~Q(status="not_applicable") | ~Q(na_reason=""),
                name="not_applicable_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.task_key} {self.status}"


class TaskNote(CaseRecord):
    """A note on a methodology task of a case (the task it is written on is its task_key)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=20000)
    # The author a case file named (its stated origin), kept as text: an import links no
    # account. Shown to the mediation team only.
    stated_author = models.CharField(max_length=300, blank=True, editable=False)

    class Meta(CaseRecord.Meta):
        ordering = ["-created_at", "-id"]

    def assigned_task(self) -> str:
        return self.task_key  # chosen by whoever writes it (note_add checks the key)

    def __str__(self) -> str:
        return f"Note on {self.task_key}"
