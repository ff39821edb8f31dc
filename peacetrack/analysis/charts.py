"""Charts as Vega-Lite specifications, rendered to SVG on the server (analysis/vega.py), so
they print, export and work without JavaScript.

- strength_chart: relative strength of each party's actor and of other stakeholders over time,
  one small panel per actor (Step 1.4.2)
- timeline_chart: the conflict's events and earlier mediation attempts (history), with other
  dated entries (splits and mergers of actors); a long, nearly empty past is compressed

Each comes in a wide and a narrow variant (the page shows the one that fits). Hover details are
SVG <title>s; each chart is one image (role="img") named by a summary of what it shows.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.templatetags.static import static
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peacetrack.analysis.models import HistoryEvent, MediationAttempt, StrengthAssessment
from peacetrack.analysis.vega import render_svg
from peacetrack.cases.dates import ApproxDate, approx_sort_key
from peacetrack.cases.lists import format_list

PALETTE = ["#1f3a5f", "#c05621", "#2f855a", "#805ad5", "#b83280", "#2b6cb0", "#975a16", "#4a5568"]
CHAR_WIDTH = 6.0  # average width of an 11px system-font character, for label placement
LABEL_ROWS = 4
# The strength scale's words (each level's tooltip on the chart).
STRENGTH_LEVELS = [
    (1, gettext_lazy("very weak")),
    (2, gettext_lazy("weak")),
    (3, gettext_lazy("even")),
    (4, gettext_lazy("strong")),
    (5, gettext_lazy("dominant")),
]
KIND_COLOURS = {
    "turning_point": "#c05621",
    "violence": "#c53030",
    "agreement": "#2f855a",
    "mediation": "#2b6cb0",
    "event": "#4a5568",
    "other": "#718096",
}


def _day(date: datetime.date) -> str:
    """A date as the reader's language writes it ("5 Mar 2024", "5 mars 2024")."""
    return date_format(date, "DATE_FORMAT")


@dataclass
class UpperHand:
    party: str
    strength: int
    stable: bool
    text: str


def _by_actor(assessments: list[StrengthAssessment]) -> dict[str, list[StrengthAssessment]]:
    """Each actor's assessments in date order, by the name charts give it: the parties' actors
    first (by short name), then the other stakeholders (by name)."""
    grouped: dict[Any, list[StrengthAssessment]] = defaultdict(list)
    for item in sorted(assessments, key=lambda a: (a.assessed_on, a.pk)):
        grouped[item.actor_id].append(item)
    ordered = sorted(
        grouped.values(),
        key=lambda items: (items[0].actor.is_stakeholder, items[0].actor.short_label.lower()),
    )
    named: dict[str, list[StrengthAssessment]] = {}
    for items in ordered:
        label = items[0].actor.short_label
        while label in named:  # two actors of one name stay two lines
            label += "′"
        named[label] = items
    return named


def upper_hand(assessments: list[StrengthAssessment]) -> UpperHand | None:
    """Who is strongest on the latest assessments, and whether that has held. The sides are
    compared: the actors that stand for parties, if any is rated; otherwise every rated
    stakeholder."""
    by_party = _by_actor(assessments)
    sides = {k: v for k, v in by_party.items() if not v[0].actor.is_stakeholder}
    by_party = sides or by_party
    if not by_party:
        return None
    latest = {party: items[-1] for party, items in by_party.items()}
    leader, best = max(latest.items(), key=lambda kv: (kv[1].strength, kv[0]))
    tied = [p for p, a in latest.items() if a.strength == best.strength and p != leader]
    if tied:
        return UpperHand(
            leader,
            best.strength,
            False,
            _("No party has the upper hand: %(parties)s are level at %(strength)d/5.")
            % {"parties": format_list(sorted([leader, *tied])), "strength": best.strength},
        )
    # Stable: the leader is not slipping, nobody is catching up, and the lead is not a jump
    # seen on one assessment only.
    history = by_party[leader]
    not_slipping = best.trend != "falling"
    nobody_rising = all(latest[p].trend != "rising" for p in latest if p != leader)
    not_a_jump = len(history) < 2 or history[-2].strength >= best.strength - 1
    stable = not_slipping and nobody_rising and not_a_jump
    values = {"party": leader, "strength": best.strength, "date": _day(best.assessed_on)}
    text = (
        _("%(party)s has the upper hand (%(strength)d/5 on %(date)s), and that looks stable.")
        if stable
        else _("%(party)s has the upper hand (%(strength)d/5 on %(date)s), but that may not last.")
    )
    return UpperHand(leader, best.strength, stable, text % values)


