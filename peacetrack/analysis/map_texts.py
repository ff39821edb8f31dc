"""The words of the actor map in the reader's language: its findings said in plain words for
the page (network_findings), and the words of the island (static/analysis/actor-map.js).

The page hands them to the script as JSON (`json_script`); the script keeps its English words
for anything missing. Counted phrases are given in every plural form the language has: one
form per sample number, and the script picks the sample of the same plural category
(Intl.PluralRules) as the number it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext, ngettext

from peacetrack.analysis.network import camp_name_pattern

if TYPE_CHECKING:
    from peacetrack.analysis.models import Actor
    from peacetrack.analysis.network import NetworkAnalysis
    from peacetrack.cases.models import Case

# How much of each finding the page lists (the map shows the rest).
CUT_ACROSS_SHOWN = 12
CAMP_MEMBERS_SHOWN = 8
CHANNELS_SHOWN = 6
BRIDGES_SHOWN = 10

# One number of each plural category of the languages offered (Arabic has six).
PLURAL_SAMPLES = (0, 1, 2, 3, 11, 100)


def _forms(phrase: Callable[[int], str]) -> dict[str, str]:
    return {str(n): phrase(n) for n in PLURAL_SAMPLES}


def map_texts() -> dict[str, Any]:
    return {
        "lang": get_language() or "en",
        "texts": {
            "empty": gettext("No actors yet. Add actors and ties to see the map."),
            "unnamed": gettext("Actor %(key)s"),
            "actor_kinds": gettext("Actor kinds"),
            "tie_kinds": gettext("Tie kinds"),
            "no_ties": gettext("No ties yet."),
            "find_placeholder": gettext("Name or party"),
            "find": gettext("Find actor"),
            "zoom_in": gettext("Zoom in"),
            "zoom_out": gettext("Zoom out"),
            "fit": gettext("Fit"),
            "fit_title": gettext("Fit the whole map in view"),
            "export_svg": gettext("Export SVG"),
            "export_svg_title": gettext("Download the current view as an SVG file"),
            "export_png": gettext("Export PNG"),
            "export_png_title": gettext("Download the current view as a PNG image"),
            "view": gettext("View"),
            "export": gettext("Export"),
            "map": gettext("Actor map"),
            "description": gettext(
                "Network map of %(actors)s and %(ties)s. The arrow keys move from actor to "
                "actor, Enter opens one."
            ),
            "actors": gettext("Actors"),
            "ties": gettext("Ties"),
            "node": gettext("%(name)s (%(kind)s), %(ties)s"),
            "pinned": gettext("pinned"),
            "count_title": gettext("%(shown)s of %(total)s shown"),
            "showing": gettext(
                "Showing %(shown_actors)s of %(actors)s and %(shown_ties)s of %(ties)s."
            ),
            "no_match": gettext("No match"),
            "enter_to_zoom": gettext("%(matches)s — Enter to zoom"),
            "export_title": gettext("Peacetrack actor map · %(summary)s"),
            "saved": gettext("Saved %(file)s."),
            "svg_failed": gettext("Could not export the SVG: %(error)s"),
            "png_failed": gettext("Could not export the PNG: %(error)s"),
            "load_failed": gettext("Could not load the actor map: %(error)s"),
            "loading": gettext("Loading the actor map…"),
            "unexpected": gettext("the server sent an unexpected response."),
            "unreachable": gettext(
                "the server could not be reached. Check your connection and reload the page."
            ),
            "answered": gettext("the server answered %(status)s."),
            "signed_out": gettext(
                "you may have been signed out, or you lack access to this case. Reload the page."
            ),
            "not_found": gettext("the map data was not found (404)."),
            "not_map_data": gettext("the server sent something that is not map data."),
            "no_image": gettext("the browser could not create the image."),
            "not_drawn": gettext("the browser could not draw the map."),
            "no_d3": gettext("the map library (d3) did not load."),
            "no_src": gettext("the page does not say where the map data is."),
            "draw_failed": gettext("the map could not be drawn."),
            "camps": gettext("Camps"),
            "no_camp": gettext("No camp (no tie)"),
            "negative_tie": gettext("Hostility or rivalry (a negative tie)"),
            "positive_tie": gettext("Any other kind (a positive tie)"),
            "cuts_across": gettext("cuts across the camps"),
            # (map-page: the colour toggle, the folded filters, signs and sides)
            "colour_by": gettext("Colour by"),
            "colour_side": gettext("side"),
            "colour_camp": gettext("camp"),
            "filter": gettext("Filter"),
            "node_side": gettext("%(name)s (%(kind)s, %(side)s), %(ties)s"),
            "potential_spoiler": gettext("potential spoiler"),
        },
        "plurals": {
            "actors": _forms(lambda n: ngettext("%(n)s actor", "%(n)s actors", n)),
            "ties": _forms(lambda n: ngettext("%(n)s tie", "%(n)s ties", n)),
            "matches": _forms(lambda n: ngettext("%(n)s match", "%(n)s matches", n)),
            "spoilers_shown": _forms(
                lambda n: ngettext(
                    "%(n)s potential spoiler shown.", "%(n)s potential spoilers shown.", n
                )
            ),
        },
    }


@dataclass
class CampFinding:
    label: SafeString
    size: str
    members: list[SafeString]
    more: str


@dataclass
class Findings:
    """The map's findings as sentences (Step 1.2), each naming actors as links."""

    as_of: str = ""
    camps_summary: str = ""
    camps: list[CampFinding] = field(default_factory=list)
    cut_across: list[SafeString] = field(default_factory=list)
    cut_across_more: str = ""
    brokers: list[SafeString] = field(default_factory=list)
    channels: list[SafeString] = field(default_factory=list)
    bridges: list[SafeString] = field(default_factory=list)
    bridges_more: str = ""


