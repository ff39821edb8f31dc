"""The strength chart and the timeline, drawn as SVG on the server."""

from __future__ import annotations

import datetime

from peacetrack.analysis.charts import strength_chart, timeline_chart, upper_hand
from peacetrack.analysis.models import (
    Actor,
    HistoryEvent,
    MediationAttempt,
    StrengthAssessment,
)
from peacetrack.cases.models import Party


def _party_actor(pk: int, short_name: str) -> Actor:
    party = Party(pk=pk, short_name=short_name)
    return Actor(pk=pk, name=f"The {short_name}", stands_for=party)


GOV, REB = _party_actor(1, "GOV"), _party_actor(2, "REB")
NEIGHBOUR = Actor(pk=3, name="Neighbour <state>")


def _a(pk, actor, month, strength, trend="stable"):  # type: ignore[no-untyped-def]
    return StrengthAssessment(
        pk=pk,
        actor=actor,
        assessed_on=datetime.date(2026, month, 1),
        strength=strength,
        trend=trend,
        rationale="<b>why</b>",
    )


def test_the_strength_chart_draws_one_line_per_party_and_escapes_text():
    svg = str(
        strength_chart([_a(1, GOV, 1, 4), _a(2, GOV, 3, 3), _a(3, REB, 1, 2), _a(4, REB, 3, 3)])
    )
    assert svg.startswith("<svg")
    assert svg.count("<polyline") == 2
    assert 'data-actor="GOV"' in svg
    assert 'data-actor="REB"' in svg
    assert "<b>why</b>" not in svg
    assert "&lt;b&gt;why&lt;/b&gt;" in svg


def test_upper_hand_names_the_strongest_party_and_whether_it_holds():
    steady = upper_hand([_a(1, GOV, 1, 4), _a(2, GOV, 3, 4), _a(3, REB, 3, 2)])
    assert steady is not None
    assert steady.party == "GOV"
    assert steady.stable
    assert "GOV has the upper hand (4/5" in steady.text
    shaky = upper_hand([_a(1, GOV, 3, 4), _a(2, REB, 3, 3, trend="rising")])
    assert shaky is not None
    assert not shaky.stable
    assert "may not last" in shaky.text
    level = upper_hand([_a(1, GOV, 3, 3), _a(2, REB, 3, 3)])
    assert level is not None
    assert "No party has the upper hand" in level.text
    assert upper_hand([]) is None


def test_a_stakeholder_gets_a_dashed_marked_line_after_the_parties_and_no_verdict():
    assessments = [_a(1, NEIGHBOUR, 1, 5), _a(2, REB, 1, 2), _a(3, GOV, 1, 3)]
    svg = str(strength_chart(assessments))
    assert svg.count("<polyline") == 3
    assert svg.index('data-actor="GOV"') < svg.index('data-actor="REB"')
    assert svg.index('data-actor="REB"') < svg.index('data-actor="Neighbour &lt;state&gt;"')
    assert 'stroke-dasharray="6 4" data-actor="Neighbour &lt;state&gt;"' in svg
    assert "stakeholder, not a party" in svg
    verdict = upper_hand(assessments)
    assert verdict is not None
    assert verdict.party == "GOV"  # the sides are compared, not the neighbour
    alone = upper_hand([_a(1, NEIGHBOUR, 1, 2)])
    assert alone is not None
    assert alone.party == "Neighbour <state>"


def test_the_timeline_shows_events_and_mediation_bars():
    events = [
        HistoryEvent(pk=1, date=datetime.date(1999, 4, 1), title="Coup", kind="turning_point"),
        HistoryEvent(pk=2, date=datetime.date(2010, 1, 1), title="Riots", kind="violence"),
    ]
    attempts = [
        MediationAttempt(
            pk=1,
            mediator="Church council",
            started_on=datetime.date(2003, 1, 1),
            ended_on=datetime.date(2004, 6, 1),
            outcome="no_agreement",
        )
    ]
    svg = str(timeline_chart(events, attempts))
    assert svg.count('class="tl-event"') == 2
    assert ">Coup</text>" in svg  # turning points are labelled
    assert "Church council — no agreement" in svg
    assert str(timeline_chart([], [])) == ""
