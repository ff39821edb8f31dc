"""A team member dismisses a finding with a reason, changes the fact behind it, and sees it
come back; in real headless Chromium (Debian's) through Playwright, axe-core checking the
findings pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from peacetrack.advisor.access import findings_access
from peacetrack.advisor.selectors import findings_for
from peacetrack.advisor.services import finding_acknowledge, finding_dismiss
from peacetrack.cases import services
from peacetrack.conftest import PASSWORD, build_world, make_organiser
from peacetrack.testing.accessibility import assert_accessible
from peacetrack.testing.advisor import EACH_PARTY, ON_CASE, findings_rules
from peacetrack.testing.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FINDING = "Fewer than two parties recorded"


def test_dismiss_a_finding_with_a_reason_change_its_fact_and_see_it_return(
    page: Any, live_server: Any
):
    lead = make_organiser("amara@example.org", "Amara Okafor")
    case = services.case_create(
        creator=lead, title="Northern corridor", conflict="Corridor dispute", region="Sahel"
    )
    party = services.party_create(
        actor=lead, case=case, short_name="GOV", name="Government", kind="government"
    )
    base = live_server.url
    sign_in(page, base, lead.email, PASSWORD)

    # The dashboard counts the finding; its link leads to the findings page.
    page.goto(base + reverse("cases:dashboard", args=[case.public_id]))
    panel = page.get_by_test_id("findings-panel")
    assert FINDING in panel.inner_text()
    screenshot(page, "dashboard-findings", "[data-testid=findings-panel]")
    screenshot(page, "dashboard")
    panel.get_by_role("link", name="All findings").click()
    page.wait_for_url("**/findings/")
    current = page.locator("#current")
    finding = current.locator("article", has_text=FINDING)
    assert "Government" in finding.inner_text()
    assert "what would resolve it" in finding.inner_text().lower()
    screenshot(page, "findings")
    assert_accessible(page, where="the findings page")

    # Its page: dismiss without a reason is refused, with one it is done.
    finding.get_by_role("link", name=FINDING).click()
    assert page.get_by_role("heading", level=1).inner_text() == FINDING
    assert_accessible(page, where="a finding's page")
    page.locator("form.finding-dismiss").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("button", name="Dismiss").click()
    assert "Say why the finding does not apply." in page.locator(".field-error").inner_text()
    screenshot(page, "finding-dismiss-without-reason")
    assert_accessible(page, where="a finding's page with a form error")
    page.get_by_label("Why does this finding not apply?").fill(
        "The armed movement is not yet named; we record it after the first contact."
    )
    page.get_by_role("button", name="Dismiss").click()
    assert "Dismissed." in page.locator(".messages").inner_text()
    assert "Dismissed by Amara Okafor" in page.get_by_test_id("finding-review").inner_text()
    assert "we record it after the first contact" in page.locator(".finding-reason").inner_text()
    screenshot(page, "finding-dismissed")

    page.get_by_role("link", name="Findings", exact=True).first.click()
    page.wait_for_url("**/findings/")
    assert FINDING not in page.locator("#current").inner_text()
    dismissed = page.locator("#dismissed").locator("article", has_text=FINDING)
    assert "Dismissed by Amara Okafor" in dismissed.inner_text()
    assert "we record it after the first contact" in dismissed.inner_text()
    screenshot(page, "findings-with-dismissed")

    # The fact behind it changes: the party is renamed; the finding is back among the open.
    page.goto(base + reverse("cases:party_edit", args=[case.public_id, party.public_id]))
    page.locator("#id_name").fill("Government of National Unity")
    page.get_by_role("button", name="Save").click()
    page.goto(base + reverse("advisor:findings", args=[case.public_id]))
    back = page.locator("#current").locator("article", has_text=FINDING)
    assert "Government of National Unity" in back.inner_text()
    assert page.locator("#dismissed").locator("article", has_text=FINDING).count() == 0

    # The step page and the task page show it where the work is done.
    page.goto(base + reverse("cases:step", args=[case.public_id, "1"]))
    assert FINDING in page.get_by_test_id("findings-panel").inner_text()
    screenshot(page, "step-findings", "[data-testid=findings-panel]")
    page.goto(base + reverse("cases:task", args=[case.public_id, "1.2.1"]))
    assert FINDING in page.get_by_test_id("findings-panel").inner_text()
    screenshot(page, "task-findings")


def test_every_kind_of_finding_passes_axe_also_right_to_left(
    page: Any, live_server: Any, monkeypatch: Any
):
    """Open, pending, acknowledged and dismissed findings, the handbook's options and examples
    unfolded, a filter not understood; then the same page in Arabic."""
    findings_rules(monkeypatch, pending=True)
    world = build_world()
    access = findings_access(world.users["lead"], world.case.public_id)
    found = {
        (f.rule.id, f.facts[0].ref.label if f.facts else ""): f for f in findings_for(access=access)
    }
    lead = world.users["lead"]
    finding_acknowledge(case=world.case, user=lead, finding=found[(ON_CASE, "Case A")])
    finding_dismiss(
        case=world.case, user=lead, finding=found[(EACH_PARTY, "Government")], reason="Known."
    )
    sign_in(page, live_server.url, lead.email, PASSWORD)
    url = live_server.url + reverse("advisor:findings", args=[world.case.public_id])
    page.goto(url + "?severity=dreadful")
    assert (
        "Filters not understood were left out: Severity." in page.locator(".messages").inner_text()
    )
    page.locator("details").evaluate_all("all => all.forEach(d => { d.open = true; })")
    assert "Darfur (Sudan)" in page.locator("#current").inner_text()
    assert page.get_by_test_id("finding-pending").count() == 1
    screenshot(page, "findings-every-kind", "main")
    assert_accessible(page, where="the findings page with every kind of finding")

    page.locator("#current").get_by_role("link", name="A risk on the whole case").click()
    assert "Acknowledged by Lead" in page.get_by_test_id("finding-review").inner_text()
    screenshot(page, "finding-acknowledged")
    assert_accessible(page, where="an acknowledged finding's page")

    page.get_by_role("button", name="العربية").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "finding-rtl")
    page.goto(url)
    screenshot(page, "findings-rtl", "main")
    assert_accessible(page, where="the findings page in Arabic")