MAX_PANELS = 12  # actors on the strength chart (its data grows with the square of this)
NARROW_FROM = 600  # a chart narrower than this is the phone variant
NARROW = 290  # with the padding, about the width of a phone's content


def _year_fraction(day: datetime.date) -> float:
    """A day as a number of years (1976.5 is mid-1976): the charts' time axes are numbers, so
    their labels are ours, in the reader's language and to the precision recorded."""
    start = datetime.date(day.year, 1, 1)
    length = (datetime.date(day.year + 1, 1, 1) - start).days
    return round(day.year + (day - start).days / length, 6)


def _lookup(labels: dict[Any, str]) -> str:
    """A Vega expression giving each axis value its label (the keys as Vega writes numbers)."""
    table = {
        (str(int(k)) if float(k).is_integer() else repr(float(k))): v for k, v in labels.items()
    }
    return json.dumps(table, ensure_ascii=False) + "[''+datum.value]"


def _colours(count: int) -> list[str]:
    return [PALETTE[index % len(PALETTE)] for index in range(count)]


def _both(spec: Any, *, wide: int) -> SafeString:
    """The chart in two widths, wide and narrow: static/analysis/charts.css shows the one that
    fits the screen (and the wide one in print)."""
    stylesheet = static("analysis/charts.css")
    return format_html(
        '<link rel="stylesheet" href="{}"><div class="chart-variants">'
        '<div class="chart-wide">{}</div><div class="chart-narrow">{}</div></div>',
        stylesheet,
        render_svg(spec(wide)),
        render_svg(spec(NARROW)),
    )


