"""The team's own items beside the handbook's in the lists step 1 answers: characteristics of
intractability, sources of leverage, issue categories (the tsunami in Aceh as a ripening factor).

An item's key starts with "own-" so it can never be taken for a handbook key."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from peacetrack.cases.models import Case
from peacetrack.cases.public_ids import PublicIdModel

OWN_PREFIX = "own-"
OWN_KEY_PATTERN = r"^own-[a-z0-9]+(-[a-z0-9]+)*$"
OWN_KEY_MAX = 30


class ExtensibleList(models.TextChoices):
    INTRACTABILITY = "intractability_factors", _("Characteristics of intractability")
    LEVERAGE = "sources_of_leverage", _("Sources of leverage")
    ISSUE_CATEGORIES = "issue_categories", _("Issue categories")


class ListItem(PublicIdModel):
    """One of the team's own items in an extensible list of a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    list_key = models.CharField(
        verbose_name=_("list"), max_length=40, choices=ExtensibleList.choices
    )
    key = models.CharField(verbose_name=_("key"), max_length=OWN_KEY_MAX)
    label = models.CharField(verbose_name=_("label"), max_length=120)
    description = models.TextField(verbose_name=_("description"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("item of the team's own")
        verbose_name_plural = _("items of the team's own")
        ordering = ["list_key", "label", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "list_key", "key"], name="one_own_item_per_key")
        ]

    def __str__(self) -> str:
        return self.label
