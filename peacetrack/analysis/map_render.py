"""The actor map drawn on the server, as SVG or PNG, for exports and briefings (Step 1.2).

The same data as the interactive map (network.map_data) is laid out here deterministically (a
seeded force-directed layout: the same network always gives the same picture) and drawn as a
Vega-Lite specification (analysis/vega.py). Actors are coloured by side (the party they belong
to) or by camp, their kind shows as a shape, and every party's actor and every actor that
matters is labelled; hostile ties are red and dashed.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peacetrack.analysis.network import NetworkAnalysis, map_data
from peacetrack.analysis.vega import render_png, svg_text

WIDTH, HEIGHT = 900, 640
SEED = 7
GRAVITY = 4.0
WORK_BUDGET = 600_000  # pairs of actors compared: under a second here
LAYOUT_CACHE_SECONDS = 24 * 3600
NEGATIVE_KINDS = frozenset({"hostility", "rivalry"})  # until links carry their sign
SIDE_COLOURS = ["#1f3a5f", "#c05621", "#2f855a", "#805ad5", "#b83280", "#2b6cb0", "#975a16"]
NO_SIDE = "#a0aec0"
# Kinds of actor grouped by shape: fourteen shapes would not be told apart.
SHAPES = [
    (
        "square",
        gettext_lazy("Party, wing or faction"),
        {"conflict_party", "political_wing", "military_wing", "faction"},
    ),
    ("triangle-up", gettext_lazy("Leader"), {"top_leader", "mid_leader"}),
    (
        "diamond",
        gettext_lazy("State or international body"),
        {"state", "international_org", "ingo"},
    ),
    (
        "circle",
        gettext_lazy("Society, diaspora or media"),
        {"civil_society", "populace_group", "diaspora", "media"},
    ),
    ("cross", gettext_lazy("Other"), {"other"}),
]
LABEL_MOST = 24
CHAR_WIDTH = 6.4  # an 11px sans-serif character, for placing labels
LABEL_HEIGHT = 13


def layout(
    ids: list[str],
    edges: list[tuple[str, str, float]],
    *,
    groups: dict[str, str] | None = None,
    iterations: int = 60,
) -> dict[str, tuple[float, float]]:
    """Positions in the unit square by Fruchterman and Reingold's force-directed method, from
    seeded starting points (each group, e.g. a side, around its own point of a circle): the
    same network gives the same layout. Repulsion is counted only between actors in
    neighbouring cells of a grid, and the rounds stop once WORK_BUDGET pairs have been
    counted, so a large map stays bounded in time (and still the same each time)."""
    count = len(ids)
    if count == 0:
        return {}
    if count == 1:
        return {ids[0]: (0.5, 0.5)}
    rng = random.Random(SEED)
    names = sorted(set((groups or {}).values()))
    centres = {
        name: (
            0.5 + 0.3 * math.cos(2 * math.pi * i / len(names)),
            0.5 + 0.3 * math.sin(2 * math.pi * i / len(names)),
        )
        for i, name in enumerate(names)
    }
    pos = {}
    for node in sorted(ids):
        cx, cy = centres.get((groups or {}).get(node, ""), (0.5, 0.5))
        spread = 0.2 if len(names) > 1 else 0.5
        pos[node] = [cx + (rng.random() - 0.5) * 2 * spread, cy + (rng.random() - 0.5) * 2 * spread]
    k = math.sqrt(1.0 / count)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    work = 0
    for _round in range(iterations):
        if work > WORK_BUDGET:
            break
        disp = {node: [0.0, 0.0] for node in pos}
        cells: dict[tuple[int, int], list[str]] = {}
        for node, (x, y) in pos.items():
            cells.setdefault((int(x / (2 * k)), int(y / (2 * k))), []).append(node)
        for (cx, cy), members in cells.items():
            near = [
                other
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for other in cells.get((cx + dx, cy + dy), ())
            ]
            work += len(members) * len(near)
            for node in members:
                x, y = pos[node]
                for other in near:
                    if other == node:
                        continue
                    ox, oy = pos[other]
                    dx, dy = x - ox, y - oy
                    dist = max(math.hypot(dx, dy), 0.01)
                    force = k * k / dist
                    disp[node][0] += dx / dist * force
                    disp[node][1] += dy / dist * force
        for source, target, weight in edges:
            (sx, sy), (tx, ty) = pos[source], pos[target]
            dx, dy = sx - tx, sy - ty
            dist = max(math.hypot(dx, dy), 0.01)
            force = dist * dist / k * weight
            disp[source][0] -= dx / dist * force
            disp[source][1] -= dy / dist * force
            disp[target][0] += dx / dist * force
            disp[target][1] += dy / dist * force
        for node, (ddx, ddy) in disp.items():
            # a light pull to the centre keeps parts that are not tied together in view
            ddx -= (pos[node][0] - 0.5) * k * GRAVITY
            ddy -= (pos[node][1] - 0.5) * k * GRAVITY
            length = max(math.hypot(ddx, ddy), 0.01)
            step = min(length, temperature)
            pos[node][0] += ddx / length * step
            pos[node][1] += ddy / length * step
        temperature -= cooling
    # stretched to fill the square, so the map uses its room
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    wide, tall = max(max(xs) - min(xs), 1e-9), max(max(ys) - min(ys), 1e-9)
    return {node: ((x - min(xs)) / wide, (y - min(ys)) / tall) for node, (x, y) in pos.items()}


def _cached_layout(nodes: list[dict[str, Any]], links: list[dict[str, Any]]) -> dict[str, Any]:
    edges = sorted(
        (link["source"], link["target"], float(link.get("weight") or 1.0))
        for link in links
        if link["source"] != link["target"]
    )
    ids = sorted(node["id"] for node in nodes)
    groups = {node["id"]: str(node.get("camp", node.get("party")) or "") for node in nodes}
    digest = hashlib.sha256(json.dumps([ids, edges, sorted(groups.items())]).encode())
    key = "actor-map-layout:" + digest.hexdigest()
    found = cache.get(key)
    if found is None:
        found = layout(ids, edges, groups=groups)
        cache.set(key, found, LAYOUT_CACHE_SECONDS)
    return dict(found)


def _shape(kind: str) -> str:
    """The legend's name for the shape of a kind of actor."""
    for _shape_name, label, kinds in SHAPES:
        if kind in kinds:
            return str(label)
    return str(SHAPES[-1][1])