def _month_ticks(start: datetime.date, end: datetime.date, most: int = 7) -> list[datetime.date]:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, -(-months // most))
    ticks = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        tick = datetime.date(year, month, 1)
        if tick >= start:
            ticks.append(tick)
        month += step
        while month > 12:
            month -= 12
            year += 1
    return ticks


def strength_spec(assessments: list[StrengthAssessment], *, width: int) -> dict[str, Any]:
    """Small multiples, one panel per actor (the parties' first): its own line in colour (a
    stakeholder's dashed), the others in grey behind it for comparison, so lines that overlap
    stay readable. The vertical axis says the scale in words (Step 1.4.2)."""
    rated = _by_actor(assessments)
    # bounded: the parties' actors come first, so they are always drawn
    by_actor = dict(list(rated.items())[:MAX_PANELS])
    dates = [a.assessed_on for items in by_actor.values() for a in items]
    first, last = min(dates), max(dates)
    if first == last:
        first, last = first - datetime.timedelta(days=30), last + datetime.timedelta(days=30)
    words = {level: str(word) for level, word in STRENGTH_LEVELS}
    headings: list[str] = []
    rows: list[dict[str, Any]] = []
    for panel, items in by_actor.items():
        stakeholder = items[0].actor.is_stakeholder
        heading = (
            _("%(actor)s (stakeholder, not a party)") % {"actor": panel} if stakeholder else panel
        )
        headings.append(heading)
        for other, others in by_actor.items():
            for a in others:
                rows.append(
                    {
                        "panel": heading,
                        "actor": other,
                        "own": other == panel,
                        "last": a is others[-1],
                        "dash": "stakeholder" if stakeholder else "party",
                        "x": _year_fraction(a.assessed_on),
                        "y": a.strength,
                        "value": f"{a.strength}/5 {words[a.strength]}",
                        "tip": _("%(party)s %(date)s: %(strength)d/5 (%(word)s), %(trend)s.")
                        % {
                            "party": other,
                            "date": _day(a.assessed_on),
                            "strength": a.strength,
                            "word": words[a.strength],
                            "trend": a.get_trend_display().lower(),
                        }
                        + (f" {a.rationale[:200]}" if a.rationale else ""),
                    }
                )
    narrow = width < NARROW_FROM
    plot_w = width - (150 if narrow else 200)
    ticks = _month_ticks(first, last, most=3 if narrow else 7)
    x = {
        "field": "x",
        "type": "quantitative",
        "scale": {
            "domain": [_year_fraction(first), _year_fraction(last)],
            "nice": False,
            "zero": False,
        },
        "axis": {
            "values": [_year_fraction(t) for t in ticks],
            "labelExpr": _lookup(
                {_year_fraction(t): date_format(t, "YEAR_MONTH_FORMAT") for t in ticks}
            ),
            "title": None,
            "labelFlush": True,
        },
    }
    y = {
        "field": "y",
        "type": "quantitative",
        "scale": {"domain": [1, 5], "nice": False, "zero": False, "padding": 6},
        "axis": {
            "values": [1, 2, 3, 4, 5],
            "labelExpr": _lookup({level: f"{level} {word}" for level, word in words.items()}),
            "title": None,
        },
    }
    colour = {
        "field": "panel",
        "type": "nominal",
        "scale": {"domain": headings, "range": _colours(len(headings))},
        "legend": None,
    }
    own = [{"filter": "datum.own"}]
    latest = {party: items[-1] for party, items in by_actor.items()}
    summary = "; ".join(
        _("%(party)s %(strength)d/5 (%(word)s) on %(date)s")
        % {
            "party": p,
            "strength": a.strength,
            "word": words[a.strength],
            "date": _day(a.assessed_on),
        }
        for p, a in latest.items()
    )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": _(
            "Relative strength of the parties and stakeholders over time, from 1 (very weak) "
            "to 5 (dominant). Latest: %(summary)s."
        )
        % {"summary": summary},
        "usermeta": {"class": "strength-chart"},
        "title": {
            "text": [
                _("Strength from 1 (very weak) to 5 (dominant)."),
                _("Grey lines: the other actors, for comparison."),
            ]
            + (
                [
                    _("The first %(shown)d of %(rated)d rated actors; the list has them all.")
                    % {"shown": MAX_PANELS, "rated": len(rated)}
                ]
                if len(rated) > MAX_PANELS
                else []
            ),
            "frame": "bounds",
        },
        "data": {"values": rows},
        "facet": {
            "row": {
                "field": "panel",
                "type": "nominal",
                "sort": headings,
                "title": None,
                "header": {
                    "labelAngle": 0,
                    "labelOrient": "top",
                    "labelAnchor": "start",
                    "labelAlign": "left",
                    "labelFontWeight": "bold",
                    "labelLimit": plot_w + 40,
                },
            }
        },
        "spacing": 14,
        "resolve": {"axis": {"x": "independent"}},
        "spec": {
            "width": plot_w,
            "height": 92,
            "layer": [
                {
                    "transform": [{"filter": "!datum.own"}],
                    "mark": {"type": "line", "color": "#cbd5e0", "strokeWidth": 1.5},
                    "encoding": {"x": x, "y": y, "detail": {"field": "actor"}},
                },
                {
                    "transform": own,
                    "mark": {"type": "line", "strokeWidth": 2.5},
                    "encoding": {
                        "x": x,
                        "y": y,
                        "color": colour,
                        "strokeDash": {
                            "field": "dash",
                            "type": "nominal",
                            "scale": {
                                "domain": ["party", "stakeholder"],
                                "range": [[1, 0], [6, 4]],
                            },
                            "legend": None,
                        },
                    },
                },
                {
                    "transform": own,
                    "mark": {
                        "type": "point",
                        "filled": True,
                        "size": 55,
                        "opacity": 1,
                        "aria": True,
                    },
                    "encoding": {"x": x, "y": y, "color": colour, "description": {"field": "tip"}},
                },
                {
                    "transform": [{"filter": "datum.own && datum.last"}],
                    "mark": {"type": "text", "align": "left", "dx": 8, "fontWeight": "bold"},
                    "encoding": {"x": x, "y": y, "color": colour, "text": {"field": "value"}},
                },
            ],
        },
    }


def strength_chart(assessments: list[StrengthAssessment]) -> SafeString:
    """The strength chart, wide and narrow (the page shows the one that fits)."""
    if not assessments:
        return mark_safe("")
    return _both(lambda width: strength_spec(assessments, width=width), wide=760)


def _span(value: str | datetime.date) -> ApproxDate:
    return ApproxDate.parse(value)


class DatedEntry(Protocol):
    """Another dated entry of the history (lineage.TimelineEntry: a split, a merger)."""

    @property
    def day(self) -> datetime.date: ...  # where it sits (the first day its date can mean)
    @property
    def date(self) -> str: ...  # its date as written, never a day that was not given
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def kind_label(self) -> str: ...


