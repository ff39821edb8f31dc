"""Step 1's sections of the briefing pack (advisor/briefing/sections.py): the key actors and
the actor map as an image, the positions matrix, and the parties' relative strength with its
chart. Each reads what the briefing's reader may read, as the step-1 pages do. Registered
from AnalysisConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peacetrack.advisor.briefing.content import Block, Bullets, Image, Paragraph, Subheading, Table
from peacetrack.advisor.briefing.foundation import day
from peacetrack.advisor.briefing.sections import BriefingSection, section_register
from peacetrack.analysis.access import records_visible
from peacetrack.analysis.models import Actor, StrengthAssessment
from peacetrack.analysis.models.actors import ActorKind
from peacetrack.analysis.registry import BY_MODEL
from peacetrack.cases.access import CaseAccess

KEY_ACTORS = 10
MATRIX_STAKEHOLDERS = 3  # columns beside the parties' own (the matrix page has them all)
MATRIX_ISSUES = 25
CELL_CHARS = 220
STRENGTH_ACTORS = 12
LEADERS = (ActorKind.TOP_LEADER, ActorKind.MID_LEADER)


def _short(text: str, most: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _side(actor: Actor, parties: dict[int, str]) -> str:
    return parties.get(actor.party_id or 0, "") or "—"


def actors_section(access: CaseAccess) -> list[Block]:
    """The actors that matter most: the most central ones on the network as last analysed
    (if that analysis is current), else the parties' own actors and their leaders; then the
    actor map (Step 1.2)."""
    from peacetrack.analysis.map_render import actor_map_spec
    from peacetrack.analysis.network_cache import network_analysis
    from peacetrack.analysis.vega import render_png

    parties = {p.pk: p.short_name for p in access.case.parties.all()}
    analysis, freshness = network_analysis(access)
    blocks: list[Block] = []
    kind_labels = dict(ActorKind.choices)
    if analysis.actors and not freshness.recomputing:
        brokers = {b.actor.pk: b for b in analysis.brokers}
        ranked = sorted(
            analysis.actors,
            key=lambda a: (
                -analysis.betweenness.get(a.pk, 0.0),
                -analysis.degree.get(a.pk, 0),
                a.name,
            ),
        )[:KEY_ACTORS]
        rows = []
        for actor in ranked:
            notes = []
            broker = brokers.get(actor.pk)
            if broker and len(broker.sides) > 1:
                notes.append(_("links %(sides)s") % {"sides": ", ".join(broker.sides)})
            if actor.potential_spoiler:
                notes.append(_("potential spoiler"))
            rows.append(
                (
                    actor.name,
                    str(kind_labels.get(actor.kind, actor.kind)),
                    _side(actor, parties),
                    str(analysis.degree.get(actor.pk, 0)),
                    "; ".join(notes) or "—",
                )
            )
        blocks.append(
            Paragraph(
                _("The most central actors on the network: those most other routes run through.")
            )
        )
        blocks.append(
            Table(
                headers=(_("Actor"), _("Kind"), _("Side"), _("Ties"), _("Role in the network")),
                rows=tuple(rows),
            )
        )
    else:
        chosen = list(
            records_visible(BY_MODEL[Actor], access.membership)
            .filter(Q(stands_for__isnull=False) | Q(kind__in=LEADERS))
            .select_related("stands_for")
            .order_by("name", "pk")[: KEY_ACTORS * 2]
        )
        if chosen:
            blocks.append(Paragraph(_("The parties' own actors and their leaders.")))
            blocks.append(
                Table(
                    headers=(_("Actor"), _("Kind"), _("Side"), _("Potential spoiler")),
                    rows=tuple(
                        (
                            a.name,
                            str(kind_labels.get(a.kind, a.kind)),
                            _side(a, parties),
                            _("yes") if a.potential_spoiler else _("no"),
                        )
                        for a in chosen
                    ),
                )
            )
    if not analysis.actors:
        blocks.append(Paragraph(_("No actors recorded yet."), "muted"))
        return blocks
    spec = actor_map_spec(analysis)
    blocks.append(Subheading(_("The actor map")))
    blocks.append(
        Image(
            png=render_png(spec, scale=2),
            alt=str(spec["description"]),
            caption=_(
                "Coloured by side; the shape shows the kind of actor; hostile ties are red and "
                "dashed. As analysed on %(day)s."
            )
            % {"day": day(freshness.computed_at.date())},
        )
    )
    return blocks


def positions_section(access: CaseAccess) -> list[Block]:
    """Each party's stated position on each issue, with the interests behind it (Step 1.1.2)."""
    from peacetrack.analysis.selectors import positions_matrix

    matrix: dict[str, Any] = positions_matrix(access)
    if not matrix["rows"]:
        return [Paragraph(_("No contested issues recorded yet."), "muted")]
    columns = matrix["columns"][: matrix["party_count"] + MATRIX_STAKEHOLDERS]
    blocks: list[Block] = []
    rows = []
    for row in matrix["rows"][:MATRIX_ISSUES]:
        title = row["issue"].title
        if row["out_of_scope"]:
            title = _("%(issue)s (out of scope)") % {"issue": title}
        elif row["room_for_a_deal"]:
            title = _("%(issue)s (room for a deal)") % {"issue": title}
        cells = []
        for position, _partners in row["cells"][: len(columns)]:
            if position is None:
                cells.append("—")
                continue
            text = _short(position.position, CELL_CHARS)
            if position.interests:
                text += "\n" + _("Interests: %(text)s") % {
                    "text": _short(position.interests, CELL_CHARS // 2)
                }
            cells.append(text)
        rows.append((title, *cells))
    blocks.append(Table(headers=(_("Issue"), *(a.short_label for a in columns)), rows=tuple(rows)))
    hidden_columns = len(matrix["columns"]) - len(columns)
    hidden_rows = len(matrix["rows"]) - MATRIX_ISSUES
    if hidden_columns > 0 or hidden_rows > 0:
        blocks.append(
            Paragraph(
                _("The positions matrix on the Assessment pages has every issue and stakeholder."),
                "muted",
            )
        )
    shared = [
        (row["issue"].title, found)
        for row in matrix["rows"]
        for found in row["coincidences"]
        if found.kind == "position"
    ]
    if shared:
        blocks.append(Subheading(_("Possible joint positions")))
        blocks.append(
            Bullets(
                tuple(
                    _("%(issue)s: %(actors)s state “%(text)s”")
                    % {"issue": issue, "actors": found.names, "text": _short(found.texts[0], 160)}
                    for issue, found in shared[:10]
                )
            )
        )
    return blocks


def strength_section(access: CaseAccess) -> list[Block]:
    """The latest assessment of each party's strength (and of stakeholders'), its trend, who has
    the upper hand, and the chart over time (Step 1.4.2)."""
    from peacetrack.analysis.charts import STRENGTH_LEVELS, strength_spec, upper_hand
    from peacetrack.analysis.vega import render_png

    assessments: list[StrengthAssessment] = list(
        records_visible(BY_MODEL[StrengthAssessment], access.membership).select_related(
            "actor__stands_for"
        )
    )
    if not assessments:
        return [Paragraph(_("No strength assessments recorded yet."), "muted")]
    blocks: list[Block] = []
    hand = upper_hand(assessments)
    if hand is not None:
        blocks.append(Paragraph(hand.text, "lead"))
    latest: dict[int, StrengthAssessment] = {}
    for item in sorted(assessments, key=lambda a: (a.assessed_on, a.pk)):
        latest[item.actor_id] = item
    words = {level: str(word) for level, word in STRENGTH_LEVELS}
    ordered = sorted(
        latest.values(), key=lambda a: (a.actor.is_stakeholder, a.actor.short_label.lower())
    )[:STRENGTH_ACTORS]
    blocks.append(
        Table(
            headers=(_("Actor"), _("Strength"), _("Trend"), _("Assessed on"), _("Why")),
            rows=tuple(
                (
                    a.actor.short_label,
                    f"{a.strength}/5 ({words.get(a.strength, '')})",
                    str(a.get_trend_display()),
                    day(a.assessed_on),
                    _short(a.rationale, 200),
                )
                for a in ordered
            ),
        )
    )
    spec = strength_spec(assessments, width=640)
    count = len(latest)
    blocks.append(
        Image(
            png=render_png(spec, scale=2),
            alt=str(spec.get("description", _("Relative strength over time"))),
            caption=ngettext(
                "Relative strength over time: %(n)d actor assessed.",
                "Relative strength over time: %(n)d actors assessed.",
                count,
            )
            % {"n": count},
        )
    )
    return blocks


def register() -> None:
    section_register(
        BriefingSection("actors", gettext_lazy("Key actors and the actor map"), 30, actors_section)
    )
    section_register(
        BriefingSection(
            "positions",
            gettext_lazy("Positions on the issues"),
            40,
            positions_section,
            landscape=True,  # a column per party and stakeholder
        )
    )
    section_register(
        BriefingSection("strength", gettext_lazy("Relative strength"), 50, strength_section)
    )
