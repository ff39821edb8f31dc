"""1.2 Splits and mergers: one actor becomes several, or several become one, on a date.

The actors before the change are kept (the history names them); that an actor no longer exists
after a change is read from its lineage (an actor that is "before" in a change has ended on its
date), never stored twice.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from peacetrack.cases.dates import approx_date_text
from peacetrack.cases.records import CaseRecord

# A year, a month or a day, optionally "about" (a trailing ~): 1976, 1976-12, 1976-12-04, 1976~.
APPROXIMATE_DATE = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?~?$")


def validate_approximate_date(value: str) -> None:

    if not APPROXIMATE_DATE.match(value):
        raise ValidationError(
            _(
                "Write the date as a year (1976), a month (1976-12) or a day (1976-12-04), with ~ "
                "after it if it is approximate."
            ),
            code="invalid",
        )
    parts = [int(part) for part in value.rstrip("~").split("-")]
    if parts[0] < 1000:
        raise ValidationError(_("A year before 1000 cannot be right."), code="invalid")
    if len(parts) == 3:
        try:
            datetime.date(*parts)
        except ValueError:
            raise ValidationError(_("%(value)s is not a real day.") % {"value": value}) from None


def date_text(value: str) -> str:
    """An approximate date as it reads ("about June 2019"), never an invented day: the same
    reading as every other approximate date (cases/dates.py)."""
    return approx_date_text(value)


class ChangeKind(models.TextChoices):
    SPLIT = "split", _("Split")
    MERGE = "merge", _("Merger")


class ActorChange(CaseRecord):
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=ChangeKind.choices)
    date = models.CharField(
        verbose_name=_("date"),
        max_length=12,
        validators=[validate_approximate_date],
        help_text=_("A year, a month or a day (1976, 1976-12, 1976-12-04); ~ after it: about."),
    )
    description = models.TextField(verbose_name=_("description"), blank=True, max_length=3000)
    before = models.ManyToManyField(
        "analysis.Actor", verbose_name=_("actors before"), related_name="changes_ending"
    )
    after = models.ManyToManyField(
        "analysis.Actor", verbose_name=_("actors after"), related_name="changes_starting"
    )

    class Meta(CaseRecord.Meta):
        verbose_name = _("split or merger")
        verbose_name_plural = _("splits and mergers")
        ordering = ["date", "id"]

    def assigned_task(self) -> str:
        return "1.2.1"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.date})"

    @property
    def date_text(self) -> str:
        return date_text(self.date)
