"""Records appear on every task they inform, not only the one they were entered under: the
potential spoilers on 4.2.2 (Manage spoilers), the sources of leverage on 4.4.5, positions and
the positions matrix on 4.4.1 — with the reason, and only what the member may read."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.demo import DEMO_LEAD, demo_load

pytestmark = pytest.mark.django_db
User = get_user_model()


def _add(world, slug, visibility="team", **values):
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG[slug],
        values={"visibility": visibility, **values},
    )


def _task_page(world, persona, key):
    url = reverse("cases:task", args=[world.case.public_id, key])
    response = world.client(persona).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_potential_spoilers_appear_on_manage_spoilers_with_the_reason(world):
    _add(world, "actors", name="Hardline Brigade", kind="faction", potential_spoiler=True)
    _add(world, "actors", name="Moderate Caucus", kind="faction")

    page = _task_page(world, "lead", "4.2.2")

    assert "Hardline Brigade" in page
    assert "Flagged as a potential spoiler." in page
    assert "Moderate Caucus" not in page
    assert "No case records serve this task yet" not in page
    # still listed under the task it was entered under, without a reason
    assert "Hardline Brigade" in _task_page(world, "lead", "1.2.1")


def test_leverage_appears_on_use_leverage_and_positions_on_trust_with_the_matrix(world):
    _add(
        world,
        "leverage",
        source="donors_and_third_parties",
        offers="Reconstruction money after the floods",
    )
    issue = _add(world, "issues", title="Power sharing", category="governance")
    actor = _add(world, "actors", name="Northern Front", kind="conflict_party")
    _add(
        world,
        "positions",
        actor=world.party_a.standing_actor,
        issue=issue,
        position="Half the ministries",
    )

    leverage_page = _task_page(world, "lead", "4.4.5")
    assert "donors" in leverage_page.lower()
    assert "Leverage the case offers, and who holds it." in leverage_page

    trust_page = _task_page(world, "lead", "4.4.1")
    assert "Power sharing" in trust_page
    matrix = reverse("analysis:matrix", args=[world.case.public_id])
    assert f'href="{matrix}"' in trust_page
    assert actor.name not in trust_page  # actors do not inform 4.4.1


def test_a_delegate_sees_on_other_tasks_only_what_was_shared_and_an_empty_state_for_them(world):
    _add(world, "actors", name="Secret Cell", kind="faction", potential_spoiler=True)
    _add(
        world,
        "actors",
        name="Shared Militia",
        kind="faction",
        potential_spoiler=True,
        visibility=f"party:{world.party_a.short_name}",
    )

    page_a = _task_page(world, "delegate_a", "4.2.2")
    page_b = _task_page(world, "delegate_b", "4.2.2")

    assert "Shared Militia" in page_a
    assert "Secret Cell" not in page_a
    assert "Shared Militia" not in page_b
    assert "Nothing that serves this task has been shared with you yet." in page_b
    assert "No case records serve this task yet" not in page_b


def test_the_demo_case_shows_its_potential_spoilers_on_manage_spoilers(db, client):
    case, _ = demo_load()
    client.force_login(User.objects.get(email=DEMO_LEAD))
    page = client.get(reverse("cases:task", args=[case.public_id, "4.2.2"])).content.decode()
    assert "Flagged as a potential spoiler." in page
    assert "No case records serve this task yet" not in page
