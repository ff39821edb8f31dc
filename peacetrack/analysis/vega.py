"""Vega-Lite specifications rendered on the server (vl-convert), for charts that print, export
and work without JavaScript: no Vega runtime reaches the browser, so the strict
Content-Security-Policy stays.

A chart module builds a specification (a plain dict) and hands it to render_svg or render_png.
Each is rendered once: the result is kept by the SHA-256 of the specification, in this process
(a small LRU) and in Django's cache (a day; a changed record changes the specification, hence
the key, so nothing needs invalidating).

What the specification says that is not Vega-Lite's own: its top-level `description` is the
chart's accessible name (role="img" on the <svg>), and `usermeta.class` its CSS classes. A mark
that carries a `description` (encoding channel) gets it as an SVG <title>, the hover detail.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from html import escape, unescape
from typing import Any

import vl_convert
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

VEGA_LITE = "6.4"  # the Vega-Lite version vl-convert compiles with (pinned: same spec, same SVG)
CACHE_SECONDS = 24 * 3600
LRU_SIZE = 128
FONT = "sans-serif"
# Room for a reader's font that runs wider than the one measured here (labels end at the right
# and, for the vertical axes, at the left).
PADDING = {"left": 16, "right": 24, "top": 8, "bottom": 8}
# Shared look: no frame around views, axes and legends not announced one by one (the chart as a
# whole is one image with a summary), quiet greys in the design's palette.
CONFIG: dict[str, Any] = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {
        "aria": False,
        "labelColor": "#4a5568",
        "titleColor": "#4a5568",
        "domainColor": "#718096",
        "tickColor": "#718096",
        "gridColor": "#edf2f7",
        "labelFontSize": 11,
        "titleFontSize": 11,
        "titleFontWeight": "normal",
    },
    "legend": {
        "aria": False,
        "labelFontSize": 11,
        "titleFontSize": 11,
        "labelLimit": 260,
        "symbolOpacity": 1,
    },
    "header": {"labelFontSize": 12, "labelColor": "#1a202c"},
    "title": {"fontSize": 12, "fontWeight": "normal", "color": "#4a5568", "anchor": "start"},
    "mark": {"aria": False},
}

_lru: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()
_ROOT = re.compile(r"<svg ([^>]*?)class=\"marks\"([^>]*)>")
_LABELLED = re.compile(
    r"<(path|rect|text|line|circle|image)\b([^>]*?)aria-label=\"([^\"]*)\"([^>]*?)(/?)>"
)


def spec_key(spec: dict[str, Any], kind: str) -> str:
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"chart-{kind}:" + hashlib.sha256(text.encode()).hexdigest()


def _cached(key: str, make: Callable[[], bytes]) -> bytes:
    with _lock:
        if key in _lru:
            _lru.move_to_end(key)
            return _lru[key]
    value: bytes | None = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, CACHE_SECONDS)
    with _lock:
        _lru[key] = value
        while len(_lru) > LRU_SIZE:
            _lru.popitem(last=False)
    return value


def _with_config(spec: dict[str, Any]) -> dict[str, Any]:
    return {"config": CONFIG, "padding": PADDING, **spec}


def _titles(svg: str) -> str:
    """Each described mark gets its description as an SVG <title> (the hover detail)."""

    def add(match: re.Match[str]) -> str:
        tag, before, label, after, closing = match.groups()
        # vl-convert writes the label escaped for an attribute; the same escape suits text
        title = f"<title>{escape(unescape(label), quote=False)}</title>"
        if closing:
            return f"<{tag}{before}{after.rstrip()}>{title}</{tag}>"
        return f"<{tag}{before}{after}>{title}"

    return _LABELLED.sub(add, svg)


def _finish(svg: str, spec: dict[str, Any]) -> str:
    label = escape(str(spec.get("description", "")), quote=True)
    classes = escape(" ".join(["chart", spec.get("usermeta", {}).get("class", "")]).strip())
    svg = _titles(svg)
    return _ROOT.sub(
        lambda m: (
            f'<svg {m.group(1)}class="{classes}" role="img" aria-label="{label}"{m.group(2)}>'
        ),
        svg,
        count=1,
    )


def svg_text(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (a string), rendered once per specification."""

    def make() -> bytes:
        return _finish(
            vl_convert.vegalite_to_svg(
                _with_config(spec), vl_version=VEGA_LITE, allowed_base_urls=[]
            ),
            spec,
        ).encode()

    return _cached(spec_key(spec, "svg"), make).decode()


def render_svg(spec: dict[str, Any]) -> SafeString:
    """The chart as SVG to put in a page (every text in it is escaped by vl-convert)."""
    return mark_safe(svg_text(spec))  # noqa: S308 — vl-convert escapes the data it draws


def render_png(spec: dict[str, Any], *, scale: float = 2) -> bytes:
    """The chart as a PNG image (for briefings and exports), rendered once per specification."""
    key = spec_key({"spec": spec, "scale": scale}, "png")
    return _cached(key, lambda: vl_convert.svg_to_png(svg_text(spec), scale=scale))
