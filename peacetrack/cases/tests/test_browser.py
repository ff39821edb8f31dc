"""A lead mediator's first minutes, in real headless Chromium (Debian's) through Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peacetrack.demo import DEMO_PASSWORD, demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    path = os.environ.get("PEACETRACK_CHROMIUM") or shutil.which("chromium")
    assert path, "Debian's chromium is needed for browser tests: `make test` installs it"
    return path


@pytest.fixture
def demo_case(transactional_db: Any) -> Any:
    # Database work happens before Playwright starts: its greenlets would otherwise open
    # a second, never-closed database connection.
    case, _ = demo_load()
    return case


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            yield context.new_page()
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _screenshot(page: Any, name: str) -> None:
    folder = os.environ.get("PEACETRACK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def test_lead_signs_in_opens_a_task_marks_it_done_and_sees_step_progress_change(
    demo_case: Any, page: Any, live_server: Any
):
    case = demo_case
    page.goto(f"{live_server.url}/")
    page.get_by_label("E-mail").fill("lead@demo.peacetrack.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name=case.title).click()
    step_progress = page.get_by_test_id("step-3-progress")
    before = step_progress.inner_text()
    assert before.startswith("0/9 done")
    _screenshot(page, "dashboard")

    page.get_by_role("link", name="Step 3").first.click()
    page.wait_for_url("**/steps/3/")
    _screenshot(page, "step")
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

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert "/accounts/login/" in page.url
