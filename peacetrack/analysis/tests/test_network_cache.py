"""The network analysis's cache (analysis/network_cache.py): kept in Django's cache, checked
before anything is loaded, served stale with "as of" and "being recomputed" after a change while
the job queue recomputes it, and never shared between members who see different records."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from peacetrack.analysis import network_cache
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create, record_update
from peacetrack.analysis.tasks import network_recompute
from peacetrack.conftest import build_analysis

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_queue() -> Any:
    HUEY.flush()
    yield
    HUEY.flush()


def _add(world: Any, slug: str, visibility: str = "team", **values: Any) -> Any:
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG[slug],
        values={"visibility": visibility, **values},
    )


def _map(world: Any, persona: str = "lead") -> dict[str, Any]:
    response = world.client(persona).get(f"/api/v1/cases/{world.case.public_id}/actor-map")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _page(world: Any, persona: str = "lead") -> str:
    url = reverse("analysis:map", args=[world.case.public_id])
    return world.client(persona).get(url).content.decode()


def _run_queue() -> int:
    """Run the recomputes the job queue holds, as its consumer would (the task's own function:
    the consumer's wrapper closes the database connection, which the test's transaction needs)."""
    ran = 0
    task = HUEY.dequeue()
    while task is not None:
        assert task.name == "network_recompute"
        network_recompute.call_local(*task.args)
        ran += 1
        task = HUEY.dequeue()
    return ran


def _network_tables(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries if "analysis_actor" in q["sql"] or "analysis_tie" in q["sql"]]


def test_a_cached_map_loads_no_actor_or_tie_for_its_data_or_its_page(world):
    build_analysis(world)
    _map(world)
    _page(world)
    for read in (_map, _page):
        with CaptureQueriesContext(connection) as queries:
            read(world)
        assert _network_tables(queries) == []


def test_the_result_lives_in_djangos_cache_shared_by_every_process(world):
    build_analysis(world)
    _map(world)
    cache.clear()  # (what another process would find: nothing in its own memory counts)
    with CaptureQueriesContext(connection) as queries:
        data = _map(world)
    assert _network_tables(queries)  # computed again
    assert "National Army" in data["nodes"]["name"]


def test_a_change_keeps_the_last_result_marked_being_recomputed_and_queues_one_recompute(
    world, django_capture_on_commit_callbacks
):
    records = build_analysis(world)
    first = _map(world)
    assert first["recomputing"] is False
    with django_capture_on_commit_callbacks(execute=True):
        _add(world, "actors", name="Bishop Merev", kind="civil_society")
    with django_capture_on_commit_callbacks(execute=True):
        _add(world, "ties", source=records["actors"], target=records["front"], kind="channel")
    stale = _map(world)
    assert stale["recomputing"] is True
    assert stale["computed_at"] == first["computed_at"]
    assert stale["nodes"] == first["nodes"]  # the last result, not the new actor
    page = _page(world)
    assert 'data-testid="map-recomputing"' in page
    assert "its analysis is being recomputed" in page
    assert "Bishop Merev" not in page
    state = world.client("lead").get(f"/api/v1/cases/{world.case.public_id}/actor-map/state")
    assert state.json()["recomputing"] is True

    assert _run_queue() == 1  # two changes, one recompute
    fresh = _map(world)
    assert fresh["recomputing"] is False
    assert "Bishop Merev" in fresh["nodes"]["name"]
    assert len(fresh["links"]["source"]) == 2
    page = _page(world)
    assert 'data-testid="map-computed-at"' in page
    assert "Bishop Merev" in page


def test_a_queue_that_does_not_run_is_not_waited_for(world, django_capture_on_commit_callbacks):
    build_analysis(world)
    _map(world)
    with django_capture_on_commit_callbacks(execute=True):
        _add(world, "actors", name="Bishop Merev", kind="civil_society")
    assert _map(world)["recomputing"] is True
    # the recompute was queued long ago and nothing ran it: the request computes it itself
    cache.set(f"network:queued:{world.case.pk}", time.time() - 3600, None)
    data = _map(world)
    assert data["recomputing"] is False
    assert "Bishop Merev" in data["nodes"]["name"]


def test_a_delegate_is_never_served_the_teams_result(world):
    _add(world, "actors", name="Team only informant", kind="mid_leader")
    _add(world, "actors", "parties", name="Shared with parties", kind="state")
    team = _map(world, "lead")
    assert "Team only informant" in team["nodes"]["name"]
    delegate = _map(world, "delegate_a")
    assert "Team only informant" not in delegate["nodes"]["name"]
    assert "Shared with parties" in delegate["nodes"]["name"]
    assert "Team only informant" not in _page(world, "delegate_a")


def test_a_delegates_stale_result_is_not_served_once_something_in_it_is_unshared(
    world, django_capture_on_commit_callbacks
):
    shared = _add(world, "actors", "parties", name="Shared with parties", kind="state")
    assert "Shared with parties" in _map(world, "delegate_a")["nodes"]["name"]
    with django_capture_on_commit_callbacks(execute=True):
        record_update(
            actor=world.users["lead"],
            record=shared,
            rtype=BY_SLUG["actors"],
            values={"visibility": "team"},
        )
    data = _map(world, "delegate_a")  # not the last result: it names an actor now hidden
    assert "Shared with parties" not in data["nodes"]["name"]
    assert data["recomputing"] is False
    assert "Shared with parties" not in _page(world, "delegate_a")
    # the team, who still sees it, gets the last result while it is recomputed
    assert _map(world, "lead")["recomputing"] is False  # (never computed for the team before)


def test_the_background_recompute_serves_each_viewer_what_it_may_see(
    world, django_capture_on_commit_callbacks
):
    _add(world, "actors", "parties", name="Shared with parties", kind="state")
    _map(world, "lead")
    _map(world, "delegate_a")
    with django_capture_on_commit_callbacks(execute=True):
        _add(world, "actors", name="Team only informant", kind="mid_leader")
    assert _map(world, "lead")["recomputing"] is True
    assert _run_queue() == 1
    assert network_cache.recompute(case_id=world.case.pk) == 0  # nothing stale left
    team = _map(world, "lead")
    delegate = _map(world, "delegate_a")
    assert team["recomputing"] is False
    assert "Team only informant" in team["nodes"]["name"]
    assert "Team only informant" not in delegate["nodes"]["name"]


def test_the_map_page_says_when_its_analysis_was_computed(world):
    build_analysis(world)
    page = _page(world)
    assert 'data-testid="map-computed-at"' in page
    assert "Analysis as of" in page
