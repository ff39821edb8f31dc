"""The record core every capability builds on (docs/architecture.md, "The record core").

`CaseRecord` is the abstract base of every case-scoped record: its case, the methodology task
it serves (stored on every row, set by the service from `assigned_task()`), the visibility pair
with its database check constraint, the version and the public id (both from VisibleRecord),
and its timestamps. `Provenance` is an opt-in part: where a fact came from. The foundation's
own TaskNote (cases/models.py) is one; this module imports no model, so models.py can build on
it (and re-exports Visibility and VisibleRecord, where they used to live).

A concrete record's `Meta` extends `CaseRecord.Meta`, so that its table inherits the check
constraint; one that declares constraints of its own spreads `CaseRecord.Meta.constraints`
first (a test holds every table to it).
"""

from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peacetrack.cases.public_ids import PublicIdModel

if TYPE_CHECKING:
    from peacetrack.cases.models import Party


class Visibility(models.TextChoices):
    TEAM = "team", _("Mediation team only")
    PARTY = "party", _("Team and one party")
    PARTIES = "parties", _("Team and all parties")
    TRACK2 = "track2", _("Team and Track-II partners")
    PUBLIC = "public", _("Everyone on the case")


def visibility_code(visibility: str, visibility_party: Party | None) -> str:
    """A stored pair (visibility, party) as the portable code: team, parties, track2, public
    or party:<short_name>."""
    if visibility == Visibility.PARTY and visibility_party is not None:
        return f"party:{visibility_party.short_name}"
    return str(visibility)


def visibility_label(visibility: str, visibility_party: Party | None) -> str:
    if visibility == Visibility.PARTY and visibility_party is not None:
        return str(_("Team and %(party)s") % {"party": visibility_party.short_name})
    return str(Visibility(visibility).label)


class VisibleRecord(PublicIdModel):
    """Base for every case record that carries a visibility (see cases/visibility.py) and a
    public id (cases/public_ids.py)."""

    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.TEAM
    )
    visibility_party = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    # Optimistic concurrency (cases/concurrency.py): one more on every change.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    @property
    def visibility_code(self) -> str:
        """The portable form: team, parties, track2, public or party:<short_name>."""
        return visibility_code(self.visibility, self.visibility_party)

    @property
    def visibility_label(self) -> str:
        return visibility_label(self.visibility, self.visibility_party)


PARTY_VISIBILITY_CONSTRAINT = "%(app_label)s_%(class)s_visibility_has_party"


class CaseRecord(VisibleRecord):
    """A record of one case that serves a methodology task and carries a visibility."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    # The methodology task the row serves; set by the service (assigned_task), never defaulted.
    task_key = models.CharField(max_length=10, db_index=True, editable=False)
    # Not editable in forms; a case-file import may set it (when the record was made).
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        constraints = [
            # A "party" visibility names its party; no other visibility does.
            models.CheckConstraint(
                condition=(Q(visibility="party") & Q(visibility_party__isnull=False))
                | (~Q(visibility="party") & Q(visibility_party__isnull=True)),
                name=PARTY_VISIBILITY_CONSTRAINT,
            )
        ]

    def assigned_task(self) -> str:
        """The key of the methodology task this row serves. Every record type answers it;
        services store it in `task_key` before each save."""
        raise NotImplementedError(f"{type(self).__name__} must say which task it serves")


class Confidence(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Provenance(models.Model):
    """Where a fact came from, recorded the same way by every capability that opts in
    (`class Meeting(Provenance, CaseRecord)`). All optional; the date may not be in the
    future."""

    source_note = models.CharField(_("source of the information"), max_length=500, blank=True)
    information_date = models.DateField(_("date of the information"), null=True, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, blank=True
    )
    alleged_by = models.CharField(_("alleged by"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def unconfirmed(self) -> bool:
        """Rated low confidence, or only alleged by someone (see UNCONFIRMED)."""
        return self.confidence == Confidence.LOW or bool(self.alleged_by)

    def clean(self) -> None:
        super().clean()
        if self.information_date is not None and self.information_date > timezone.localdate():
            raise ValidationError(
                {"information_date": _("The date of the information cannot be in the future.")}
            )


# What "unconfirmed" means, for lists and the API: the team rates its confidence low, or the
# fact is only alleged by someone (an "alleged by" is recorded). Shown on screen as is.
UNCONFIRMED = Q(confidence=Confidence.LOW) | ~Q(alleged_by="")
UNCONFIRMED_MEANING = _(
    "Unconfirmed: the team's confidence in it is low, or it is only alleged by someone."
)


def older_than(months: int) -> Q:
    """Information dated more than `months` months before today (records with no date of the
    information are not "older")."""
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return Q(information_date__lt=datetime.date(year, month, day))
