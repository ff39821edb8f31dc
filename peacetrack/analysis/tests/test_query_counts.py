"""Step-1 list pages run a fixed number of SQL queries however many records the case holds."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peacetrack.analysis.registry import BY_SLUG, RECORD_TYPES
from peacetrack.analysis.services import record_create
from peacetrack.conftest import build_analysis, build_world

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(world, n: int) -> None:
    lead = world.users["lead"]

    def add(slug, **values):  # type: ignore[no-untyped-def]
        return record_create(
            actor=lead,
            case=world.case,
            rtype=BY_SLUG[slug],
            values={"visibility": "parties", **values},
        )

    actors = [
        add("actors", name=f"Actor {i}", kind="faction", party=world.party_a) for i in range(n)
    ]
    issues = [add("issues", title=f"Issue {i}", category="security") for i in range(n // 3)]
    for i in range(n):
        add("ties", source=actors[i], target=actors[(i + 1) % n], kind="channel")
        add("resources", actor=actors[i], kind="territory")
    for issue in issues:
        add("positions", actor=world.party_a.standing_actor, issue=issue, position="p")
        add("events", date=datetime.date(2000 + len(issue.title), 1, 1), title="e", issues=[issue])
    # The map's analysis is counted as computed again, not as served from the cache while it is
    # recomputed (network_cache.py; test_network_cache.py counts the cached reads).
    cache.clear()


PAGES = [("analysis:overview", None), ("analysis:map", None), ("analysis:matrix", None)] + [
    ("analysis:list", rtype.slug) for rtype in RECORD_TYPES
]


@pytest.mark.parametrize("persona", ["lead", "delegate_a"])
@pytest.mark.parametrize(("page", "slug"), PAGES)
def test_query_count_does_not_grow_with_the_analysis(page, slug, persona):
    world = build_world()
    build_analysis(world, visibility="parties")
    args = [world.case.public_id] + ([slug] if slug else [])
    url = reverse(page, args=args)
    client = world.client(persona)
    small = _count(client, url)
    _grow(world, 30)
    assert _count(client, url) == small


@pytest.mark.parametrize("persona", ["lead", "delegate_a"])
def test_actor_page_and_map_data_queries_do_not_grow(persona):
    world = build_world()
    records = build_analysis(world, visibility="parties")
    client = world.client(persona)
    detail = reverse(
        "analysis:detail", args=[world.case.public_id, "actors", records["actors"].public_id]
    )
    data = f"/api/v1/cases/{world.case.public_id}/actor-map"
    small = (_count(client, detail), _count(client, data))
    _grow(world, 30)
    for i in range(10):
        record_create(
            actor=world.users["lead"],
            case=world.case,
            rtype=BY_SLUG["ties"],
            values={
                "visibility": "parties",
                "source": records["actors"],
                "target": records["front"],
                "kind": "influence",
                "note": f"n{i}",
            },
        )
    assert (_count(client, detail), _count(client, data)) == small


@pytest.mark.parametrize("persona", ["lead", "delegate_a"])
def test_a_cached_map_costs_the_session_and_the_membership_only(persona):
    """Signed in (session, user, profile: 3 queries), the membership (1); then the cached map
    in one read of Django's cache (a fifth query with the database cache of a laptop; tests use
    the in-memory one): whatever the size of the network."""
    world = build_world()
    build_analysis(world, visibility="parties")
    client = world.client(persona)
    page = reverse("analysis:map", args=[world.case.public_id])
    data = f"/api/v1/cases/{world.case.public_id}/actor-map"
    client.get(page), client.get(data)  # computed and cached
    assert (_count(client, page), _count(client, data)) == (4, 4)
    _grow(world, 30)
    client.get(page), client.get(data)
    assert (_count(client, page), _count(client, data)) == (4, 4)
