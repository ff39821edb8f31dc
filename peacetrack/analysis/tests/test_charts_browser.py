"""The server-drawn charts in real headless Chromium, under the Content-Security-Policy the app
sends: they show without JavaScript, nothing is blocked, every label lies inside its chart as
the browser's own fonts draw it, and a phone gets the narrow variant."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.conftest import PASSWORD, build_analysis, build_world
from peacetrack.testing.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every text of the shown chart whose box, as drawn, leaves the SVG's own box.
LABELS_OUTSIDE = """(svg) => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')]
    .filter((t) => t.getAttribute('opacity') !== '0')
    .filter((t) => {
      const r = t.getBoundingClientRect();
      return r.width && (r.left < box.left - 1 || r.right > box.right + 1
        || r.top < box.top - 1 || r.bottom > box.bottom + 1);
    })
    .map((t) => t.textContent);
}"""


@pytest.fixture
def world_(transactional_db: Any) -> Any:
    world = build_world()
    build_analysis(world)
    lead, case = world.users["lead"], world.case
    for date, title, kind in [
        ("1946", "Independence", "turning_point"),
        ("1976~", "First war", "violence"),
        ("2012", "Ceasefire agreement signed in the capital", "agreement"),
        ("2024-03", "Elections postponed indefinitely", "turning_point"),
    ]:
        record_create(
            actor=lead,
            case=case,
            rtype=BY_SLUG["events"],
            values={"date": date, "title": title, "kind": kind, "visibility": "team"},
        )
    record_create(
        actor=lead,
        case=case,
        rtype=BY_SLUG["strength"],
        values={
            "actor": world.party_b.standing_actor,
            "assessed_on": datetime.date(2026, 3, 1),
            "strength": 2,
            "rationale": "Lost the hills",
            "visibility": "team",
        },
    )
    return world


@pytest.mark.parametrize("width", [1280, 390])
def test_the_charts_show_under_the_policy_with_every_label_inside(
    world_: Any, page: Any, live_server: Any, width: int
):
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, world_.users["lead"].email, PASSWORD)
    response = page.goto(f"{live_server.url}/cases/{world_.case.public_id}/analysis/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    variant = ".chart-wide" if width > 700 else ".chart-narrow"
    hidden = ".chart-narrow" if width > 700 else ".chart-wide"
    for chart in ("strength-chart", "timeline-chart"):
        shown = page.locator(f"{variant} svg.{chart}")
        assert shown.is_visible()
        assert not page.locator(f"{hidden} svg.{chart}").is_visible()
        assert shown.get_attribute("role") == "img"
        assert shown.bounding_box()["width"] <= width
        assert shown.evaluate(LABELS_OUTSIDE) == []
    tips = page.locator(f"{variant} svg.timeline-chart title").all_text_contents()
    assert "about 1976 — First war (Violence)" in tips
    assert "2012 — Ceasefire agreement signed in the capital (Agreement)" in tips
    assert violations == []
    where = "desktop" if width > 700 else "phone"
    screenshot(page, f"timeline-{where}", f"{variant} svg.timeline-chart")
    screenshot(page, f"strength-{where}", f"{variant} svg.strength-chart")
