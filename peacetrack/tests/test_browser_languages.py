"""The interface in French and in Arabic, in real headless Chromium: the header's switcher
works without JavaScript, and an Arabic page is laid out right to left."""

from __future__ import annotations

from typing import Any

import pytest

from peacetrack.demo import DEMO_PASSWORD
from peacetrack.testing.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_in_french_then_in_arabic_right_to_left(
    demo_case: Any, page: Any, live_server: Any
):
    sign_in(page, live_server.url, "lead@demo.peacetrack.org", DEMO_PASSWORD)
    dashboard = f"{live_server.url}/cases/{demo_case.public_id}/"
    page.goto(dashboard)

    page.get_by_role("button", name="Français").click()
    page.wait_for_url(dashboard)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("link", name="Dossiers").is_visible()
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    screenshot(page, "dashboard-fr")
    page.goto(f"{dashboard}steps/1/")
    assert page.locator(".pagehead .eyebrow").inner_text().lower() == "étape 1 sur 6"
    screenshot(page, "step-fr")
    page.goto(f"{dashboard}analysis/map/")
    page.locator("#actor-map[data-ready='true']").wait_for()
    assert page.locator(".map-filter-actor-kind legend").text_content() == "Types d'acteurs"
    screenshot(page, "actor-map-fr")
    page.goto(dashboard)

    page.get_by_role("button", name="العربية").click()
    page.wait_for_url(dashboard)
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("button", name="تسجيل الخروج").is_visible()
    # The case's navigation runs from the right: its first link is right of the second.
    links = page.locator(".casenav a")
    first, second = links.nth(0).bounding_box(), links.nth(1).bounding_box()
    assert first is not None
    assert second is not None
    assert first["x"] > second["x"] + second["width"] - 1
    screenshot(page, "dashboard-ar")
    page.goto(f"{dashboard}steps/1/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "step-ar")
    # Charts keep their axes left to right, and no label spills out of its chart.
    page.goto(f"{dashboard}analysis/")
    # (each chart comes wide and narrow; the page shows the one that fits)
    for chart in page.locator("svg.chart:visible").all():
        assert chart.evaluate("e => getComputedStyle(e).direction") == "ltr"
        box = chart.bounding_box()
        assert box is not None
        for label in chart.locator("text").all():
            inner = label.bounding_box()
            if inner is not None and inner["width"] > 0:
                assert inner["x"] >= box["x"] - 1, label.text_content()
                assert inner["x"] + inner["width"] <= box["x"] + box["width"] + 1, (
                    label.text_content()
                )
    screenshot(page, "overview-ar")
    page.goto(f"{dashboard}analysis/map/")
    page.locator("#actor-map[data-ready='true']").wait_for()
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "actor-map-ar")
    page.goto(f"{dashboard}steps/1/")

    # Back to English from the switcher, which names each language in its own language.
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"{dashboard}steps/1/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("button", name="Sign out").is_visible()
