"""What the actor-map page draws around the map (Step 1.2): the key that says in words what each
colour, shape and line means, and the list of actors and ties that stands in for the picture
without JavaScript or for a screen reader.

Worked out from the map data (network.map_data), the same JSON the map's script draws, so the
page's key and the script's colours cannot disagree: the script reads each colour and shape
from the key on the page (data-key, data-colour, data-shape, data-kinds).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from peacetrack.analysis.models import ActorKind

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise

    from peacetrack.analysis.network import NetworkAnalysis
    from peacetrack.cases.access import CaseAccess

# Colours a reader with any common colour-vision deficiency can tell apart (Okabe and Ito);
# the sides or camps beyond these share the last, "other", colour. Defined in actor-map.css as
# .map-c0 … .map-c5; every actor also gets a dark outline, so a light colour still stands out.
PALETTE_SIZE = 7
# A long list would bury the page; the full lists are one link away (and paginated).
LISTED_UP_TO = 100

# Fourteen kinds in five shapes, grouped by what a mediator asks of them (Step 1.2).
SHAPES: tuple[tuple[str, StrOrPromise, tuple[str, ...]], ...] = (
    (
        "circle",
        _("Conflict party, wing or faction"),
        (
            ActorKind.CONFLICT_PARTY,
            ActorKind.POLITICAL_WING,
            ActorKind.MILITARY_WING,
            ActorKind.FACTION,
        ),
    ),
    ("triangle", _("Leader"), (ActorKind.TOP_LEADER, ActorKind.MID_LEADER)),
    (
        "square",
        _("Civil society, group in the populace or diaspora"),
        (ActorKind.CIVIL_SOCIETY, ActorKind.POPULACE_GROUP, ActorKind.DIASPORA),
    ),
    (
        "diamond",
        _("State or international body"),
        (ActorKind.STATE, ActorKind.INTERNATIONAL_ORG, ActorKind.INGO),
    ),
    ("star", _("Media or other"), (ActorKind.MEDIA, ActorKind.OTHER)),
)

# The small drawings in the key, centred on (8, 8) like the script's d3 symbols.
SHAPE_PATHS = {
    "circle": "M14,8A6,6 0 1,1 2,8A6,6 0 1,1 14,8Z",
    "triangle": "M8,1.5L14.5,13.5H1.5Z",
    "square": "M2.5,2.5H13.5V13.5H2.5Z",
    "diamond": "M8,1L15,8L8,15L1,8Z",
    "star": "M8,1L9.9,6H15L10.9,9.1L12.4,14.5L8,11.3L3.6,14.5L5.1,9.1L1,6H6.1Z",
}


@dataclass(frozen=True)
class KeyEntry:
    key: str  # the side's short name or "camp<index>"; "" for actors without one
    label: str
    colour: str  # a class of actor-map.css: map-c0 … map-c5, map-c-other, map-c-none
    count: int


def _colour(index: int) -> str:
    return f"map-c{index}" if index < PALETTE_SIZE - 1 else "map-c-other"


def side_key(data: dict[str, Any]) -> list[KeyEntry]:
    """One entry per side, the side with most actors first; then the actors of no side."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for node in data["nodes"]:
        side = node.get("party")
        if side:
            counts[side] = counts.get(side, 0) + 1
            if node.get("stands_for_party"):
                names[side] = node["name"]
    sides = sorted(counts, key=lambda side: (-counts[side], side))
    entries = []
    for index, side in enumerate(sides):
        label = f"{names[side]} ({side})" if side in names and names[side] != side else side
        entries.append(KeyEntry(side, label, _colour(index), counts[side]))
    entries = _merge_others(entries, _("Other sides"))
    alone = sum(1 for node in data["nodes"] if not node.get("party"))
    if alone:
        entries.append(KeyEntry("", str(_("No side")), "map-c-none", alone))
    return entries


def camp_key(data: dict[str, Any]) -> list[KeyEntry]:
    """One entry per camp, largest first (as the analysis numbers them); then the actors
    without a tie, who belong to no camp."""
    entries = [
        KeyEntry(f"camp{camp['index']}", str(camp["label"]), _colour(position), int(camp["size"]))
        for position, camp in enumerate(sorted(data.get("camps", []), key=lambda c: c["index"]))
    ]
    entries = _merge_others(entries, _("Other camps"))
    alone = sum(1 for node in data["nodes"] if node.get("camp") is None)
    if alone:
        entries.append(KeyEntry("", str(_("No camp (no ties)")), "map-c-none", alone))
    return entries