CHANGE_COLOUR = "#805ad5"
BIG_KINDS = ("turning_point", "agreement")
COMPRESS_GAP = 10  # years without anything that make the earlier past a band of its own
ROW_GAP = 15
LANE = 22


@dataclass
class _Mark:
    """One thing on the timeline: an event or a split/merger."""

    first: datetime.date
    last: datetime.date
    where: datetime.date
    precise: bool
    title: str
    tip: str
    kind: str
    kind_label: str
    change: bool

    @property
    def labelled(self) -> bool:
        return self.change or self.kind in BIG_KINDS


@dataclass
class _Bar:
    """An earlier mediation attempt."""

    first: datetime.date
    last: datetime.date
    label: str
    tip: str


def focus_start(years: Sequence[int]) -> int | None:
    """The first year of the recent cluster, when the past before it is long and nearly empty:
    the latest year that follows a gap of COMPRESS_GAP years or more, at least half as long as
    the stretch from it to the end, with more than one mark from it on (several in one year
    count: a year of talks after decades of quiet is the year that matters). None: every year
    is drawn to scale."""
    distinct = sorted(set(years))
    for index in range(len(distinct) - 1, 0, -1):
        gap = distinct[index] - distinct[index - 1]
        recent = sum(1 for year in years if year >= distinct[index])
        if gap >= COMPRESS_GAP and gap * 2 >= distinct[-1] - distinct[index] + 1 and recent > 1:
            return distinct[index]
    return None


def _marks(events: list[HistoryEvent], entries: Sequence[DatedEntry]) -> list[_Mark]:
    marks = []
    for event in sorted(events, key=lambda e: (approx_sort_key(e.date), e.pk)):
        when = _span(event.date)
        kind_label = str(event.get_kind_display())
        marks.append(
            _Mark(
                first=when.first_day,
                last=when.last_day,
                where=when.middle,
                precise=when.precision == "day" and not when.about,
                title=event.title,
                tip=f"{when.text()} — {event.title} ({kind_label})",
                kind=event.kind,
                kind_label=kind_label,
                change=False,
            )
        )
    for entry in sorted(entries, key=lambda e: e.day):
        marks.append(
            _Mark(
                first=entry.day,
                last=entry.day,
                where=entry.day,
                precise=True,
                title=entry.title,
                tip=f"{entry.date} — {entry.title} ({entry.kind_label})",
                kind=entry.kind,
                kind_label=str(_("Split or merger of actors")),
                change=True,
            )
        )
    return marks


def _bars(attempts: list[MediationAttempt]) -> list[_Bar]:
    bars = []
    dated = sorted(
        (m for m in attempts if m.started_on), key=lambda m: (approx_sort_key(m.started_on), m.pk)
    )
    for attempt in dated:
        began = _span(attempt.started_on)
        ended = _span(attempt.ended_on) if attempt.ended_on else None
        period = began.text() if ended is None else f"{began.text()} – {ended.text()}"
        outcome = attempt.get_outcome_display().lower()
        bars.append(
            _Bar(
                first=began.first_day,
                last=(ended or began).last_day,
                label=f"{attempt.mediator[:40]} — {outcome}",
                tip=f"{attempt.mediator} ({period}): {outcome}",
            )
        )
    return bars


def _fit(text: str, room: float) -> str:
    most = max(int(room / CHAR_WIDTH), 4)
    return text if len(text) <= most else text[: most - 1] + "…"


