"""The audit actions of jobs (audit/actions.py), declared once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from peacetrack.audit.actions import RecordKind, register_action
from peacetrack.jobs.kinds import kind_label

JOB = RecordKind(
    object_type="jobs.job",
    label=_("Background jobs"),
    singular=_("background job"),
    name=lambda job: kind_label(job.kind),
)

JOB_START = register_action("jobs.job.start", _("started the background job %(name)s"), kind=JOB)
