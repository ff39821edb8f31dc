"""Every query of the dashboard, the list pages, the API lists and the audit trail reads a
case's rows through an index, checked in PostgreSQL's own query plans.

Each page of `PLANNED` is requested on a case with rows of every kind; every query it runs is
then explained (`EXPLAIN`) with sequential scans disabled (`enable_seqscan = off`): the planner
still picks one when no index can serve the query, so a sequential scan of a case-scoped table
in a plan is a missing index. (With sequential scans allowed, the small tables of a test would
invite them whatever the indexes.) PostgreSQL only: SQLite has no comparable planner switch.

Add a page here when you add a list: one `Planned` entry, the URL built from the world.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peacetrack.analysis.models import Actor
from peacetrack.analysis.registry import RECORD_TYPES
from peacetrack.audit.models import AuditEvent
from peacetrack.cases.models import Case, Membership, TaskNote
from peacetrack.conftest import World, build_analysis, build_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="reads PostgreSQL query plans: run with DATABASE_URL=postgres://…",
    ),
]


@dataclass(frozen=True)
class Planned:
    """A page or API list whose every query must read through indexes."""

    name: str
    persona: str  # who requests it (a persona of conftest.build_world)
    url: Callable[[World], str]
    # Why a page does not pass yet (an ordering no index serves): expected to fail, strictly,
    # so that whoever adds the index must also remove this.
    pending: str = ""

    def param(self) -> Any:
        marks = [pytest.mark.xfail(strict=True, reason=self.pending)] if self.pending else []
        return pytest.param(self, marks=marks, id=self.name)


def _case(world: World) -> str:
    return str(world.case.public_id)


def _api(path: str) -> Callable[[World], str]:
    return lambda world: f"/api/v1/cases/{_case(world)}{path}"


def _page(name: str, *args: str) -> Callable[[World], str]:
    return lambda world: reverse(name, args=[_case(world), *args])


# Lists whose pages are being rebuilt on keyset pagination with the indexes their orderings
# need (issue 12, peacetrack/paging.py); until then they sort every row to show the first few.
RECORDS_ORDER = "step-1 record lists sort all the case's records (by name, title...) for a page"
INVITATIONS_ORDER = "invitations are sorted by creation date without an index"

PLANNED: list[Planned] = [
    # The dashboard: the team's (progress, due tasks, latest changes) and a party's (shared notes,
    # the latest changes it may see, looked through record by record).
    Planned("dashboard (lead)", "lead", _page("cases:dashboard")),
    Planned("dashboard (member)", "member", _page("cases:dashboard")),
    Planned("dashboard (delegate)", "delegate_a", _page("cases:dashboard")),
    Planned("dashboard (track II)", "track2", _page("cases:dashboard")),
    # The audit trail: its first page and each filter.
    Planned("audit trail", "lead", _page("cases:audit")),
    Planned(
        "audit trail by type",
        "lead",
        lambda world: _page("cases:audit")(world) + "?kind=analysis.actor",
    ),
    Planned(
        "audit trail by person",
        "lead",
        lambda world: (
            _page("cases:audit")(world) + f"?person={world.memberships['lead'].public_id}"
        ),
    ),
    Planned(
        "audit trail by dates",
        "lead",
        lambda world: (
            _page("cases:audit")(world)
            + f"?since={timezone.localdate().isoformat()}&until={timezone.localdate().isoformat()}"
        ),
    ),
    # List pages.
    Planned("case list", "lead", lambda world: reverse("cases:list")),
    Planned("members", "lead", _page("cases:members"), pending=INVITATIONS_ORDER),
    Planned("parties", "lead", _page("cases:parties")),
    Planned("step page", "lead", _page("cases:step", "1")),
    Planned(  # with the record's history, from the trail
        "actor page",
        "lead",
        lambda world: reverse(
            "analysis:detail",
            args=[_case(world), "actors", Actor.objects.filter(case=world.case)[0].public_id],
        ),
    ),
    Planned("task page (lead)", "lead", _page("cases:task", "1.1.1"), pending=RECORDS_ORDER),
    Planned(
        "task page (delegate)", "delegate_a", _page("cases:task", "1.1.1"), pending=RECORDS_ORDER
    ),
    Planned(
        "search",
        "lead",
        lambda world: _page("cases:search")(world) + "?q=marker",
        pending=RECORDS_ORDER,
    ),
    *(
        Planned(
            f"{rtype.slug} list ({persona})",
            persona,
            _page("analysis:list", rtype.slug),
            pending=RECORDS_ORDER,
        )
        for rtype in RECORD_TYPES
        for persona in ("lead", "delegate_a")
    ),
    # API lists.
    Planned("API cases", "lead", lambda world: "/api/v1/cases"),
    Planned("API parties", "lead", _api("/parties")),
    Planned("API members", "lead", _api("/members")),
    Planned("API invitations", "lead", _api("/invitations"), pending=INVITATIONS_ORDER),
    Planned("API tasks", "lead", _api("/tasks")),
    Planned("API notes (lead)", "lead", _api("/notes")),
    Planned("API notes (delegate)", "delegate_a", _api("/notes")),
    *(
        Planned(f"API {rtype.slug} ({persona})", persona, _api(f"/analysis/{rtype.slug}"))
        for rtype in RECORD_TYPES
        for persona in ("lead", "delegate_a")
    ),
]


def _case_scoped_tables() -> set[str]:
    """The tables whose rows belong to one case (and the cases themselves): the ones that grow
    with the cases, so a sequential scan of them costs more the more there is."""
    tables = {Case._meta.db_table}
    for model in apps.get_models():
        fields = {f.name: f for f in model._meta.concrete_fields}
        case = fields.get("case")
        if case is not None and case.related_model is Case:
            tables.add(model._meta.db_table)
    return tables


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _scans(plan: dict[str, Any], tables: set[str]) -> Iterator[tuple[str, str]]:
    """(table, why) for each read of a case-scoped table that no index serves: a sequential
    scan; a whole index read without a condition (a sequential scan in disguise); or, under a
    LIMIT, a sort of every matching row to keep a few (a page whose ordering lacks an index:
    its cost grows with the case)."""
    for node in _nodes(plan):
        table = node.get("Relation Name")
        if table in tables and node["Node Type"] == "Seq Scan":
            yield table, "sequential scan"
        elif table in tables and node["Node Type"] in ("Index Scan", "Index Only Scan"):
            if "Index Cond" not in node:
                yield table, f"whole index {node['Index Name']}"
        elif node["Node Type"] == "Limit":
            for sort in _nodes(node):
                if sort["Node Type"] in ("Sort", "Incremental Sort") and sort is not node:
                    for below in _nodes(sort):
                        if below.get("Relation Name") in tables and below is not sort:
                            yield below["Relation Name"], f"sorted for a limit ({sort['Sort Key']})"
                    break


def _sequential_scans(sql: str, tables: set[str]) -> list[str]:
    """How `sql` reads case-scoped tables without an index, sequential scans off."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return sorted({f"{table}: {why}" for table, why in _scans(plan[0]["Plan"], tables)})


