"""Shared set-up for browser tests: Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("PEACETRACK_CHROMIUM") or shutil.which("chromium")
    assert path, "Debian's chromium is needed for browser tests: `make test` installs it"
    return path


def browser() -> Iterator[Any]:
    """Headless Chromium (use as a pytest fixture body; a module-scoped one saves a launch
    per test: each test then takes a `fresh_page` of its own)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls a test makes
    # between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def fresh_page(chromium: Any) -> Iterator[Any]:
    """A page with no cookies, no history (use as a pytest fixture body)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def browser_page() -> Iterator[Any]:
    """A fresh page in headless Chromium of its own (use as a pytest fixture body)."""
    for chromium in browser():
        yield from fresh_page(chromium)


def screenshot(page: Any, name: str, selector: str = "") -> None:
    """Saved only when PEACETRACK_SCREENSHOTS names a folder (`make screenshots`); the whole
    viewport, or just the element `selector` names."""
    folder = os.environ.get("PEACETRACK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        target = page.locator(selector) if selector else page
        target.screenshot(path=str(Path(folder) / f"{name}.png"))


def sign_in(page: Any, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
