"""A job's page follows the job by itself, in real headless Chromium (Debian's) through
Playwright: no reload, and the change is said in the page's live region."""

from __future__ import annotations

import re
from typing import Any

import pytest

from peacetrack.conftest import PASSWORD, build_world
from peacetrack.demo import DEMO_FILE
from peacetrack.testing.accessibility import assert_accessible
from peacetrack.testing.browser import screenshot, sign_in
from peacetrack.testing.jobs import JobQueue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db: Any) -> Any:
    # Made before Playwright starts (see conftest.demo_case).
    return build_world()


def test_the_export_page_turns_to_the_download_when_the_job_is_done_without_a_reload(
    world: Any, job_queue: JobQueue, page: Any, live_server: Any
):
    sign_in(page, live_server.url, world.users["member"].email, PASSWORD)
    page.goto(f"{live_server.url}/cases/{world.case.public_id}/export/")
    page.get_by_role("button", name="Make the case file").click()
    page.wait_for_url("**/jobs/*/")
    status = page.get_by_role("status")
    assert status.inner_text() == "Waiting to start."
    download = page.get_by_role("link", name="Download the file")
    assert not download.is_visible()
    assert_accessible(page, where="a job's page")
    opened_at = page.evaluate("performance.timeOrigin")

    assert job_queue.run() == 1  # the worker, here: the page is not told

    status.filter(has_text="Ready: the file can be downloaded.").wait_for(timeout=15000)
    assert download.is_visible()
    assert not page.locator("progress").is_visible()
    assert page.evaluate("performance.timeOrigin") == opened_at  # the same page, not reloaded
    screenshot(page, "job-ready")
    with page.expect_download() as saved:
        download.click()
    assert saved.value.suggested_filename.startswith("case-a-")


def test_the_import_page_leads_to_the_new_case_when_the_job_is_done(
    world: Any, job_queue: JobQueue, page: Any, live_server: Any
):
    sign_in(page, live_server.url, world.users["lead"].email, PASSWORD)
    page.goto(f"{live_server.url}/cases/import/")
    page.get_by_label("Case file (.json)").set_input_files(str(DEMO_FILE))
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/jobs/*/")
    assert page.get_by_role("status").inner_text() == "Waiting to start."

    assert job_queue.run() == 1

    # The page reloads itself when the job ends: the case it made is known then.
    case_link = page.get_by_role("link", name=re.compile("Open the case “Dravenne Highlands"))
    case_link.wait_for(timeout=15000)
    assert page.get_by_role("status").inner_text() == "Done: the case is imported."
    assert_accessible(page, where="an import job's page")
    case_link.click()
    page.wait_for_url("**/cases/*/")
    assert "Dravenne Highlands" in page.title()
