"""The audit actions of the case file (audit/actions.py), declared once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from peacetrack.audit.actions import register_action
from peacetrack.cases.actions import CASE

CASE_IMPORT = register_action(
    "casefile.case.import",
    _("imported the case “%(name)s” from a case file"),
    kind=CASE,
    aliases=("case.import",),
)