def _panel(
    marks: list[_Mark],
    bars: list[_Bar],
    *,
    lanes: dict[int, int],
    width: float,
    position: Any,
    domain: tuple[float, float],
    axis: dict[str, Any],
    labels: bool,
    base: int,
    height: int,
    colours: dict[str, Any],
) -> dict[str, Any]:
    """One stretch of the time axis: a row of dots and spans on a line, labels above it in
    rows that never overlap, mediation bars below (y in pixels, x on the panel's scale)."""
    lo, hi = domain

    def px(value: float) -> float:
        return (value - lo) / (hi - lo) * width

    def back(pixels: float) -> float:
        return lo + pixels / width * (hi - lo)

    dots, spans, texts, leaders, bar_rows, bar_texts = [], [], [], [], [], []
    rows: list[float] = [float("-inf")] * LABEL_ROWS  # right edge of the last label per row
    for mark in marks:
        at = position(mark.where)
        colour = CHANGE_COLOUR if mark.change else KIND_COLOURS.get(mark.kind, "#4a5568")
        dots.append(
            {
                "x": at,
                "y": base,
                "tip": mark.tip,
                "kind": mark.kind_label,
                "shape": "diamond" if mark.change else "circle",
                "size": 110 if mark.labelled else 55,
            }
        )
        if labels and not mark.precise:  # the span its date covers, shaded on the axis
            spans.append(
                {
                    "x": position(mark.first),
                    "x2": position(mark.last + datetime.timedelta(days=1)),
                    "kind": mark.kind_label,
                }
            )
        if not (labels and mark.labelled):
            continue
        text = _fit(mark.title, min(26 * CHAR_WIDTH, width))
        half = len(text) * CHAR_WIDTH / 2 + 2
        centre = min(max(px(at), half), width - half)
        # The first row where this label clears the previous one; none: no label (the dot
        # keeps its hover title, and the list of events has them all).
        row = next((r for r, edge in enumerate(rows) if centre - half > edge + 6), None)
        if row is None:
            continue
        rows[row] = centre + half
        y = base - 16 - row * ROW_GAP
        texts.append({"x": back(centre), "y": y, "text": text})
        leaders.append({"x": at, "y": base - 6, "y2": y + 3, "colour": colour})
    for index, bar in enumerate(bars):
        x1, x2 = position(bar.first), position(bar.last + datetime.timedelta(days=1))
        y = base + 24 + lanes[index] * LANE
        bar_rows.append(
            {"x": x1, "x2": max(x2, back(px(x1) + 4)), "y": y, "y2": y + 14, "tip": bar.tip}
        )
        if not labels:
            continue
        # The label runs right from the bar's start, or ends left of it near the right edge.
        right_room, left_room = width - px(x1) - 6, px(x1) - 6
        if len(bar.label) * CHAR_WIDTH <= right_room or right_room >= left_room:
            bar_texts.append(
                {
                    "x": back(px(x1) + 4),
                    "y": y + 11,
                    "text": _fit(bar.label, right_room),
                    "align": "left",
                }
            )
        else:
            bar_texts.append(
                {
                    "x": back(px(x1) - 4),
                    "y": y + 11,
                    "text": _fit(bar.label, left_room),
                    "align": "right",
                }
            )
    x = {
        "field": "x",
        "type": "quantitative",
        "scale": {"domain": list(domain), "nice": False, "zero": False},
        "axis": axis,
    }
    pixels = {"type": "quantitative", "scale": None}
    kind_colour = {
        "field": "kind",
        "type": "nominal",
        "scale": colours,
        "legend": {
            "orient": "bottom",
            "title": None,
            "direction": "horizontal",
            "columns": 3 if width < 400 else 6,
        },
    }

    def layer(
        values: list[dict[str, Any]],
        mark: dict[str, Any],
        encoding: dict[str, Any],
        name: str = "",
    ) -> dict[str, Any]:
        # the marks' class in the SVG: <name>_marks (a name is unique in a specification)
        named = {"name": name if labels else f"{name}_earlier"} if name else {}
        return {**named, "data": {"values": values}, "mark": mark, "encoding": encoding}

    dot = {
        "x": x,
        "y": {"field": "y", **pixels},
        "color": kind_colour,
        "shape": {"field": "shape", "type": "nominal", "scale": None},
        "size": {"field": "size", "type": "quantitative", "scale": None},
        "description": {"field": "tip"},
    }
    dot_mark = {"type": "point", "filled": True, "opacity": 1, "aria": True}

    layers = [
        layer(
            [{"x": lo, "x2": hi, "y": base}],
            {"type": "rule", "color": "#4a5568", "strokeWidth": 1.5},
            {"x": x, "x2": {"field": "x2"}, "y": {"field": "y", **pixels}},
        ),
        layer(
            spans,
            {"type": "rect", "opacity": 0.25, "height": 6},
            {"x": x, "x2": {"field": "x2"}, "y": {"value": base}, "color": kind_colour},
            "tl_span",
        ),
        layer(
            leaders,
            {"type": "rule", "opacity": 0.45},
            {
                "x": x,
                "y": {"field": "y", **pixels},
                "y2": {"field": "y2"},
                "color": {"field": "colour", "type": "nominal", "scale": None},
            },
        ),
        layer(
            texts,
            {"type": "text", "align": "center", "baseline": "alphabetic", "color": "#1a202c"},
            {"x": x, "y": {"field": "y", **pixels}, "text": {"field": "text"}},
        ),
        layer([d for d in dots if d["shape"] == "circle"], dot_mark, dot, "tl_event"),
        layer([d for d in dots if d["shape"] == "diamond"], dot_mark, dot, "tl_change"),
        layer(
            bar_rows,
            {
                "type": "rect",
                "color": "#bee3f8",
                "stroke": "#2b6cb0",
                "cornerRadius": 3,
                "aria": True,
            },
            {
                "x": x,
                "x2": {"field": "x2"},
                "y": {"field": "y", **pixels},
                "y2": {"field": "y2"},
                "description": {"field": "tip"},
            },
            "tl_mediation",
        ),
    ]
    for align in ("left", "right"):
        layers.append(
            layer(
                [t for t in bar_texts if t["align"] == align],
                {"type": "text", "align": align, "baseline": "alphabetic", "color": "#1a365d"},
                {"x": x, "y": {"field": "y", **pixels}, "text": {"field": "text"}},
            )
        )
    return {
        "width": width,
        "height": height,
        "layer": [item for item in layers if item["data"]["values"]],
    }


