"""Long choices are searchable in a real browser (choices.js), under the strict
Content-Security-Policy; without JavaScript the plain controls stay (tests/test_choices.py).
Also what only a browser can tell: the phone layout and the print view."""

from __future__ import annotations

from typing import Any

import pytest

from peacetrack.cases import services
from peacetrack.demo import DEMO_PASSWORD, demo_load
from peacetrack.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD = "lead@demo.peacetrack.org"
LONG_WORD = "https://example.org/" + "x" * 90


@pytest.fixture
def demo_case(transactional_db: Any) -> Any:
    case, _ = demo_load()
    lead = case.memberships.get(user__email=LEAD).user
    services.note_add(
        actor=lead, case=case, task_key="1.1.1", body=f"See {LONG_WORD}", visibility="team"
    )
    return case


def _refusals(page: Any) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused" in message.text else None,
    )
    return refused


def _shown(select: Any) -> list[str]:
    return select.evaluate(
        "s => Array.from(s.options).filter(o => !o.hidden && o.value).map(o => o.text)"
    )


def test_choosing_one_actor_among_sixty_is_searchable(demo_case: Any, page: Any, live_server: Any):
    refused = _refusals(page)
    sign_in(page, live_server.url, LEAD, DEMO_PASSWORD)
    base = f"{live_server.url}/cases/{demo_case.public_id}/analysis"
    page.goto(f"{base}/ties/new/")
    source = page.locator("#id_source")
    assert len(_shown(source)) >= 40
    search = page.get_by_label("Filter the choices: From actor")
    search.fill("highland")
    shown = _shown(source)
    assert shown
    assert all("highland" in text.lower() for text in shown)
    assert f"Matching: {len(shown)}" in page.locator(".choice-filter").first.inner_text()
    search.press("Enter")  # filtering never submits the form
    assert page.url.endswith("/ties/new/")
    source.select_option(label="Highland Liberation Army")
    search.fill("")
    assert len(_shown(source)) >= 40
    assert source.input_value() != ""

    # Accents and case do not matter; a group of check-boxes filters the same way.
    page.goto(f"{base}/actors/new/")
    boxes = page.locator("#id_constituencies")
    page.get_by_label("Filter the choices: Constituencies").fill("YOUTH")
    visible = boxes.locator("input[type=checkbox]:visible")
    assert visible.count() == 1
    visible.check()
    page.get_by_label("Filter the choices: Constituencies").fill("")
    assert boxes.locator("input[type=checkbox]:visible").count() > 8
    assert boxes.locator("input[type=checkbox]:checked").count() == 1
    assert refused == []


def test_a_short_list_gets_no_filter(demo_case: Any, page: Any, live_server: Any):
    sign_in(page, live_server.url, LEAD, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cases/{demo_case.public_id}/analysis/ties/new/")
    assert page.locator("#id_strength-filter").count() == 0
    assert page.locator("#id_source-filter").count() == 1


def test_on_a_phone_the_content_comes_first_and_long_words_wrap(
    demo_case: Any, page: Any, live_server: Any
):
    sign_in(page, live_server.url, LEAD, DEMO_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/cases/{demo_case.public_id}/tasks/1.1.1/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert heading is not None
    assert heading["y"] < 844 / 2  # the task's title in the upper half of the first screen
    note = page.locator(".note .prose").first.bounding_box()
    assert note is not None
    assert note["x"] + note["width"] <= 390


def test_the_print_view_leaves_out_buttons_forms_and_navigation(
    demo_case: Any, page: Any, live_server: Any
):
    sign_in(page, live_server.url, LEAD, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cases/{demo_case.public_id}/tasks/1.1.1/")
    page.emulate_media(media="print")
    for selector in [".casenav", ".topbar", ".note-form", ".task-form", ".btn", ".crumbs"]:
        assert page.locator(selector).first.is_hidden(), selector
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator(".checkpoints li").first.is_visible()  # check-points are content
