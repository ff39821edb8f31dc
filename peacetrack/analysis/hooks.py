"""The parts of step-1 record types that are their own: how a special value reads, its form
field, extra sections of a page. registry.py declares them on each RecordType; the generic
modules (forms, display, views, actions) only call what a type declares.

Modules that import the registry are imported inside the functions (the registry imports this
one).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy

from peacetrack.analysis.models.issues import IssueLevel
from peacetrack.cases.lists import join_items

if TYPE_CHECKING:
    from peacetrack.cases.access import CaseAccess

# Issues: the levels at which an issue plays out, and its dated events


def levels_text(value: Any) -> str:
    labels = dict(IssueLevel.choices)
    return join_items(labels.get(v, v) for v in value or []) or "—"


def events_text(value: Any) -> str:
    """Dated events one per line (the record's page)."""
    return "\n".join(f"{e.get('date', '')}: {e.get('description', '')}" for e in value or []) or "—"


def events_inline(value: Any) -> str:
    """Dated events on one line (the trail)."""
    return "; ".join(f"{e.get('date', '')}: {e.get('description', '')}" for e in value or []) or "—"


_EVENT_LINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2}|[^\s:]+)\s*[:—–-]?\s*(.*)$")


def events_to_text(events: Any) -> str:
    return "\n".join(f"{e['date']} {e['description']}" for e in events or [])


def text_to_events(text: Any) -> list[dict[str, str]]:
    events = []
    for line in str(text or "").splitlines():
        if not line.strip():
            continue
        match = _EVENT_LINE.match(line)
        assert match is not None
        events.append({"date": match.group(1), "description": match.group(2).strip()})
    return events


def levels_field() -> forms.Field:
    return forms.MultipleChoiceField(
        choices=IssueLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Levels at which it plays out"),
    )


def events_field() -> forms.Field:
    return forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=gettext_lazy("Dated events in its history"),
        help_text=gettext_lazy("One per line: a date (YYYY-MM-DD), then what happened."),
    )


# Strength assessments, historical events, earlier mediations: step 1's charts


def step_charts(access: CaseAccess) -> dict[str, Any]:
    """The strength chart and the timeline, drawn from what the member may read (the step's
    overview)."""
    return {**strength_charts(access), **timeline_charts(access)}


def strength_charts(access: CaseAccess) -> dict[str, Any]:
    """Relative strength over time (the list of strength assessments shows it)."""
    from peacetrack.analysis.access import records_visible
    from peacetrack.analysis.charts import strength_chart, upper_hand
    from peacetrack.analysis.models import StrengthAssessment
    from peacetrack.analysis.registry import BY_MODEL

    strength = list(records_visible(BY_MODEL[StrengthAssessment], access.membership))
    return {"strength_chart": strength_chart(strength), "upper_hand": upper_hand(strength)}


def timeline_charts(access: CaseAccess) -> dict[str, Any]:
    """Events and earlier mediations on one timeline (the lists of both show it)."""
    from peacetrack.analysis.access import records_visible
    from peacetrack.analysis.charts import timeline_chart
    from peacetrack.analysis.lineage import timeline_entries
    from peacetrack.analysis.models import HistoryEvent, MediationAttempt
    from peacetrack.analysis.registry import BY_MODEL

    membership = access.membership
    events = list(records_visible(BY_MODEL[HistoryEvent], membership))
    attempts = list(records_visible(BY_MODEL[MediationAttempt], membership))
    entries = timeline_entries(membership)  # splits and mergers of actors
    return {
        "timeline_chart": timeline_chart(events, attempts, entries=entries),
        "timeline_entries": entries,
    }


# Actors: the profile questions of their kind


def profile_trail_labels() -> tuple[dict[str, Any], dict[str, Any]]:
    """Labels of the profile's answers in the trail (`profile.<key>`), and how choices read."""
    from peacetrack.analysis.profiles import BY_KIND, SPOILER

    labels: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for group in (*BY_KIND.values(), SPOILER):
        for question in group:
            labels[f"profile.{question.key}"] = question.label
            if question.choices:
                choices = dict(question.choices)
                values[f"profile.{question.key}"] = lambda v, c=choices: str(c.get(v, v))
    return labels, values


def actor_list(access: CaseAccess) -> dict[str, Any]:
    """The actors list notes what became of an actor that split or merged."""
    from peacetrack.analysis.lineage import ended_actors

    return {"row_notes": ended_actors(access.membership)}


def actor_detail(access: CaseAccess, record: Any) -> dict[str, Any]:
    from peacetrack.analysis.actor_views import actor_detail as detail

    return detail(access, record)


def actor_created(request: Any, record: Any) -> Any:
    from peacetrack.analysis.actor_views import actor_created as created

    return created(request, record)
