"""The demo's actor map in real headless Chromium, on a desktop and on a phone: coloured by side
(or by camp), every party named on it, the page still while it loads, the map above the fold,
and a keyboard that reaches its actors through one tab stop."""

from __future__ import annotations

from typing import Any

import pytest

from peacetrack.demo import DEMO_PASSWORD
from peacetrack.testing.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Sums the page's layout shifts not caused by the reader (the Layout Instability API).
WATCH_SHIFTS = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""
PARTIES = [
    "Government of the Republic of Valdoria",
    "Highland People's Movement",
    "Highland Liberation Army",
    "Highland Sentinel Command",
]


def _open_map(page: Any, base: str, case: Any) -> None:
    page.add_init_script(WATCH_SHIFTS)
    page.goto(f"{base}/cases/{case.public_id}/analysis/map/")
    page.locator("#actor-map[data-ready='true']").wait_for()
    page.wait_for_timeout(400)  # a late shift would show here


def _fills(page: Any, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("els => els.map(e => getComputedStyle(e).fill)")


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """The share of the smaller box that the two boxes have in common."""
    w = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / min(a["width"] * a["height"], b["width"] * b["height"])


def test_the_map_colours_by_side_names_every_party_and_switches_to_camps(
    demo_case: Any, page: Any, live_server: Any
):
    sign_in(page, live_server.url, "lead@demo.peacetrack.org", DEMO_PASSWORD)
    _open_map(page, live_server.url, demo_case)

    # Nothing moved while the map loaded, and the map starts well above the fold.
    assert page.evaluate("window.__shift") < 0.01
    canvas = page.locator("#actor-map .map-canvas").bounding_box()
    assert canvas is not None
    assert canvas["y"] + 300 < 900
    # Its findings in brief stand beside it, in words.
    brief = page.get_by_test_id("map-brief")
    box = brief.bounding_box()
    assert box is not None
    assert box["x"] >= canvas["x"] + canvas["width"]
    assert box["y"] < canvas["y"] + canvas["height"]
    assert "camps" in brief.inner_text()

    # Each party's actor is named on the map, in a colour of its own; the names do not collide.
    parties = page.locator("g.node.party")
    assert parties.count() == 4
    labels = [page.locator("text.node-label.party").nth(i) for i in range(4)]
    assert sorted(label.text_content() for label in labels) == sorted(PARTIES)
    assert all(label.is_visible() for label in labels)
    boxes = [label.bounding_box() for label in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert _overlap(a, b) < 0.15
    assert len(set(_fills(page, "g.node.party .node-dot"))) == 4
    # An actor of no side is white; the key says in words what each colour is.
    assert "rgb(255, 255, 255)" in _fills(page, "g.node:not([data-side]) .node-dot")
    side_key = page.locator("[data-map-key=side]")
    assert side_key.is_visible()
    assert "Government of the Republic of Valdoria (GOV)" in side_key.inner_text()
    assert "No side" in side_key.inner_text()
    screenshot(page, "actor-map")
    # An actor that is not a party's and does not matter is named only on hover.
    quiet = page.locator("g.node:not(.important):not(.label-on)").first
    actor_id = quiet.get_attribute("data-actor-id")
    its_name = page.locator(f"text.node-label[data-actor-id='{actor_id}']")
    assert not its_name.is_visible()
    quiet.locator(".node-dot").hover()
    assert its_name.is_visible()

    # Hostile ties are dashed, positive ones solid.
    dashes = page.locator("line.link").evaluate_all(
        "els => els.map(e => [e.dataset.sign, e.getAttribute('stroke-dasharray')])"
    )
    assert {dash for sign, dash in dashes if sign == "negative"} == {"6 4"}
    assert {dash for sign, dash in dashes if sign == "positive"} == {None}
    # Stronger, surer ties are thicker; each tie that cuts across the camps has its band.
    widths = page.locator("line.link").evaluate_all(
        "els => els.map(e => e.getAttribute('stroke-width'))"
    )
    assert len(set(widths)) > 2
    frustrated = page.evaluate(
        "fetch(document.getElementById('actor-map').dataset.src)"
        ".then(r => r.json()).then(d => d.frustrated.length)"
    )
    assert page.locator(".map-bands line").count() == frustrated
    assert page.locator("line.link.frustrated title").count() == frustrated
    if frustrated:
        title = page.locator("line.link.frustrated title").first.text_content()
        assert title.endswith("(cuts across the camps)")

    # By camp: other colours, the camps' key instead of the sides'.
    by_side = _fills(page, "g.node .node-dot")
    page.get_by_text("camp", exact=True).click()
    page.mouse.move(1, 1)
    assert page.locator("#actor-map").get_attribute("data-colour") == "camp"
    assert _fills(page, "g.node .node-dot") != by_side
    assert page.locator("[data-map-key=camp]").is_visible()
    assert not side_key.is_visible()
    assert "camp" in page.locator("[data-map-key=camp] li").first.inner_text()
    screenshot(page, "actor-map-camps")
    page.get_by_text("side", exact=True).click()
    assert _fills(page, "g.node .node-dot") == by_side


def test_the_map_is_a_group_of_links_reached_through_one_tab_stop(
    demo_case: Any, page: Any, live_server: Any
):
    sign_in(page, live_server.url, "lead@demo.peacetrack.org", DEMO_PASSWORD)
    _open_map(page, live_server.url, demo_case)
    svg = page.locator("svg.map-svg")
    assert svg.get_attribute("role") == "group"
    assert svg.get_attribute("aria-label") == "Actor map"
    assert "The arrow keys move from actor to actor" in page.locator("#actor-map-desc").inner_text()
    assert page.locator("svg[role=img] [tabindex]").count() == 0
    assert page.locator("g.node[tabindex='0']").count() == 1
    first = page.locator("g.node[tabindex='0']")
    first.focus()
    name = first.get_attribute("aria-label")
    assert name.split(" (")[0] in PARTIES  # the parties come first
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused != name
    assert page.locator("g.node[tabindex='0']").count() == 1
    # The filters fold away over the map; what they hide leaves the map.
    page.get_by_text("Filter", exact=True).click()
    page.locator("input[name=actor-kind][value=media]").uncheck()
    assert page.locator("g.node[data-kind=media]").first.is_hidden()


def test_on_a_phone_the_map_starts_above_the_fold_and_nothing_moves(
    demo_case: Any, page: Any, live_server: Any
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "lead@demo.peacetrack.org", DEMO_PASSWORD)
    _open_map(page, live_server.url, demo_case)
    assert page.evaluate("window.__shift") < 0.01
    canvas = page.locator("#actor-map .map-canvas").bounding_box()
    assert canvas is not None
    assert canvas["y"] + 200 < 844
    assert canvas["x"] + canvas["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Each party is named on the map by its short name, inside the map.
    parties = page.locator("text.node-label.party")
    assert sorted(parties.all_text_contents()) == ["GOV", "HLA", "HPM", "HSC"]
    for i in range(parties.count()):
        box = parties.nth(i).bounding_box()
        assert box is not None
        assert canvas["x"] <= box["x"]
        assert box["x"] + box["width"] <= canvas["x"] + canvas["width"]
    screenshot(page, "actor-map-phone")
    # The filters open on the screen, not off its edge.
    page.locator(".map-filters summary").click()
    panel = page.locator(".map-filters .map-more-panel").bounding_box()
    assert panel is not None
    assert panel["x"] >= 0
    assert panel["x"] + panel["width"] <= 390


def test_without_javascript_the_map_gives_way_to_its_list(
    demo_case: Any, page: Any, live_server: Any
):
    context = page.context.browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    plain = context.new_page()
    sign_in(plain, live_server.url, "lead@demo.peacetrack.org", DEMO_PASSWORD)
    plain.goto(f"{live_server.url}/cases/{demo_case.public_id}/analysis/map/")
    # (in place of the picture, the canvas says where its actors and ties are)
    assert "listed below it" in plain.locator(".map-canvas").inner_text()
    canvas = plain.locator("#actor-map .map-canvas").bounding_box()
    assert canvas is not None
    assert canvas["height"] < 150  # no empty box where the picture would be
    assert not plain.locator(".map-toolbar").is_visible()
    plain.get_by_text("The map as a list of actors and ties").click()
    rows = plain.locator(".map-listing tbody tr")
    assert rows.first.is_visible()
    assert "Government of the Republic of Valdoria" in plain.locator(".map-listing").inner_text()
    context.close()