def _merge_others(entries: list[KeyEntry], label: StrOrPromise) -> list[KeyEntry]:
    if len(entries) <= PALETTE_SIZE:  # (a seventh entry takes the "other" colour itself)
        return entries
    rest = entries[PALETTE_SIZE - 1 :]
    keys = " ".join(e.key for e in rest)
    other = KeyEntry(keys, str(label), "map-c-other", sum(e.count for e in rest))
    return [*entries[: PALETTE_SIZE - 1], other]


def shape_key(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The shapes, each with the kinds it stands for (those present named in the key)."""
    present = {node["kind"] for node in data["nodes"]}
    labels = dict(ActorKind.choices)
    return [
        {
            "shape": shape,
            "label": label,
            "path": SHAPE_PATHS[shape],
            "kinds": " ".join(kinds),
            "present": [labels[k] for k in kinds if k in present],
        }
        for shape, label, kinds in SHAPES
        if present.intersection(kinds)
    ]


def map_figure(data: dict[str, Any], *, team: bool) -> dict[str, Any]:
    """The key and the list of the page's actor map, from its map data. `drawn` says whether
    there is a map to draw: not without actors, nor for a delegate or partner who sees only
    each party's own actor (they come with the parties) and no tie; those readers get an
    empty state written for them instead."""
    names = {node["id"]: node["name"] for node in data["nodes"]}
    links = data["links"]
    frustrated = set(data.get("frustrated", []))
    side_of = {node["id"]: node.get("party") or "" for node in data["nodes"]}
    camp_label = {str(c["index"]): c["label"] for c in data.get("camps", [])}
    nodes = sorted(
        data["nodes"], key=lambda n: (not n.get("important"), -n.get("degree", 0), n["name"])
    )
    return {
        "sides": side_key(data),
        "camps": camp_key(data),
        "shapes": shape_key(data),
        "has_positive": any(link.get("sign") != "negative" for link in links),
        "has_negative": any(link.get("sign") == "negative" for link in links),
        "has_directed": any(link.get("directed") for link in links),
        "has_frustrated": bool(frustrated),
        "has_spoiler": any(node.get("spoiler") for node in data["nodes"]),
        "actor_count": len(data["nodes"]),
        "drawn": bool(data["nodes"])
        and (team or bool(links) or not all(n.get("stands_for_party") for n in data["nodes"])),
        "tie_count": len(links),
        "actors": [
            {
                "name": node["name"],
                "url": node.get("url"),
                "kind": node.get("kind_label", ""),
                "side": side_of[node["id"]],
                "camp": camp_label.get(str(node.get("camp")), ""),
                "degree": node.get("degree", 0),
                "spoiler": node.get("spoiler", False),
            }
            for node in nodes[:LISTED_UP_TO]
        ],
        "ties": [
            {
                "source": names[link["source"]],
                "target": names[link["target"]],
                "kind": link.get("kind_label", ""),
                "negative": link.get("sign") == "negative",
                "frustrated": link.get("id") in frustrated,
            }
            for link in sorted(
                links,
                key=lambda link: (-float(link.get("weight", 0)), names[link["source"]]),
            )[:LISTED_UP_TO]
        ],
    }


def map_page_parts(
    access: CaseAccess, network: NetworkAnalysis, *, request: HttpRequest
) -> dict[str, Any]:
    """The parts of the map page worked out from the analysis, rendered: its heading with the
    step's menu, the map with its key, brief and list, the image downloads, the findings. The
    page caches them (network_cache.actor_map_parts), so that a cached map costs little more
    than a plain page."""
    from peacetrack.analysis.map_texts import map_texts, network_findings
    from peacetrack.analysis.network import map_data
    from peacetrack.analysis.registry import RECORD_TYPES
    from peacetrack.analysis.selectors import actor_url

    figure = map_figure(map_data(network, url_for=actor_url), team=access.membership.is_team)
    findings = network_findings(network, case=access.case)
    context = {
        "access": access,
        "case": access.case,
        "network": network,
        "figure": figure,
        "findings": findings,
        "map_texts": map_texts(),
        "as_of": network.as_of,
        "record_types": RECORD_TYPES,
        "request": request,  # (the menu marks the page it is on)
    }
    return {
        "head": render_to_string("analysis/_map_head.html", context),
        "downloads": render_to_string("analysis/_map_downloads.html", context),
        "figure": render_to_string("analysis/_map_figure.html", context),
        "findings": render_to_string("analysis/_map_findings.html", context),
        "drawn": figure["drawn"],
        "as_of": findings.as_of,
    }
