"""A lead mediator's first minutes, in real headless Chromium (Debian's) through Playwright."""

from __future__ import annotations

from typing import Any

import pytest

from peacetrack.demo import DEMO_PASSWORD
from peacetrack.testing.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_signs_in_opens_a_task_marks_it_done_and_sees_step_progress_change(
    demo_case: Any, page: Any, live_server: Any
):
    case = demo_case
    sign_in(page, live_server.url, "lead@demo.peacetrack.org", DEMO_PASSWORD)

    page.get_by_role("link", name=case.title).click()
    step_progress = page.get_by_test_id("step-3-progress")
    before = step_progress.inner_text()
    assert before.startswith("0/9 done")
    screenshot(page, "dashboard")

    page.get_by_role("link", name="Step 3").first.click()
    page.wait_for_url("**/steps/3/")
    screenshot(page, "step")
    page.get_by_role("link", name="3.1.1 Confirm that parties believe outright victory").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Confirm that parties believe outright victory is not achievable"
    )
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_test_id("task-status").inner_text() == "Done"
    assert "Task 3.1.1 saved." in page.locator(".messages").inner_text()

    page.get_by_role("link", name="Dashboard").click()
    assert page.get_by_test_id("step-3-progress").inner_text().startswith("1/9 done")

    # The demo's step-1 analysis, drawn as the interactive actor map.
    page.get_by_role("link", name="Step 1 · Assessment").click()
    page.locator("#analysis").get_by_role("link", name="Actor map", exact=True).click()
    page.locator("#actor-map[data-ready='true']").wait_for()
    assert page.locator("g.node").count() >= 40
    screenshot(page, "actor-map-figure", "#actor-map")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    page.goto(f"{live_server.url}/cases/{case.public_id}/")
    assert "/accounts/login/" in page.url
