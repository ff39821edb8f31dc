"""The briefing page and the briefing itself in real headless Chromium: reached from the
dashboard, accessible, and the HTML briefing readable by assistive technology too."""

from __future__ import annotations

from typing import Any

import pytest

from peacetrack.conftest import PASSWORD, build_analysis, build_world
from peacetrack.testing.accessibility import assert_accessible
from peacetrack.testing.browser import sign_in
from peacetrack.testing.jobs import JobQueue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db: Any) -> Any:
    # Made before Playwright starts (see conftest.demo_case).
    world = build_world()
    build_analysis(world)
    return world


def test_a_member_asks_for_a_briefing_from_the_dashboard_and_reads_the_html_one(
    world: Any, job_queue: JobQueue, page: Any, live_server: Any, tmp_path: Any
):
    sign_in(page, live_server.url, world.users["member"].email, PASSWORD)
    page.goto(f"{live_server.url}/cases/{world.case.public_id}/")
    page.get_by_role("link", name="Briefing pack").click()
    page.wait_for_url("**/briefing/")
    assert_accessible(page, where="the briefing page")
    page.get_by_label("Web page (.html), one file that opens offline").check()
    page.get_by_role("button", name="Make the briefing").click()
    page.wait_for_url("**/jobs/*/")
    assert job_queue.run() == 1
    download = page.get_by_role("link", name="Download the file")
    download.wait_for(timeout=15000)
    with page.expect_download() as saved:
        download.click()
    name = saved.value.suggested_filename
    assert name.startswith("case-a-briefing-")
    assert name.endswith(".html")
    briefing = tmp_path / name
    saved.value.save_as(briefing)

    page.goto(briefing.as_uri())
    assert page.get_by_role("heading", name="Case A", level=1).is_visible()
    assert page.get_by_role("note").first.inner_text().startswith("CONFIDENTIAL")
    assert page.get_by_role("img", name="Actor map: 4 actors and 1 tie").is_visible()
    assert_accessible(page, where="the briefing as a web page")
