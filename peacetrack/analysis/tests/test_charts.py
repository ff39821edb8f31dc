"""The strength chart and the timeline: Vega-Lite specifications drawn as SVG on the server."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET  # parses SVG this code made, not a user's file

import pytest
import vl_convert

from peacetrack.analysis import vega
from peacetrack.analysis.charts import (
    NARROW,
    focus_start,
    strength_chart,
    strength_spec,
    timeline_chart,
    timeline_spec,
    upper_hand,
)
from peacetrack.analysis.models import (
    Actor,
    HistoryEvent,
    MediationAttempt,
    StrengthAssessment,
)
from peacetrack.cases.models import Party

SVG = "{http://www.w3.org/2000/svg}"


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


def _svgs(html: str) -> list[str]:
    """The wide and the narrow variant of a chart."""
    return re.findall(r"<svg .*?</svg>", str(html), flags=re.S)


def texts_outside_the_view_box(svg: str) -> list[str]:
    """Each visible text whose estimated box leaves the SVG's view box (its position summed
    over the translate() of its groups; width estimated at 0.58 em per character)."""
    root = ET.fromstring(svg)  # noqa: S314
    _x0, _y0, width, height = (float(v) for v in root.attrib["viewBox"].split())
    outside = []

    def walk(node: ET.Element, dx: float, dy: float) -> None:
        match = re.search(r"translate\(([-\d.e]+),\s*([-\d.e]+)\)", node.get("transform", ""))
        if match:
            dx, dy = dx + float(match.group(1)), dy + float(match.group(2))
        if node.tag == f"{SVG}text" and node.get("opacity") != "0":
            lines = [t.text or "" for t in node.iter(f"{SVG}tspan")] or [node.text or ""]
            text = max(lines, key=len)
            size = float(node.get("font-size", "11px").rstrip("px"))
            x, y = dx + float(node.get("x", 0)), dy + float(node.get("y", 0))
            length = len(text) * size * 0.58
            anchor = node.get("text-anchor", "start")
            left = x - {"start": 0, "middle": length / 2, "end": length}[anchor]
            if left < -1 or left + length > width + 1 or y - size < -1 or y > height + 1:
                outside.append(text)
        for child in node:
            walk(child, dx, dy)

    walk(root, 0.0, 0.0)
    return outside


def _titles(svg: str) -> list[str]:
    return [
        t.replace("&lt;", "<").replace("&gt;", ">")
        for t in re.findall(r"<title>(.*?)</title>", svg)
    ]


def test_the_strength_chart_draws_one_panel_per_actor_with_the_scale_in_words():
    html = strength_chart([_a(1, GOV, 1, 4), _a(2, GOV, 3, 3), _a(3, REB, 1, 2), _a(4, REB, 3, 3)])
    wide, narrow = _svgs(html)
    for svg in (wide, narrow):
        ET.fromstring(svg)  # noqa: S314 — well-formed
        assert 'class="chart strength-chart" role="img"' in svg
        assert svg.count(">GOV</text>") == svg.count(">REB</text>") == 1  # a panel each
        assert svg.index(">GOV</text>") < svg.index(">REB</text>")
        assert ">1 very weak</text>" in svg
        assert ">5 dominant</text>" in svg
        assert "Strength from 1 (very weak) to 5 (dominant)." in svg
        assert ">3/5 even</text>" in svg  # each line labelled at its end
    assert "GOV 3/5 (even) on 1 Mar 2026" in wide  # the summary read out for the image
    tips = _titles(wide)
    assert "GOV 1 Jan 2026: 4/5 (strong), stable. <b>why</b>" in tips
    assert "<b>why</b>" not in wide  # escaped


def test_a_stakeholder_gets_a_dashed_line_in_a_panel_after_the_parties_and_no_verdict():
    assessments = [_a(1, NEIGHBOUR, 1, 5), _a(2, REB, 1, 2), _a(3, GOV, 1, 3)]
    wide, _narrow = _svgs(strength_chart(assessments))
    headings = [
        ">GOV</text>",
        ">REB</text>",
        ">Neighbour &lt;state&gt; (stakeholder, not a party)<",
    ]
    assert sorted(headings, key=wide.index) == headings
    assert wide.count('stroke-dasharray="6,4"') == 1  # only the stakeholder's own line
    verdict = upper_hand(assessments)
    assert verdict is not None
    assert verdict.party == "GOV"  # the sides are compared, not the neighbour
    alone = upper_hand([_a(1, NEIGHBOUR, 1, 2)])
    assert alone is not None
    assert alone.party == "Neighbour <state>"


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


def _history() -> tuple[list[HistoryEvent], list[MediationAttempt]]:
    events = [
        HistoryEvent(pk=1, date="1946", title="Independence", kind="turning_point"),
        HistoryEvent(pk=2, date="1976~", title="First war", kind="violence"),
        HistoryEvent(pk=3, date="2003-04", title="Coup of the colonels", kind="turning_point"),
        HistoryEvent(pk=4, date="2010-01-05", title="Riots", kind="violence"),
        HistoryEvent(pk=5, date="2012", title="Ceasefire agreement signed", kind="agreement"),
        HistoryEvent(
            pk=6, date="2024-03", title="Elections postponed <again>", kind="turning_point"
        ),
    ]
    attempts = [
        MediationAttempt(
            pk=1,
            mediator="Church council",
            started_on="2003",
            ended_on="2004-06",
            outcome="no_agreement",
        ),
        MediationAttempt(
            pk=2, mediator="Elders", started_on="1977", ended_on="1978", outcome="unknown"
        ),
    ]
    return events, attempts


def test_the_timeline_shows_events_and_mediation_bars_with_dates_as_given():
    events, attempts = _history()
    wide, narrow = _svgs(timeline_chart(events, attempts))
    for svg in (wide, narrow):
        ET.fromstring(svg)  # noqa: S314
        assert 'class="chart timeline-chart" role="img"' in svg
        tips = _titles(svg)
        # each date to the precision recorded: a year, "about" a year, a month; never a day
        assert "1946 — Independence (Turning point)" in tips
        assert "about 1976 — First war (Violence)" in tips
        assert "Apr 2003 — Coup of the colonels (Turning point)" in tips
        assert "2012 — Ceasefire agreement signed (Agreement)" in tips
        assert "5 Jan 2010 — Riots (Violence)" in tips
        assert "Church council (2003 – Jun 2004): no agreement" in tips
        assert not re.search(r"\d+ (Jan|Jul|Jun) (1946|1976|2012)", svg)
    assert ">Coup of the colonels</text>" in wide  # turning points are labelled
    assert ">Church council — no agreement</text>" in wide
    assert "Elections postponed &lt;again&gt;" in wide
    assert str(timeline_chart([], [])) == ""


def test_a_long_nearly_empty_past_is_compressed_into_a_band_of_its_own():
    assert focus_start([1946, 1976, 1977, 2003, 2010, 2012, 2024]) == 2003
    assert focus_start([2001, 2003, 2008, 2012, 2015]) is None  # no long gap
    assert focus_start([1990, 2020]) is None  # a gap, but what follows is as long
    # decades of quiet, then a year of talks: that year is the one that matters
    assert focus_start([1964, 2026, 2026, 2026]) == 2026
    events, attempts = _history()
    spec = timeline_spec(events, attempts, width=960)
    early, late = spec["hconcat"]
    assert early["width"] < 0.3 * 960  # the distant past takes little room
    assert late["layer"][0]["data"]["values"][0]["x"] == 2003  # the axis starts at the cluster
    wide = _svgs(timeline_chart(events, attempts))[0]
    assert "earlier, not to scale" in wide
    assert "The years before 2003 are drawn compressed on the left." in wide
    assert ">1946</text>" in wide


def test_a_year_precision_event_is_shaded_over_its_year_and_its_label_is_the_year():
    events = [
        HistoryEvent(pk=1, date="2012", title="Ceasefire", kind="agreement"),
        HistoryEvent(pk=2, date="2014-05-02", title="Massacre", kind="turning_point"),
    ]
    spec = timeline_spec(events, [], width=960)
    spans = next(
        layer["data"]["values"]
        for layer in spec["hconcat"][0]["layer"]
        if layer["mark"]["type"] == "rect"
    )
    assert spans == [{"x": 2012.0, "x2": 2013.0, "kind": "Agreement"}]  # the day is exact: no span


@pytest.mark.parametrize("width", [960, NARROW])
def test_no_label_of_the_charts_is_cut_off(width):
    events, attempts = _history()
    long_names = [
        _a(1, Actor(pk=9, name="Coalition of displaced people's organisations of the north"), 1, 2),
        _a(2, GOV, 1, 5),
        _a(3, GOV, 6, 1),
    ]
    for spec in (
        timeline_spec(events, attempts, width=width),
        strength_spec(long_names, width=width if width < 600 else 760),
    ):
        svg = vega.svg_text(spec)
        assert texts_outside_the_view_box(svg) == []


def test_the_view_box_check_finds_a_label_that_is_cut_off():
    cut = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">'
        '<g transform="translate(90,20)"><text font-size="11px">Far too long a label</text>'
        "</g></svg>"
    )
    assert texts_outside_the_view_box(cut) == ["Far too long a label"]


def test_each_chart_is_rendered_once_and_then_read_from_the_cache(monkeypatch):
    calls = []
    real = vl_convert.vegalite_to_svg

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", counted)
    assessments = [_a(1, GOV, 1, 4), _a(2, REB, 2, 2)]
    first = str(strength_chart(assessments))
    assert len(calls) == 2  # wide and narrow
    assert str(strength_chart(assessments)) == first
    vega._lru.clear()  # another process: Django's cache has it
    assert str(strength_chart(assessments)) == first
    assert len(calls) == 2
    strength_chart([_a(1, GOV, 1, 3), _a(2, REB, 2, 2)])  # a change is a new chart
    assert len(calls) == 4


def test_the_svg_needs_no_script_and_no_style_the_policy_would_block():
    events, attempts = _history()
    for html in (timeline_chart(events, attempts), strength_chart([_a(1, GOV, 1, 4)])):
        text = str(html)
        assert "<script" not in text
        assert "<style" not in text
        assert " style=" not in text
        assert "javascript:" not in text
        assert "<foreignObject" not in text


def test_the_strength_chart_draws_at_most_twelve_actors_and_says_so():
    stakeholders = [Actor(pk=10 + i, name=f"Stakeholder {i:02d}") for i in range(14)]
    assessments = [_a(1, GOV, 1, 4)] + [_a(2 + i, s, 2, 3) for i, s in enumerate(stakeholders)]
    spec = strength_spec(assessments, width=760)
    assert len(spec["facet"]["row"]["sort"]) == 12
    assert spec["facet"]["row"]["sort"][0] == "GOV"  # the parties always
    assert "The first 12 of 15 rated actors; the list has them all." in spec["title"]["text"]


def test_a_chosen_range_of_years_draws_only_those_years_to_scale():
    events, attempts = _history()
    spec = timeline_spec(events, attempts, width=960, years=(2000, 2013))
    assert len(spec["hconcat"]) == 1  # no compressed band: the reader chose the years
    axis = spec["hconcat"][0]["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert axis == [2000.0, 2014.0]
    svg = vega.svg_text(spec)
    tips = _titles(svg)
    assert "Apr 2003 — Coup of the colonels (Turning point)" in tips
    assert "2012 — Ceasefire agreement signed (Agreement)" in tips
    assert not any("Independence" in tip or "Elections" in tip for tip in tips)
    assert "from 2003 to 2012: 3 events and 1 earlier mediation attempt" in svg
    assert str(timeline_chart(events, attempts, years=(1950, 1960))) == ""