def _lanes(bars: list[_Bar]) -> dict[int, int]:
    """Each bar its own lane below the axis (bars of the past never share one: each is read
    with its label)."""
    return {index: index for index in range(len(bars))}


def timeline_spec(
    events: list[HistoryEvent],
    attempts: list[MediationAttempt],
    *,
    entries: Sequence[DatedEntry] = (),
    width: int,
    years: tuple[int | None, int | None] = (None, None),
) -> dict[str, Any]:
    """Events as dots on a time axis (turning points, agreements and splits or mergers
    labelled), earlier mediation attempts as bars below. A date known to the year or the month
    only is drawn where it is honest: its dot in the middle of its span, the span shaded, its
    hover title saying "1994" or "Mar 2019", never a day (cases/dates.py). When the distant
    past is long and nearly empty it is drawn as a compressed band of its own on the left
    (not to scale), and the axis gives its room to the years that matter."""
    marks, bars = _within(_marks(events, entries), _bars(attempts), years)
    events_shown = sum(1 for m in marks if not m.change)
    changes_shown = len(marks) - events_shown
    years_drawn = [m.first.year for m in marks] + [b.first.year for b in bars]
    # a range the reader chose is drawn to scale: the compression is for the whole history
    focus = focus_start(years_drawn) if years == (None, None) else None
    early_marks = [m for m in marks if focus and m.first.year < focus]
    early_bars = [b for b in bars if focus and b.last.year < focus]
    late_marks = [m for m in marks if m not in early_marks]
    late_bars = [b for b in bars if b not in early_bars]
    lanes = max(len(early_bars), len(late_bars))
    present = sorted(
        {m.kind_label: (m.change, m.kind) for m in marks}.items(),
        key=lambda kv: (
            kv[1][0],
            list(KIND_COLOURS).index(kv[1][1]) if kv[1][1] in KIND_COLOURS else 99,
        ),
    )
    domain = [label for label, _kind in present]
    colours = [
        CHANGE_COLOUR if change else KIND_COLOURS.get(kind, "#4a5568")
        for _label, (change, kind) in present
    ]
    scale = {"domain": domain, "range": colours}
    panels = []
    narrow = width < NARROW_FROM
    band = 0
    early_years = sorted(
        {m.first.year for m in early_marks}
        | {y for b in early_bars for y in (b.first.year, b.last.year)}
    )
    if early_years:
        band = int(min(max(44, 36 * len(early_years)), width * 0.28)) + 40
    late_days = [d for m in late_marks for d in (m.first, m.last)] + [
        d for b in late_bars for d in (b.first, b.last)
    ]
    lo = float(years[0] or min(d.year for d in late_days))
    hi = float((years[1] or max(d.year for d in late_days)) + 1)
    plot_w = width - band - 16
    step = max(1, -(-int(hi - lo) // max(2, plot_w // (56 if narrow else 64))))

    def late_panel(base: int) -> dict[str, Any]:
        return _panel(
            late_marks,
            late_bars,
            lanes=_lanes(late_bars),
            width=plot_w,
            position=_year_fraction,
            domain=(lo, hi),
            axis={
                "values": list(range(int(lo), int(hi) + 1, step)),
                "format": "d",
                "title": None,
                "grid": False,
                "labelFlush": True,
            },
            labels=True,
            base=base,
            height=base + 24 + lanes * LANE,
            colours=scale,
        )

    # Room above the line for as many rows of labels as are used, no more.
    trial = 16 + LABEL_ROWS * ROW_GAP
    tops = [
        row["y"]
        for layer in late_panel(trial)["layer"]
        if layer["mark"]["type"] == "text" and layer["mark"].get("align") == "center"
        for row in layer["data"]["values"]
    ]
    base = 16 + (round((trial - 16 - min(tops)) / ROW_GAP) + 1) * ROW_GAP if tops else 16
    height = base + 24 + lanes * LANE
    if early_years:
        rank = {year: index for index, year in enumerate(early_years)}

        def band_at(day: datetime.date) -> float:
            # the rank of the day's year; a day past an early year (a bar's end): just after it
            if day.year in rank:
                return float(rank[day.year])
            before = [year for year in early_years if year < day.year]
            return rank[before[-1]] + 0.35 if before else -0.35

        panels.append(
            _panel(
                early_marks,
                early_bars,
                lanes=_lanes(early_bars),
                width=band - 40,
                position=band_at,
                domain=(-0.6, len(early_years) - 0.4),
                axis={
                    "values": list(range(len(early_years))),
                    "labelExpr": _lookup({index: str(year) for year, index in rank.items()}),
                    "title": _("earlier, not to scale"),
                    # from the band's left edge, into the gap after it: never cut at the left
                    "titleAnchor": "start",
                    "titleAlign": "left",
                    "grid": False,
                },
                labels=False,
                base=base,
                height=height,
                colours=scale,
            )
        )
    panels.append(late_panel(base))
    first_year = min(years_drawn)
    last_year = max([m.last.year for m in marks] + [b.last.year for b in bars])
    parts = [
        ngettext("%(n)d event", "%(n)d events", events_shown) % {"n": events_shown},
        ngettext("%(n)d earlier mediation attempt", "%(n)d earlier mediation attempts", len(bars))
        % {"n": len(bars)},
    ]
    if changes_shown:
        parts.append(
            ngettext(
                "%(n)d split or merger of actors",
                "%(n)d splits or mergers of actors",
                changes_shown,
            )
            % {"n": changes_shown}
        )
    description = _("Timeline of the conflict from %(first)d to %(last)d: %(parts)s.") % {
        "first": first_year,
        "last": last_year,
        "parts": format_list(parts),
    }
    if focus and (early_marks or early_bars):
        description += " " + _("The years before %(year)d are drawn compressed on the left.") % {
            "year": focus
        }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": description,
        "usermeta": {"class": "timeline-chart"},
        "hconcat": panels,
        "spacing": 40,
        "resolve": {"scale": {"color": "shared", "x": "independent"}},
    }


def _within(
    marks: list[_Mark], bars: list[_Bar], years: tuple[int | None, int | None]
) -> tuple[list[_Mark], list[_Bar]]:
    """What the chosen years hold: marks whose span reaches into them, bars cut to them (their
    hover title keeps the whole period)."""
    start, end = years
    first = datetime.date(start, 1, 1) if start else datetime.date.min
    last = datetime.date(end, 12, 31) if end else datetime.date.max
    kept = [m for m in marks if m.last >= first and m.first <= last]
    cut = [
        _Bar(first=max(b.first, first), last=min(b.last, last), label=b.label, tip=b.tip)
        for b in bars
        if b.last >= first and b.first <= last
    ]
    return kept, cut


def timeline_chart(
    events: list[HistoryEvent],
    attempts: list[MediationAttempt],
    *,
    entries: Sequence[DatedEntry] = (),
    years: tuple[int | None, int | None] = (None, None),
) -> SafeString:
    """The timeline, wide and narrow (the page shows the one that fits); only the chosen
    years, if any."""
    marks, bars = _within(_marks(events, entries), _bars(attempts), years)
    if not marks and not bars:
        return mark_safe("")
    return _both(
        lambda width: timeline_spec(events, attempts, entries=entries, width=width, years=years),
        wide=960,
    )
