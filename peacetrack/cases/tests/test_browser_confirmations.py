"""In real headless Chromium: the record-deletion confirmation and the widening question, as a
team member sees them (screenshots with `make screenshots`)."""

from __future__ import annotations

from typing import Any

import pytest

from peacetrack.analysis.models import Actor
from peacetrack.cases.models import TaskNote
from peacetrack.conftest import PASSWORD, build_analysis, build_world
from peacetrack.testing.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_(transactional_db: Any) -> Any:
    world = build_world()
    build_analysis(world)
    return world


def test_deleting_an_actor_shows_what_goes_with_it_before_deleting(
    world_: Any, page: Any, live_server: Any
):
    army = Actor.objects.get(name="National Army")
    sign_in(page, live_server.url, world_.users["member"].email, PASSWORD)
    page.goto(f"{live_server.url}/cases/{world_.case.public_id}/analysis/actors/{army.public_id}/")
    page.get_by_role("link", name="Delete actor…").click()
    page.get_by_role("heading", name="Delete “National Army”?").wait_for()
    screenshot(page, "delete-confirmation")
    deleted = page.locator("ul.dependents").first.inner_text()
    assert "National Army — Liberation Front (Hostility)" in deleted
    assert "National Army: Armed forces" in deleted
    assert Actor.objects.filter(pk=army.pk).exists()

    page.get_by_role("button", name="Delete").click()
    assert "Deleted actor: National Army." in page.locator(".messages").inner_text()
    assert not Actor.objects.filter(pk=army.pk).exists()


def test_sharing_a_note_with_a_party_asks_who_will_see_it(world_: Any, page: Any, live_server: Any):
    sign_in(page, live_server.url, world_.users["member"].email, PASSWORD)
    page.goto(f"{live_server.url}/cases/{world_.case.public_id}/tasks/1.2.1/")
    page.get_by_label("Note").fill("The envoy hinted at a federal formula.")
    page.get_by_label("Who can read it").select_option("parties")
    page.get_by_role("button", name="Add note").click()
    warning = page.locator(".widening")
    warning.wait_for()
    screenshot(page, "widening-confirmation")
    assert (
        "GOV's delegates (1 person) and REB's delegates (1 person) will see this."
        in warning.inner_text()
    )
    assert page.get_by_label("Note").input_value() == "The envoy hinted at a federal formula."
    assert not TaskNote.objects.filter(task_key="1.2.1").exists()

    page.get_by_role("button", name="Yes, share it and save").click()
    assert "Note added." in page.locator(".messages").inner_text()
    assert TaskNote.objects.get(task_key="1.2.1").visibility == "parties"
