"""The words of the actor-map island (static/analysis/actor-map.js), in the reader's language.

The page hands them to the script as JSON (`json_script`); the script keeps its English words
for anything missing. Counted phrases are given in every plural form the language has: one
form per sample number, and the script picks the sample of the same plural category
(Intl.PluralRules) as the number it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language, gettext, ngettext

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
            # (map-page: the colour toggle, the folded filters, signs and sides)
            "colour_by": gettext("Colour by"),
            "colour_side": gettext("side"),
            "colour_camp": gettext("camp"),
            "filter": gettext("Filter"),
            "cuts_across": gettext("cuts across the camps"),
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