def _label_box(
    x: float,
    y: float,
    text: str,
    width: float,
    height: float,
    placed: list[tuple[float, float, float, float]],
    *,
    force: bool,
) -> tuple[float, float, float, float] | None:
    """Where an actor's label goes: right of it, left, above or below, the first place inside
    the map that overlaps no label placed before; None if there is none (unless it must be
    shown: a party's own actor is labelled right of it, or left near the edge)."""
    wide = len(text) * CHAR_WIDTH
    places = [
        (x + 9, y - LABEL_HEIGHT / 2),
        (x - 9 - wide, y - LABEL_HEIGHT / 2),
        (x - wide / 2, y - 9 - LABEL_HEIGHT),
        (x - wide / 2, y + 9),
    ]
    fits = [
        (a, b)
        for a, b in places
        if a >= 0 and a + wide <= width and 0 <= b <= height - LABEL_HEIGHT
    ]
    for left, top in fits:
        box = (left, top, left + wide, top + LABEL_HEIGHT)
        if all(box[2] < o[0] or box[0] > o[2] or box[3] < o[1] or box[1] > o[3] for o in placed):
            return box
    if not force:
        return None
    left, top = fits[0] if fits else (min(max(x + 9, 0), width - wide), y - LABEL_HEIGHT / 2)
    return (left, top, left + wide, top + LABEL_HEIGHT)


def _important(node: dict[str, Any], brokers: set[str]) -> bool:
    # The map data says which actors matter; before it did, a party's actors, the leading
    # brokers and the potential spoilers.
    if "important" in node:
        return bool(node["important"])
    return bool(node.get("party")) or node["id"] in brokers or bool(node.get("spoiler"))


