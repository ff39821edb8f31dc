"""List pages run a fixed number of SQL queries whatever the size of the data."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peacetrack.advisor.access import findings_access
from peacetrack.advisor.selectors import findings_for
from peacetrack.cases import services
from peacetrack.cases.models import TaskProgress
from peacetrack.conftest import build_world

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(world, *, cases: int, notes: int) -> None:
    lead = world.users["lead"]
    for i in range(cases):
        services.case_create(creator=lead, title=f"Extra {i}", conflict="C")
    for i in range(notes):
        services.note_add(
            actor=lead,
            case=world.case,
            task_key="2.1.1",
            body=f"n{i}",
            visibility="parties" if i % 2 else "team",
        )
    soon = timezone.localdate() + datetime.timedelta(days=2)
    for progress in TaskProgress.objects.filter(case=world.case)[:20]:
        services.task_update(
            actor=lead,
            progress=progress,
            status="in_progress",
            owner=world.users["member"],
            due_on=soon,
        )


@pytest.mark.parametrize("persona", ["lead", "delegate_a"])
@pytest.mark.parametrize("page", ["cases:list", "cases:dashboard", "cases:step", "cases:task"])
def test_page_query_count_does_not_grow_with_cases_tasks_and_notes(page, persona):
    world = build_world()
    args = {
        "cases:list": [],
        "cases:dashboard": [world.case.public_id],
        "cases:step": [world.case.public_id, "2"],
        "cases:task": [world.case.public_id, "2.1.1"],
    }[page]
    url = reverse(page, args=args)
    client = world.client(persona)
    # A little of everything first (histories and latest changes read one query per kind of
    # record they show), then much more of the same.
    _grow(world, cases=1, notes=2)
    small = _count(client, url)
    _grow(world, cases=15, notes=40)
    # (never more; may be one fewer: the parties' actors, created with the parties and shared
    # with everyone, leave the latest changes once the notes push them out)
    assert _count(client, url) <= small


@pytest.mark.parametrize("persona", ["lead", "delegate_a"])
def test_a_dashboard_seen_before_costs_six_queries_whatever_the_case_holds(persona):
    """Signed in (session, user, profile: 3), the membership (1), the visit (1), the case's
    latest change (1); then the dashboard from Django's cache (a seventh query with the
    database cache of a laptop; tests use the in-memory one). The team's dashboard also
    shows the findings, outside the cached part: what the advisor's findings_for costs on a
    case it has seen (a fixed number, bench/advisor.py)."""
    world = build_world()
    client = world.client(persona)
    url = reverse("cases:dashboard", args=[world.case.public_id])
    client.get(url)
    assert _count(client, url) == 6 + _findings_queries(world, persona)
    _grow(world, cases=5, notes=30)
    client.get(url)  # (computed again: the case changed)
    assert _count(client, url) == 6 + _findings_queries(world, persona)


def _findings_queries(world, persona: str) -> int:
    if not world.memberships[persona].is_team:
        return 0
    access = findings_access(world.users[persona], world.case.public_id)
    findings_for(access=access)
    with CaptureQueriesContext(connection) as queries:
        findings_for(access=access)
    return len(queries)
