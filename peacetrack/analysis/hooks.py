"""The parts of step-1 record types that are their own: how a special value reads, its form
field, extra sections of a page. registry.py declares them on each RecordType; the generic
modules (forms, display, views, actions) only call what a type declares.

Modules that import the registry are imported inside the functions (the registry imports this
one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy

from peacetrack.analysis.models.actors import Constituency
from peacetrack.analysis.models.issues import IssueLevel
from peacetrack.cases.lists import join_items

if TYPE_CHECKING:
    from django.http import HttpRequest

    from peacetrack.cases.access import CaseAccess

# Issues: the levels at which an issue plays out, and its dated history


def levels_text(value: Any) -> str:
    labels = dict(IssueLevel.choices)
    return join_items(labels.get(v, v) for v in value or []) or "—"


def levels_field() -> forms.Field:
    return forms.MultipleChoiceField(
        choices=IssueLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Levels at which it plays out"),
    )


# Strength assessments, historical events, earlier mediations: step 1's charts


def step_charts(
    access: CaseAccess, *, years: tuple[int | None, int | None] = (None, None)
) -> dict[str, Any]:
    """The strength chart and the timeline (of the chosen years, if any), drawn from what the
    member may read (the step's overview)."""
    return {**strength_charts(access), **timeline_charts(access, years=years)}


def strength_charts(access: CaseAccess) -> dict[str, Any]:
    """Relative strength over time (the list of strength assessments shows it)."""
    from peacetrack.analysis.access import records_visible
    from peacetrack.analysis.charts import strength_chart, upper_hand
    from peacetrack.analysis.models import StrengthAssessment
    from peacetrack.analysis.registry import BY_MODEL

    strength = list(records_visible(BY_MODEL[StrengthAssessment], access.membership))
    return {"strength_chart": strength_chart(strength), "upper_hand": upper_hand(strength)}


def timeline_charts(
    access: CaseAccess, *, years: tuple[int | None, int | None] = (None, None)
) -> dict[str, Any]:
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
        "timeline_chart": timeline_chart(events, attempts, entries=entries, years=years),
        "timeline_entries": entries,
        "timeline_has_history": bool(events or attempts or entries),
    }


def issue_timeline(request: HttpRequest, access: CaseAccess, issue: Any) -> dict[str, Any]:
    """An issue's dated history: the case's one timeline, filtered to the events that name
    the issue (its page lists them, with a link to add one)."""
    from django.urls import reverse

    from peacetrack.analysis.access import records_visible
    from peacetrack.analysis.charts import timeline_chart
    from peacetrack.analysis.models import HistoryEvent
    from peacetrack.analysis.registry import BY_MODEL

    events = list(records_visible(BY_MODEL[HistoryEvent], access.membership).filter(issues=issue))
    history = reverse("analysis:list", args=[access.case.public_id, "events"])
    return {
        "detail_sections": "analysis/_issue_timeline.html",
        "issue_events": events,
        "issue_timeline": timeline_chart(events, []),
        "issue_events_url": f"{history}?issues={issue.public_id}",
        "issue_event_add_url": reverse("analysis:create", args=[access.case.public_id, "events"])
        + f"?issues={issue.public_id}",
    }


# Actors: parties and stakeholders, constituencies, the profile questions of their kind

# Shown on the actors list and the positions matrix (Step 1.2).
PARTY_OR_STAKEHOLDER = gettext_lazy(
    "A party is a side to the conflict that may sit at the negotiating table; each party has "
    "one actor that stands for it, and that actor's positions and strength are the party's. "
    "Every other actor is a stakeholder: it does not sign, but its positions, interests and "
    "strength can make or break a settlement, so they are analysed the same way (Step 1.2)."
)


def constituencies_field() -> forms.Field:
    return forms.MultipleChoiceField(
        choices=Constituency.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Constituencies"),
        help_text=gettext_lazy(
            "Whom the actor speaks for or draws on, for the analysis of inclusion."
        ),
    )


def constituencies_text(value: Any) -> str:
    labels = dict(Constituency.choices)
    return join_items(str(labels.get(v, v)) for v in value or []) or "—"


def party_actor_values(party: Any) -> dict[str, Any]:
    """The actor that stands for a party, created with it: a conflict party of that name, on
    that side, that everyone on the case may read (as they read the party itself); what is
    recorded for it keeps its own visibility."""
    return {
        "name": party.name,
        "kind": "conflict_party",
        "party": party,
        "stands_for": party,
        "visibility": "public",
    }


def actors_intro(access: CaseAccess) -> dict[str, Any]:
    """The actors list says what sets a party apart from a stakeholder."""
    return {"list_intro": PARTY_OR_STAKEHOLDER}


def profile_trail_labels() -> tuple[dict[str, Any], dict[str, Any]]:
    """Labels of the profile's answers in the trail (`profile.<key>`), and how an answer reads:
    its text (a choice by its label), then where it came from."""
    from peacetrack.analysis.profiles import BY_KIND, SPOILER

    labels: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for group in (*BY_KIND.values(), SPOILER):
        for question in group:
            labels[f"profile.{question.key}"] = question.label
            values[f"profile.{question.key}"] = lambda v, c=dict(question.choices): _answer_read(
                v, c
            )
    return labels, values


def _answer_read(answer: Any, choices: dict[str, Any]) -> str:
    from peacetrack.analysis.actor_views import answer_source
    from peacetrack.analysis.profiles import answer_text

    text = answer_text(answer)
    text = str(choices.get(text, text)) or "—"
    source = answer_source(answer) if isinstance(answer, dict) else ""
    return f"{text} ({source})" if source else text


def actor_list(access: CaseAccess) -> dict[str, Any]:
    """The actors list says what sets a party apart from a stakeholder, and notes what
    became of an actor that split or merged."""
    from peacetrack.analysis.lineage import ended_actors

    return {**actors_intro(access), "row_notes": ended_actors(access.membership)}


def actor_detail(request: HttpRequest, access: CaseAccess, record: Any) -> dict[str, Any]:
    from peacetrack.analysis.actor_views import actor_detail as detail

    return detail(request, access, record)


def actor_created(request: Any, record: Any) -> Any:
    from peacetrack.analysis.actor_views import actor_created as created

    return created(request, record)
