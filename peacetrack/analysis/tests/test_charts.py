"""The strength chart and the timeline, drawn as SVG on the server."""

from __future__ import annotations

import datetime

from peacetrack.analysis.charts import strength_chart, timeline_chart, upper_hand
from peacetrack.analysis.models import HistoryEvent, MediationAttempt, StrengthAssessment
from peacetrack.cases.models import Party

GOV, REB = Party(pk=1, short_name="GOV"), Party(pk=2, short_name="REB")


def _a(pk, party, month, strength, trend="stable"):  # type: ignore[no-untyped-def]
    return StrengthAssessment(
        pk=pk,
        party=party,
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
    assert 'data-party="GOV"' in svg
    assert 'data-party="REB"' in svg
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
