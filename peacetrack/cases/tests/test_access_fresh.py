"""Access is read from the database on every request, however much of a page is cached: a
member removed or given another role is refused (or shown less) at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peacetrack.cases.services.members import member_change_role, member_remove
from peacetrack.conftest import build_analysis

pytestmark = pytest.mark.django_db


def _pages(world) -> list[str]:
    case_id = world.case.public_id
    return [
        reverse("cases:dashboard", args=[case_id]),
        reverse("cases:step", args=[case_id, "1"]),
        reverse("analysis:map", args=[case_id]),
        f"/api/v1/cases/{case_id}/actor-map",
    ]


def test_a_removed_member_is_refused_at_once_on_pages_they_just_saw(world):
    build_analysis(world, visibility="parties")
    client = world.client("member")
    for url in _pages(world):  # twice: the second is served from the caches
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200
    member_remove(actor=world.users["lead"], member=world.memberships["member"])
    for url in _pages(world):
        assert client.get(url).status_code == 404, url


def test_a_member_made_delegate_sees_the_delegates_case_bar_at_once(world):
    client = world.client("member")
    dashboard = reverse("cases:dashboard", args=[world.case.public_id])
    assert "sharing-banner" not in client.get(dashboard).content.decode()
    member_change_role(
        actor=world.users["lead"],
        member=world.memberships["member"],
        role="delegate",
        party=world.party_a,
    )
    page = client.get(dashboard).content.decode()
    assert "sharing-banner" in page
    assert world.party_a.short_name in page
