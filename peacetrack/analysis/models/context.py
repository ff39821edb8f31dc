"""1.3 The larger context: institutions for managing conflict, characteristics of intractability."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from peacetrack.analysis.models.base import Rating
from peacetrack.cases.records import CaseRecord, Provenance


class InstitutionKind(models.TextChoices):
    COURT = "court", _("Court")
    COUNCIL = "council", _("Council")
    TRADITIONAL = "traditional", _("Traditional mechanism")
    CONTACT_GROUP = "contact_group", _("Contact group")
    FRIENDS_GROUP = "friends_group", _("Group of friends")
    TRIBUNAL = "tribunal", _("Tribunal")
    COMMISSION = "commission", _("Commission")
    REGIONAL_BODY = "regional_body", _("Regional body")
    OTHER = "other", _("Other")


class Origin(models.TextChoices):
    INDIGENOUS = "indigenous", _("Indigenous")
    INTERNATIONAL = "international", _("International")


class Institution(CaseRecord, Provenance):
    name = models.CharField(verbose_name=_("name"), max_length=200)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=InstitutionKind.choices)
    origin = models.CharField(verbose_name=_("origin"), max_length=20, choices=Origin.choices)
    capacity = models.CharField(
        verbose_name=_("capacity"), max_length=10, choices=Rating.choices, default=Rating.UNKNOWN
    )
    legitimacy = models.CharField(
        verbose_name=_("legitimacy"), max_length=10, choices=Rating.choices, default=Rating.UNKNOWN
    )
    description = models.TextField(verbose_name=_("description"), blank=True, max_length=5000)

    class Meta(CaseRecord.Meta):
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name", "public_id"]
        # the list's keyset pages (peacetrack/paging.py)
        indexes = [models.Index(fields=["case", "name", "public_id"], name="institution_case_page")]

    def assigned_task(self) -> str:
        return "1.3.1"

    def __str__(self) -> str:
        return self.name


class FactorStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    UNKNOWN = "unknown", _("Unknown")


class IntractabilityAssessment(CaseRecord, Provenance):
    """One characteristic of intractability (the handbook's list) judged for this case."""

    factor = models.CharField(
        verbose_name=_("factor"),
        max_length=40,
        help_text=_("A key of the intractability_factors list."),
    )
    status = models.CharField(
        verbose_name=_("status"),
        max_length=10,
        choices=FactorStatus.choices,
        default=FactorStatus.UNKNOWN,
    )
    evidence = models.TextField(verbose_name=_("evidence"), blank=True, max_length=5000)

    class Meta(CaseRecord.Meta):
        verbose_name = _("characteristic of intractability")
        verbose_name_plural = _("characteristics of intractability")
        ordering = ["factor", "public_id"]
        indexes = [
            models.Index(fields=["case", "factor", "public_id"], name="intractability_case_page")
        ]
        constraints = [
            *CaseRecord.Meta.constraints,
            models.UniqueConstraint(fields=["case", "factor"], name="one_assessment_per_factor"),
        ]

    def assigned_task(self) -> str:
        return "1.3.2"

    def __str__(self) -> str:
        return self.factor
