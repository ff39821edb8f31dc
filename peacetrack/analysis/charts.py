"""Charts drawn on the server as SVG, so they print, export and work without JavaScript.

- strength_chart: relative strength of each party's actor and of other stakeholders over time
  (Step 1.4.2)
- timeline_chart: the conflict's events and earlier mediation attempts (history), with other
  dated entries (splits and mergers of actors)
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, Protocol

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peacetrack.analysis.models import HistoryEvent, MediationAttempt, StrengthAssessment
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


def _x(
    date: datetime.date, start: datetime.date, end: datetime.date, left: float, width: float
) -> float:
    span = max((end - start).days, 1)
    return left + width * (date - start).days / span


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


def strength_chart(
    assessments: list[StrengthAssessment], *, width: int = 760, height: int = 300
) -> SafeString:
    if not assessments:
        return mark_safe("")
    left, right, top, bottom = 48, 130, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    dates = [a.assessed_on for a in assessments]
    start, end = min(dates), max(dates)
    if start == end:
        start, end = start - datetime.timedelta(days=30), end + datetime.timedelta(days=30)

    def y(value: float) -> float:
        return top + plot_h * (5 - value) / 4

    aria = _("Relative strength of the parties and stakeholders over time")
    parts = [
        f'<svg class="chart strength-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(aria)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" '
        f'font-size="11">'
    ]
    for level, label in STRENGTH_LEVELS:
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(level):.1f}" '
            f'y2="{y(level):.1f}" stroke="#e2e8f0"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y(level) + 4:.1f}" text-anchor="end" '
            f'fill="#5b6778">{level}</text>'
        )
        parts.append(f"<title>{escape(str(label))}</title>")
    for tick in _month_ticks(start, end):
        x = _x(tick, start, end, left, plot_w)
        parts.append(
            f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" '
            f'fill="#5b6778">{date_format(tick, "YEAR_MONTH_FORMAT")}</text>'
        )
    by_party = _by_actor(assessments)
    label_y = _spread(
        {party: y(items[-1].strength) + 4 for party, items in by_party.items()}, gap=13
    )
    for index, (party, items) in enumerate(by_party.items()):
        colour = PALETTE[index % len(PALETTE)]
        points = " ".join(
            f"{_x(a.assessed_on, start, end, left, plot_w):.1f},{y(a.strength):.1f}" for a in items
        )
        # A party's line is solid; a stakeholder's is dashed, and its label says so.
        stakeholder = items[0].actor.is_stakeholder
        dash = ' stroke-dasharray="6 4"' if stakeholder else ""
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5"{dash} data-actor="{escape(party)}" '
            f'data-stakeholder="{"yes" if stakeholder else "no"}"/>'
        )
        for a in items:
            parts.append(
                f'<circle cx="{_x(a.assessed_on, start, end, left, plot_w):.1f}" '
                f'cy="{y(a.strength):.1f}" r="4" fill="{colour}"><title>'
                + escape(
                    _("%(party)s %(date)s: %(strength)d/5, %(trend)s.")
                    % {
                        "party": party,
                        "date": _day(a.assessed_on),
                        "strength": a.strength,
                        "trend": a.get_trend_display().lower(),
                    }
                )
                + f" {escape(a.rationale[:200])}</title></circle>"
            )
        last = items[-1]
        shown = party if len(party) <= 14 else party[:13] + "…"
        mark = " ◇" if stakeholder else ""
        parts.append(
            f'<text x="{left + plot_w + 10}" y="{label_y[party]:.1f}" '
            f'fill="{colour}" font-weight="{400 if stakeholder else 600}">'
            f"{escape(shown)} {last.strength}/5{mark}<title>{escape(party)}"
            + (escape(" — " + _("stakeholder, not a party")) if stakeholder else "")
            + "</title></text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text is escaped above


def _spread(positions: dict[str, float], *, gap: float) -> dict[str, float]:
    """Move labels apart vertically so that none is closer than `gap` to the next."""
    placed: dict[str, float] = {}
    previous = float("-inf")
    for key, value in sorted(positions.items(), key=lambda kv: (kv[1], kv[0])):
        placed[key] = previous = max(value, previous + gap)
    return placed


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


def timeline_chart(
    events: list[HistoryEvent],
    attempts: list[MediationAttempt],
    *,
    entries: Sequence[DatedEntry] = (),
    width: int = 960,
) -> SafeString:
    """Events as dots on a time axis, earlier mediation attempts as bars below. A date known
    to the year or the month only is drawn where it is honest: its dot sits in the middle of
    the span, which is shaded on the axis, and its label says "1994" or "Mar 2019", never a
    day (cases/dates.py)."""
    dated = [m for m in attempts if m.started_on]
    if not events and not dated and not entries:
        return mark_safe("")
    spans = (
        [_span(e.date) for e in events]
        + [_span(m.started_on) for m in dated]
        + [_span(m.ended_on) for m in dated if m.ended_on]
        + [_span(entry.day) for entry in entries]
    )
    start = datetime.date(min(s.first_day for s in spans).year, 1, 1)
    end = datetime.date(max(s.last_day for s in spans).year + 1, 1, 1)
    left, plot_w = 20, width - 40
    lanes = max(1, len(dated))
    height = 150 + 22 * lanes
    axis_y = 90
    parts = [
        f'<svg class="chart timeline-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(_("Timeline of the conflict and earlier mediation attempts"))}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" '
        f'font-size="11">',
        f'<line x1="{left}" x2="{left + plot_w}" y1="{axis_y}" y2="{axis_y}" '
        f'stroke="#4a5568" stroke-width="1.5"/>',
    ]
    years = end.year - start.year
    step = max(1, -(-years // 12))
    for year in range(start.year, end.year + 1, step):
        x = _x(datetime.date(year, 1, 1), start, end, left, plot_w)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{axis_y - 4}" y2="{axis_y + 4}" '
            f'stroke="#4a5568"/><text x="{x:.1f}" y="{axis_y + 18}" '
            f'text-anchor="middle" fill="#5b6778">{year}</text>'
        )
    rows: list[float] = [float("-inf")] * LABEL_ROWS  # right edge of the last label per row
    for event in sorted(events, key=lambda e: (approx_sort_key(e.date), e.pk)):
        when = _span(event.date)
        x = _x(when.middle, start, end, left, plot_w)
        colour = KIND_COLOURS.get(event.kind, "#4a5568")
        big = event.kind in ("turning_point", "agreement")
        span = ""
        if when.precision != "day" or when.about:
            # the span the date covers, shaded on the axis
            x1 = _x(when.first_day, start, end, left, plot_w)
            x2 = _x(when.last_day + datetime.timedelta(days=1), start, end, left, plot_w)
            span = (
                f'<rect class="tl-span" x="{x1:.1f}" y="{axis_y - 3}" '
                f'width="{max(x2 - x1, 1):.1f}" height="6" fill="{colour}" fill-opacity=".25"/>'
            )
        parts.append(
            f'<g class="tl-event" data-kind="{event.kind}" data-precision="{when.precision}">'
            f'{span}<circle cx="{x:.1f}" cy="{axis_y}" r="{6 if big else 4}" fill="{colour}"/>'
            f"<title>{escape(when.text())} — "
            f"{escape(event.title)} ({escape(event.get_kind_display())})</title></g>"
        )
        if not big:
            continue
        text = event.title if len(event.title) <= 26 else event.title[:25] + "…"
        half = len(text) * CHAR_WIDTH / 2
        centre = min(max(x, left + half), left + plot_w - half)
        # The first row where this label clears the previous one; none: no label (the dot
        # keeps its tooltip, and the list of events has them all).
        row = next((r for r, edge in enumerate(rows) if centre - half > edge + 6), None)
        if row is None:
            continue
        rows[row] = centre + half
        label_y = axis_y - 14 - row * 14
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{axis_y - 6}" y2="{label_y + 3}" '
            f'stroke="{colour}" stroke-opacity=".35"/><text x="{centre:.1f}" y="{label_y}" '
            f'text-anchor="middle" fill="{colour}">{escape(text)}</text>'
        )
    for entry in sorted(entries, key=lambda e: e.day):
        x = _x(entry.day, start, end, left, plot_w)
        parts.append(
            f'<g class="tl-change" data-kind="{escape(entry.kind)}"><path d="M{x:.1f} '
            f'{axis_y - 7} l6 7 l-6 7 l-6 -7 z" fill="{CHANGE_COLOUR}"/><title>'
            f"{escape(entry.date)} — {escape(entry.title)} ({escape(entry.kind_label)})"
            "</title></g>"
        )
        text = entry.title if len(entry.title) <= 26 else entry.title[:25] + "…"
        half = len(text) * CHAR_WIDTH / 2
        centre = min(max(x, left + half), left + plot_w - half)
        row = next((r for r, edge in enumerate(rows) if centre - half > edge + 6), None)
        if row is None:
            continue
        rows[row] = centre + half
        label_y = axis_y - 14 - row * 14
        parts.append(
            f'<text class="tl-change-label" x="{centre:.1f}" y="{label_y}" text-anchor="middle" '
            f'fill="{CHANGE_COLOUR}">{escape(text)}</text>'
        )
    ordered = sorted(dated, key=lambda m: (approx_sort_key(m.started_on), m.pk))
    for lane, attempt in enumerate(ordered):
        began = _span(attempt.started_on)
        ended = _span(attempt.ended_on) if attempt.ended_on else None
        x1 = _x(began.first_day, start, end, left, plot_w)
        x2 = _x(ended.last_day if ended else began.last_day, start, end, left, plot_w)
        y = axis_y + 34 + lane * 22
        label = f"{attempt.mediator[:40]} — {attempt.get_outcome_display().lower()}"
        # The label runs right from the bar's start, or ends left of it near the right edge.
        fits = x1 + 4 + len(label) * CHAR_WIDTH <= left + plot_w
        text_x, anchor = (x1 + 4, "start") if fits else (x1 - 4, "end")
        period = began.text() if ended is None else f"{began.text()} – {ended.text()}"
        parts.append(
            f'<g class="tl-mediation"><rect x="{x1:.1f}" y="{y}" width="{max(x2 - x1, 4):.1f}" '
            f'height="14" rx="3" fill="#bee3f8" stroke="#2b6cb0"/><text x="{text_x:.1f}" '
            f'y="{y + 11}" text-anchor="{anchor}" fill="#1a365d">{escape(label)}</text>'
            f"<title>{escape(attempt.mediator)} ({escape(period)})</title></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text is escaped above