@pytest.fixture
def world() -> World:
    """A case with rows of every kind: a step-1 record of each type shared with the parties,
    notes of the team's and shared, and a trail longer than a page."""
    world = build_world()
    build_analysis(world, visibility="parties")
    lead = world.users["lead"]
    now = timezone.now()
    TaskNote.objects.bulk_create(
        TaskNote(
            case=world.case,
            task_key="1.1.1",
            author=lead,
            body=f"Note {i}",
            visibility="parties" if i % 2 else "team",
            created_at=now,
        )
        for i in range(60)
    )
    actor = AuditEvent.objects.filter(case=world.case, object_type="analysis.actor").first()
    assert actor is not None
    AuditEvent.objects.bulk_create(
        AuditEvent(
            case=world.case,
            actor=lead,
            actor_label=lead.email,
            action="analysis.actor.update",
            object_type="analysis.actor",
            object_id=actor.object_id,
            before={"name": "Army"},
            after={"name": "National Army"},
        )
        for _ in range(120)
    )
    assert Membership.objects.filter(case=world.case).count() == 6
    return world


@pytest.mark.parametrize("planned", [p.param() for p in PLANNED])
def test_page_reads_case_rows_through_indexes_only(world: World, planned: Planned) -> None:
    client = world.client(planned.persona)
    url = planned.url(world)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    tables = _case_scoped_tables()
    found = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH")):
            continue  # inserts and savepoints read nothing
        scanned = _sequential_scans(sql, tables)
        if scanned:
            found.append(f"{', '.join(scanned)} ← {sql}")
    assert not found, f"{planned.name} ({url}) scans tables without an index:\n" + "\n".join(found)


def _sql_of(queryset: Any) -> str:
    with CaptureQueriesContext(connection) as captured:
        list(queryset)
    return str(captured.captured_queries[-1]["sql"])


def test_a_query_no_index_serves_is_caught(world: World) -> None:
    # The check itself: the notes of a case are found through an index, notes found by their
    # text alone (no index) by a sequential scan.
    tables = _case_scoped_tables()
    by_case = TaskNote.objects.filter(case=world.case).order_by()
    assert _sequential_scans(_sql_of(by_case), tables) == []
    by_text = TaskNote.objects.filter(body="Note 7").order_by()
    assert _sequential_scans(_sql_of(by_text), tables) == ["cases_tasknote: sequential scan"]
