"""History: the conflict's key events and turning points, and earlier mediation attempts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from peacetrack.cases.dates import ApproxDateField, approx_date_text, approx_ordering
from peacetrack.cases.records import CaseRecord, Provenance


class EventKind(models.TextChoices):
    EVENT = "event", _("Event")
    TURNING_POINT = "turning_point", _("Turning point")
    VIOLENCE = "violence", _("Violence")
    AGREEMENT = "agreement", _("Agreement")
    MEDIATION = "mediation", _("Mediation")
    OTHER = "other", _("Other")


class HistoryEvent(CaseRecord, Provenance):
    """A dated event of the conflict's history. One timeline: an issue's history is the events
    that name it (`issues`), an actor's the events that name the actor."""

    date = ApproxDateField(verbose_name=_("date"))
    title = models.CharField(verbose_name=_("title"), max_length=200)
    kind = models.CharField(
        verbose_name=_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.EVENT
    )
    description = models.TextField(verbose_name=_("description"), blank=True, max_length=5000)
    actors = models.ManyToManyField(
        "analysis.Actor", verbose_name=_("actors involved"), blank=True, related_name="events"
    )
    issues = models.ManyToManyField(
        "analysis.ContestedIssue",
        verbose_name=_("issues concerned"),
        blank=True,
        related_name="events",
    )
    mediation = models.ForeignKey(
        "analysis.MediationAttempt",
        verbose_name=_("earlier mediation attempt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("The earlier mediation attempt this event belongs to, if any."),
    )

    class Meta(CaseRecord.Meta):
        verbose_name = _("historical event")
        verbose_name_plural = _("historical events")
        ordering = [*approx_ordering("date"), "public_id"]
        # The ordering's own expression, so a page is read from the index, not sorted.
        indexes = [
            models.Index(
                "case", *approx_ordering("date"), "public_id", name="historyevent_case_page"
            )
        ]

    def assigned_task(self) -> str:
        return "1.1.1"

    def __str__(self) -> str:
        return f"{approx_date_text(self.date)}: {self.title}"


class Outcome(models.TextChoices):
    AGREEMENT_HELD = "agreement_held", _("Agreement reached and held")
    AGREEMENT_FAILED = "agreement_failed", _("Agreement reached, then failed")
    NO_AGREEMENT = "no_agreement", _("No agreement")
    ONGOING = "ongoing", _("Still going on")
    UNKNOWN = "unknown", _("Unknown")


class MediationAttempt(CaseRecord, Provenance):
    """An earlier mediation effort and its legacy (Step 3.3, recorded with the history)."""

    mediator = models.CharField(_("Who mediated"), max_length=200)
    started_on = ApproxDateField(verbose_name=_("started on"), blank=True)
    ended_on = ApproxDateField(verbose_name=_("ended on"), blank=True)
    format = models.CharField(verbose_name=_("format"), max_length=300, blank=True)
    outcome = models.CharField(
        verbose_name=_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    helps = models.TextField(_("What it left that helps"), blank=True, max_length=3000)
    hurts = models.TextField(_("What it left that hurts"), blank=True, max_length=3000)

    class Meta(CaseRecord.Meta):
        verbose_name = _("earlier mediation attempt")
        verbose_name_plural = _("earlier mediation attempts")
        ordering = [*approx_ordering("started_on"), "public_id"]
        indexes = [
            models.Index(
                "case", *approx_ordering("started_on"), "public_id", name="mediation_case_page"
            )
        ]

    def assigned_task(self) -> str:
        return "3.3.1"

    def __str__(self) -> str:
        years = f" ({self.started_on[:4]})" if self.started_on else ""
        return f"{self.mediator}{years}"