def _say(text: str, **values: Any) -> SafeString:
    """A translated sentence with its values escaped (links stay links)."""
    return mark_safe(text % {k: conditional_escape(v) for k, v in values.items()})  # noqa: S308


def _more(n: int) -> str:
    return ngettext("and %(n)s more", "and %(n)s more", n) % {"n": n} if n > 0 else ""


def network_findings(analysis: NetworkAnalysis, *, case: Case) -> Findings:
    """What the analysis found, in sentences a mediator reads: never a bare score."""

    def link(actor: Actor) -> SafeString:
        url = reverse("analysis:detail", args=[case.public_id, "actors", actor.public_id])
        return format_html('<a href="{}">{}</a>', url, actor.name)

    found = Findings()
    if analysis.as_of is not None:
        found.as_of = date_format(analysis.as_of, "DATE_FORMAT")
    camps = analysis.camps
    label = {
        c.index: _say(camp_name_pattern(c.named_after.name), name=link(c.named_after))
        for c in camps
    }
    if camps:
        tie_count = analysis.aligning_count
        cut = len(analysis.frustrated)
        found.camps_summary = " ".join(
            [
                ngettext(
                    "The ties that align actors divide them into %(n)s camp.",
                    "The ties that align actors divide them into %(n)s camps.",
                    len(camps),
                )
                % {"n": len(camps)},
                ngettext(
                    "%(cut)s tie of %(n)s cuts across them.",
                    "%(cut)s ties of %(n)s cut across them.",
                    cut,
                )
                % {"cut": cut, "n": tie_count}
                if cut
                else gettext("No tie cuts across them."),
            ]
        )
    for camp in camps:
        members = camp.members
        found.camps.append(
            CampFinding(
                label=label[camp.index],
                size=ngettext("%(n)s actor", "%(n)s actors", len(members)) % {"n": len(members)},
                members=[link(a) for a in members[:CAMP_MEMBERS_SHOWN]],
                more=_more(len(members) - CAMP_MEMBERS_SHOWN),
            )
        )
    frustrated = analysis.frustrated_ties()
    for tie, source, target in frustrated[:CUT_ACROSS_SHOWN]:
        here, there = analysis.camp_of[source.pk], analysis.camp_of[target.pk]
        sentence = (
            gettext("%(source)s and %(target)s (%(kind)s) link %(camp)s and %(other)s.")
            if tie.positive
            else gettext("%(source)s and %(target)s (%(kind)s) are both in %(camp)s.")
        )
        found.cut_across.append(
            _say(
                sentence,
                source=link(source),
                target=link(target),
                kind=tie.kind_label.lower(),
                camp=label[here],
                other=label[there],
            )
        )
    found.cut_across_more = _more(len(frustrated) - CUT_ACROSS_SHOWN)
    for broker in analysis.brokers:
        if analysis.estimated:
            text = ngettext(
                "The shortest cooperative route between about %(n)s pair of actors runs "
                "through %(actor)s.",
                "The shortest cooperative routes between about %(n)s pairs of actors run "
                "through %(actor)s.",
                broker.pairs,
            )
        else:
            text = ngettext(
                "The shortest cooperative route between %(n)s pair of actors runs through "
                "%(actor)s.",
                "The shortest cooperative routes between %(n)s pairs of actors run through "
                "%(actor)s.",
                broker.pairs,
            )
        sentence = _say(text, n=broker.pairs, actor=link(broker.actor))
        if broker.sides:
            reach = _say(
                gettext("Its cooperative ties reach %(sides)s."),
                sides=get_text_list(broker.sides, gettext("and")),
            )
            sentence = format_html("{} {}", sentence, reach)
        found.brokers.append(sentence)
    for channels in analysis.channels[:CHANNELS_SHOWN]:
        first, second = channels.sides
        if channels.total == 1:
            text = gettext("%(actor)s carries the only channel between %(first)s and %(second)s.")
        else:
            text = ngettext(
                "%(actor)s carries %(carried)s of the %(n)s channel between %(first)s and "
                "%(second)s.",
                "%(actor)s carries %(carried)s of the %(n)s channels between %(first)s and "
                "%(second)s.",
                channels.total,
            )
        found.channels.append(
            _say(
                text,
                actor=link(channels.carrier),
                carried=channels.carried,
                n=channels.total,
                first=first,
                second=second,
            )
        )
    for bridge in analysis.bridges[:BRIDGES_SHOWN]:
        found.bridges.append(
            _say(
                gettext("%(actor)s has cooperative ties to %(sides)s."),
                actor=link(bridge.actor),
                sides=get_text_list(bridge.sides, gettext("and")),
            )
        )
    found.bridges_more = _more(len(analysis.bridges) - BRIDGES_SHOWN)
    return found
