"""In real headless Chromium: the positions matrix at a dozen stakeholders stays readable — it
scrolls both ways inside its box while the actors' row and the issues' column stay in view, on a
desktop and on a phone, under the strict Content-Security-Policy."""

from __future__ import annotations

from typing import Any

import pytest

from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.conftest import PASSWORD, build_world
from peacetrack.testing.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_(transactional_db: Any) -> Any:
    world = build_world()
    lead = world.users["lead"]

    def add(slug: str, **values: Any) -> Any:
        return record_create(
            actor=lead,
            case=world.case,
            rtype=BY_SLUG[slug],
            values={"visibility": "team", **values},
        )

    issues = [
        add("issues", title=f"Issue number {i}", category="governance", rank=i + 1)
        for i in range(8)
    ]
    actors = [world.party_a.standing_actor, world.party_b.standing_actor] + [
        add("actors", name=f"Stakeholder {i}", kind="state") for i in range(12)
    ]
    for n, actor in enumerate(actors):
        for issue in issues:
            add(
                "positions",
                actor=actor,
                issue=issue,
                position="A ceasefire first." if n % 3 == 0 else f"Position {n} on {issue.title}",
                interests="Safe roads to the markets; schools reopened",
                fears="Being left out of the talks",
            )
    return world


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize(
    ("name", "width", "height"), [("matrix", 1280, 900), ("matrix-phone", 390, 844)]
)
def test_the_matrix_keeps_its_headers_in_view_while_it_scrolls_both_ways(
    world_: Any, page: Any, live_server: Any, name: str, width: int, height: int
):
    refused: list[str] = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server.url, world_.users["lead"].email, PASSWORD)
    page.goto(f"{live_server.url}/cases/{world_.case.public_id}/analysis/positions/matrix/")

    wrap = _box(page, ".matrix-wrap")
    assert wrap["height"] <= height  # bounded: the page does not grow with the table
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways page
    assert page.get_by_text("Possible joint positions").is_visible()
    page.locator(".matrix-wrap").scroll_into_view_if_needed()  # (on a phone, below the fold)
    screenshot(page, name)
    wrap = _box(page, ".matrix-wrap")

    page.locator(".matrix-wrap").evaluate("el => { el.scrollTop = 600; el.scrollLeft = 900; }")
    page.wait_for_timeout(100)
    # the actors' row just under the groups' row at the top of the box, the issues' column
    # at its start, both in view
    actor = _box(page, ".matrix thead th[scope=col]:not(.corner)")
    issue = page.locator(".matrix tbody th[scope=row]").nth(4).bounding_box()
    assert abs(_box(page, ".matrix thead th[scope=colgroup]")["y"] - wrap["y"]) <= 2
    assert wrap["y"] < actor["y"] <= wrap["y"] + 60
    assert abs(issue["x"] - wrap["x"]) <= 2
    assert page.locator(".matrix-wrap").evaluate("el => el.scrollLeft") > 0
    assert page.locator(".matrix-wrap").evaluate("el => el.scrollTop") > 0
    screenshot(page, f"{name}-scrolled")
    assert refused == []
