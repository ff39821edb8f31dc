"""A mediation case, its parties, who works on it (and in which role), and task progress."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peacetrack.cases.public_ids import PublicIdModel
from peacetrack.cases.records import CaseRecord
from peacetrack.cases.records import Visibility as Visibility
from peacetrack.cases.records import VisibleRecord as VisibleRecord
from peacetrack.cases.records import visibility_code as visibility_code
from peacetrack.cases.records import visibility_label as visibility_label


class CaseType(models.TextChoices):
    INTERSTATE = "interstate", _("Interstate")
    INTRASTATE = "intrastate", _("Intrastate")
    MIXED = "mixed", _("Mixed")


class CaseStatus(models.TextChoices):
    EXPLORING = "exploring", _("Exploring")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CONCLUDED = "concluded", _("Concluded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


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
    title = models.CharField(_("title"), max_length=200)
    conflict = models.CharField(
        _("conflict"), max_length=200, help_text=_("A short name for the conflict.")
    )
    region = models.CharField(_("Countries / region"), max_length=200, blank=True)
    case_type = models.CharField(
        _("case type"), max_length=20, choices=CaseType.choices, default=CaseType.INTRASTATE
    )
    mandate_summary = models.TextField(_("mandate summary"), blank=True, max_length=5000)
    # Who reads the mandate summary (docs/permissions.md): a visibility like any record's.
    mandate_visibility = models.CharField(
        _("mandate visibility"), max_length=10, choices=Visibility.choices, default=Visibility.TEAM
    )
    mandate_visibility_party = models.ForeignKey(
        "Party", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    sponsor = models.CharField(
        _("sponsor"), max_length=200, blank=True, help_text=_("Who backs the mediation.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.EXPLORING
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
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
        verbose_name = _("case")
        verbose_name_plural = _("cases")
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
    GOVERNMENT = "government", _("Government")
    ARMED_GROUP = "armed_group", _("Armed group")
    POLITICAL_MOVEMENT = "political_movement", _("Political movement")
    STATE = "state", _("State")
    OTHER = "other", _("Other")


class Party(PublicIdModel):
    """A party to the conflict. Later capabilities hang positions and delegations on it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    short_name = models.CharField(_("short name"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=30, choices=PartyKind.choices, default=PartyKind.OTHER
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    # A description often says what a party will really accept, or who negotiates for it:
    # it carries a visibility like any record (docs/permissions.md).
    description_visibility = models.CharField(
        _("description visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.TEAM,
    )
    description_visibility_party = models.ForeignKey(
        "Party", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    # Optimistic concurrency (cases/concurrency.py): one more on every change.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["short_name", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        # A case's parties a page at a time, in the ordering's order (keyset pages end it with
        # the public id).
        indexes = [models.Index(fields=["case", "short_name", "public_id"], name="party_case_page")]
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
    LEAD = "lead", _("Lead mediator")
    MEMBER = "member", _("Team member")
    OBSERVER = "observer", _("Observer")
    DELEGATE = "delegate", _("Party delegate")
    TRACK2 = "track2", _("Track-II partner")


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
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
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
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
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
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class TaskProgress(models.Model):
    """Where the case stands on one methodology task. One row per task, made with the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="progress")
    task_key = models.CharField(max_length=10)
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    na_reason = models.CharField(_("Reason it does not apply"), max_length=500, blank=True)
    # The owner a case file named (its stated origin), kept as text: an import links no account.
    stated_owner = models.CharField(max_length=300, blank=True, editable=False)
    # Optimistic concurrency (cases/concurrency.py): one more on every change.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
        constraints = [
            models.UniqueConstraint(fields=["case", "task_key"], name="one_progress_per_task"),
            models.CheckConstraint(
                condition=~Q(status="not_applicable") | ~Q(na_reason=""),
                name="not_applicable_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.task_key} {self.status}"


class CheckpointTick(models.Model):
    """A check-point of a task (methodology data, by its place in the task's list) that the
    team has ticked on this case: who ticked it and when. No row: not ticked. Team only, as
    task progress is."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checkpoint_ticks")
    task_key = models.CharField(_("task"), max_length=10)
    index = models.PositiveSmallIntegerField(_("check-point"))
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ticked by"),
    )
    ticked_at = models.DateTimeField(_("ticked on"))
    # Who ticked it as a case file named them (its stated origin), kept as text: an import
    # links no account. Shown to the mediation team only.
    stated_ticked_by = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["case", "task_key", "index"]
        verbose_name = _("ticked check-point")
        verbose_name_plural = _("ticked check-points")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "task_key", "index"], name="one_tick_per_checkpoint"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.task_key}#{self.index}"


class TaskNote(CaseRecord):
    """A note on a methodology task of a case (the task it is written on is its task_key)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("body"), max_length=20000)
    # The author a case file named (its stated origin), kept as text: an import links no
    # account. Shown to the mediation team only.
    stated_author = models.CharField(max_length=300, blank=True, editable=False)

    class Meta(CaseRecord.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [
            # The keyset pages of the notes (peacetrack/paging.py): a case's, and a task's.
            models.Index(fields=["case", "-created_at", "-public_id"], name="tasknote_case_page"),
            models.Index(
                fields=["case", "task_key", "-created_at", "-public_id"],
                name="tasknote_task_page",
            ),
            # The newest notes of a case first (the dashboard's "shared with you"), read in
            # index order rather than by sorting every note of the case.
            models.Index(fields=["case", "-created_at", "-id"], name="tasknote_case_newest"),
        ]
        verbose_name = _("task note")
        verbose_name_plural = _("task notes")

    def assigned_task(self) -> str:
        return self.task_key  # chosen by whoever writes it (note_add checks the key)

    def __str__(self) -> str:
        return str(_("Note on %(task)s") % {"task": self.task_key})