def actor_map_spec(
    analysis: NetworkAnalysis, *, colour_by: str = "side", width: int = WIDTH, height: int = HEIGHT
) -> dict[str, Any]:
    """The map as a Vega-Lite specification: ties as lines (hostile ones red and dashed),
    actors as shapes by kind, coloured by side or camp, the important ones labelled."""
    data = map_data(analysis, url_for=lambda actor: "")
    nodes, links = data["nodes"], data["links"]
    pos = _cached_layout(nodes, links)
    ranked = sorted(nodes, key=lambda n: (-n.get("broker", 0), n["name"]))
    brokers = {n["id"] for n in ranked[:5] if n.get("broker", 0) > 0}
    by_camp = colour_by == "camp"
    camp_labels = {c["index"]: c["label"] for c in data.get("camps", [])}
    no_side, no_camp = _("No side"), _("No camp")

    def group(node: dict[str, Any]) -> str:
        if by_camp:
            camp = node.get("camp", node.get("cluster"))
            if camp is None:
                return no_camp
            return str(camp_labels.get(camp) or _("Camp %(n)d") % {"n": camp + 1})
        return str(node.get("party") or no_side)

    margin = 12
    px = {
        node_id: (margin + x * (width - 2 * margin), margin + y * (height - 2 * margin))
        for node_id, (x, y) in pos.items()
    }
    groups = sorted({group(n) for n in nodes}, key=lambda g: (g in (no_side, no_camp), g))
    palette = [
        NO_SIDE if g in (no_side, no_camp) else SIDE_COLOURS[i % len(SIDE_COLOURS)]
        for i, g in enumerate(groups)
    ]
    names = {n["id"]: n["name"] for n in nodes}
    node_rows, label_rows, link_rows = [], [], []
    wanted: list[tuple[bool, float, float, str]] = []
    for node in nodes:
        x, y = px[node["id"]]
        shape_label = _shape(node["kind"])
        side = group(node)
        important = _important(node, brokers)
        node_rows.append(
            {
                "x": x,
                "y": y,
                "group": side,
                "shape": shape_label,
                "size": 160 if important else 70,
                "tip": f"{node['name']} — {node['kind_label']} — {side}",
            }
        )
        if important:
            name = node["name"]
            text = name if len(name) <= LABEL_MOST else name[: LABEL_MOST - 1] + "…"
            wanted.append((not node.get("stands_for_party"), x, y, text))
    placed: list[tuple[float, float, float, float]] = []
    for optional, x, y, text in sorted(wanted):
        box = _label_box(x, y, text, width, height, placed, force=not optional)
        if box is None:
            continue  # no room: its hover title still names it
        placed.append(box)
        left, top, _right, _bottom = box
        label_rows.append({"x": left, "y": top + LABEL_HEIGHT / 2, "text": text})
    for link in links:
        if link["source"] not in px or link["target"] not in px:
            continue
        (x1, y1), (x2, y2) = px[link["source"]], px[link["target"]]
        sign = link.get("sign") or ("negative" if link["kind"] in NEGATIVE_KINDS else "positive")
        link_rows.append(
            {
                "x": x1,
                "y": y1,
                "x2": x2,
                "y2": y2,
                "sign": sign,
                "tip": f"{names[link['source']]} — {link['kind_label']} — {names[link['target']]}",
            }
        )
    pixels = {"type": "quantitative", "scale": None}
    shapes_present = [str(label) for _shape_name, label, _kinds in SHAPES]
    shape_range = [shape for shape, _label, _kinds in SHAPES]
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": link_rows},
            "mark": {"type": "rule", "aria": True, "strokeWidth": 1.2},
            "encoding": {
                "x": {"field": "x", **pixels},
                "y": {"field": "y", **pixels},
                "x2": {"field": "x2"},
                "y2": {"field": "y2"},
                "color": {
                    "field": "sign",
                    "type": "nominal",
                    "scale": {"domain": ["positive", "negative"], "range": ["#a0aec0", "#c53030"]},
                    "legend": None,
                },
                "strokeDash": {
                    "field": "sign",
                    "type": "nominal",
                    "scale": {"domain": ["positive", "negative"], "range": [[1, 0], [5, 3]]},
                    "legend": None,
                },
                "description": {"field": "tip"},
            },
        },
        {
            "data": {"values": node_rows},
            "mark": {
                "type": "point",
                "filled": True,
                "opacity": 1,
                "stroke": "white",
                "strokeWidth": 1,
                "aria": True,
            },
            "encoding": {
                "x": {"field": "x", **pixels},
                "y": {"field": "y", **pixels},
                "color": {
                    "field": "group",
                    "type": "nominal",
                    "scale": {"domain": groups, "range": palette},
                    "legend": {"title": _("Camp") if by_camp else _("Side"), "orient": "right"},
                },
                "shape": {
                    "field": "shape",
                    "type": "nominal",
                    "scale": {"domain": shapes_present, "range": shape_range},
                    "legend": {"title": _("Kind of actor"), "orient": "right"},
                },
                "size": {"field": "size", "type": "quantitative", "scale": None},
                "description": {"field": "tip"},
            },
        },
    ]
    if label_rows:
        layers.append(
            {
                "data": {"values": label_rows},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "middle",
                    "fontSize": 11,
                    "color": "#1a202c",
                },
                "encoding": {
                    "x": {"field": "x", **pixels},
                    "y": {"field": "y", **pixels},
                    "text": {"field": "text"},
                },
            }
        )
    ties = len(link_rows)
    description = _(
        "Actor map: %(actors)s and %(ties)s, coloured by %(by)s; the shape shows the kind "
        "of actor; hostile ties are red and dashed."
    ) % {
        "actors": ngettext("%(n)d actor", "%(n)d actors", len(nodes)) % {"n": len(nodes)},
        "ties": ngettext("%(n)d tie", "%(n)d ties", ties) % {"n": ties},
        "by": _("camp") if by_camp else _("side"),
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": description,
        "usermeta": {"class": "actor-map-image"},
        "padding": {"left": 16, "right": 48, "top": 8, "bottom": 8},  # the legend's long words
        "width": width,
        "height": height,
        "layer": layers,
        "resolve": {"scale": {"color": "independent"}},
    }


def actor_map_svg(analysis: NetworkAnalysis, *, colour_by: str = "side") -> str:
    """The map as an SVG document (rendered once per network and reader's language)."""
    return svg_text(actor_map_spec(analysis, colour_by=colour_by))


def actor_map_png(analysis: NetworkAnalysis, *, colour_by: str = "side") -> bytes:
    """The map as a PNG image, at twice the SVG's size (sharp on a slide or in print)."""
    return render_png(actor_map_spec(analysis, colour_by=colour_by), scale=2)
