"""What the step 1 page shows of the analysis: its sub-navigation and the records of each
activity, counted as the reader may see them. Step 1's tasks and its analysis are one place
(cases/navigation.py): the step page leads into the records, the actor map and the matrix."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from peacetrack.analysis.registry import RECORD_TYPES
from peacetrack.analysis.selectors import record_counts
from peacetrack.cases.access import CaseAccess
from peacetrack.methodology.loader import get_methodology


def step_panel(access: CaseAccess) -> SafeString:
    counts = record_counts(access)
    activities = [
        (activity, [(t, counts[t.slug]) for t in RECORD_TYPES if t.activity == activity.key])
        for activity in get_methodology().step("1").activities
    ]
    html = render_to_string(
        "analysis/_step_panel.html",
        {
            "access": access,
            "case": access.case,
            "record_types": RECORD_TYPES,
            "activities": activities,
        },
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes
