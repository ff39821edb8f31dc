"""Every query of the dashboard, the list pages, the API lists and the audit trail reads a
case's rows through an index, checked in PostgreSQL's own query plans.

Each page of `PLANNED` is requested on a case with rows of every kind; every query it runs is
then explained (`EXPLAIN`) with sequential scans disabled (`enable_seqscan = off`): the planner
still picks one when no index can serve the query, so a sequential scan of a case-scoped table
in a plan is a missing index. (With sequential scans allowed, the small tables of a test would
invite them whatever the indexes.) PostgreSQL only: SQLite has no comparable planner switch.

Add a page here when you add a list: one `Planned` entry, the URL built from the world (a
test checks that every API list route has one). A list ordered by another table's column,
which no index of its own can serve, names its table in `sorted_because` with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peacetrack.analysis.models import Actor
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.audit.models import AuditEvent
from peacetrack.cases.models import Case, Membership, TaskNote
from peacetrack.conftest import World, build_analysis, build_world
from peacetrack.tests.test_paging import LIST_ROUTES

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="reads PostgreSQL query plans: run with DATABASE_URL=postgres://…",
)


@dataclass(frozen=True)
class Planned:
    """A page or API list whose every query must read through indexes."""

    name: str
    persona: str  # who requests it (a persona of conftest.build_world)
    url: Callable[[World], str]
    # The API list route this requests (as test_paging.LIST_ROUTES names it), if any.
    route: str = ""
    # The lists of this page allowed to sort the rows they read, by their table, each with
    # why no index can serve its ordering: an ordering by another table's column, on rows
    # read through an index of the case (a sequential scan is still refused). Every sort
    # allowed must happen, so that a list given an index loses its allowance.
    sorted_because: Mapping[str, str] = field(default_factory=dict)

    def param(self) -> Any:
        return pytest.param(self, id=self.name)


def _case(world: World) -> str:
    return str(world.case.public_id)


def _api(route: str, name: str, persona: str = "lead", **sorts: str) -> Planned:
    return Planned(
        name,
        persona,
        lambda world: "/api/v1" + route.format(case_id=_case(world)),
        route=route,
        sorted_because=sorts,
    )


def _page(name: str, *args: str) -> Callable[[World], str]:
    return lambda world: reverse(name, args=[_case(world), *args])


# Why these lists sort (see Planned.sorted_because). Each is read through an index of its
# case (or of its user), so the sort costs what that case holds, never what the server holds.
_AFTER = "; a case's rows are sorted after an index read of that case"
BY_OTHER_TABLES = {
    "analysis_tie": "ordered by its actors' names (another table)" + _AFTER,
    "analysis_position": "ordered by the issue's title, then the actor's name (other tables)"
    + _AFTER,
    "analysis_beneficiary": "ordered by the actor's name (another table)" + _AFTER,
    "analysis_resource": "ordered by the actor's name (another table), then kind" + _AFTER,
    "analysis_strengthassessment": "ordered by date, then the actor's name (another table)"
    + _AFTER,
}
USER_CASES = {
    "cases_membership": "a user's cases, ordered by the case's title (another table): "
    "read through the user's memberships and as many as the cases they belong to"
}
MEMBERS = {
    "cases_membership": "a case's members by role, then e-mail (the accounts table): "
    "read through the case's index and as many as its team and parties' delegates"
}
TASKS = {
    "cases_taskprogress": "the methodology's order of a case's tasks (an expression listing "
    "the methodology, not a column): read through the case's index, 61 rows at most"
}


def _record_sorts(rtype: RecordType) -> dict[str, str]:
    table = rtype.model._meta.db_table
    return {table: BY_OTHER_TABLES[table]} if table in BY_OTHER_TABLES else {}


def _analysis_page(rtype: RecordType, persona: str) -> Planned:
    return Planned(
        f"{rtype.slug} list ({persona})",
        persona,
        _page("analysis:list", rtype.slug),
        sorted_because=_record_sorts(rtype),
    )


def _analysis_api(rtype: RecordType, persona: str) -> Planned:
    route = f"/cases/{{case_id}}/analysis/{rtype.slug}"
    return _api(route, f"API {rtype.slug} ({persona})", persona, **_record_sorts(rtype))


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
    Planned("case list", "lead", lambda world: reverse("cases:list"), sorted_because=USER_CASES),
    Planned("members", "lead", _page("cases:members"), sorted_because=MEMBERS),
    Planned("parties", "lead", _page("cases:parties")),
    Planned("people (site administrator)", "lead", lambda world: reverse("accounts:people")),
    Planned("step page", "lead", _page("cases:step", "1")),
    Planned(  # its ties a page at a time, with the record's history from the trail
        "actor page",
        "lead",
        lambda world: reverse(
            "analysis:detail",
            args=[_case(world), "actors", Actor.objects.filter(case=world.case)[0].public_id],
        ),
        sorted_because={
            "analysis_tie": "an actor's ties, ordered by the actors' names (another table): "
            "sorted after an index read of that actor's ties"
        },
    ),
    Planned("task page (lead)", "lead", _page("cases:task", "1.1.1")),
    Planned("task page (delegate)", "delegate_a", _page("cases:task", "1.1.1")),
    Planned(
        "search",
        "lead",
        lambda world: _page("cases:search")(world) + "?q=marker",
        sorted_because=BY_OTHER_TABLES,
    ),
    *(
        _analysis_page(rtype, persona)
        for rtype in RECORD_TYPES
        for persona in ("lead", "delegate_a")
    ),
    # API lists.
    _api("/cases", "API cases", **USER_CASES),
    _api("/cases/{case_id}/parties", "API parties"),
    _api("/cases/{case_id}/members", "API members", **MEMBERS),
    _api("/cases/{case_id}/invitations", "API invitations"),
    _api("/cases/{case_id}/tasks", "API tasks", **TASKS),
    _api("/cases/{case_id}/notes", "API notes (lead)"),
    _api("/cases/{case_id}/notes", "API notes (delegate)", "delegate_a"),
    *(
        _analysis_api(rtype, persona)
        for rtype in RECORD_TYPES
        for persona in ("lead", "delegate_a")
    ),
    # The advisor's findings are computed in memory from the case's snapshot and cut into pages
    # there (paging.sequence_page): no query has a LIMIT to sort for, and every one of them (the
    # snapshot's reads, the reviews) must still find the case's rows through an index.
    _api("/cases/{case_id}/findings", "API findings (lead)"),
]


def test_every_api_list_route_has_its_query_plans_checked() -> None:
    assert set(LIST_ROUTES) - {planned.route for planned in PLANNED} == set()


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


def _sorted_table(sort: dict[str, Any]) -> str:
    """The table a sort puts in order: the one of its last key, the list's unique key (keys
    go unnamed where the query reads one table)."""
    table = str(sort["Sort Key"][-1]).rpartition(".")[0]
    relations = (node["Relation Name"] for node in _nodes(sort) if "Relation Name" in node)
    return table or next(relations, "")


def _scans(
    plan: dict[str, Any], tables: set[str], allowed: Collection[str]
) -> Iterator[tuple[str, str]]:
    """(table, why) for each read of a case-scoped table that no index serves: a sequential
    scan; a whole index read without a condition (a sequential scan in disguise); or, under a
    LIMIT, a sort of every matching row to keep a few (a page whose ordering lacks an index:
    its cost grows with the case), unless the sorted table is `allowed` to sort (then
    ("", table) says that it did)."""
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
                    if _sorted_table(sort) in allowed:
                        yield "", _sorted_table(sort)
                        break
                    for below in _nodes(sort):
                        if below.get("Relation Name") in tables and below is not sort:
                            yield below["Relation Name"], f"sorted for a limit ({sort['Sort Key']})"
                    break


def _plan(sql: str) -> dict[str, Any]:
    """The plan of `sql`, sequential scans and sorts off (taken only where nothing else can)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return dict(plan[0]["Plan"])


def _sequential_scans(sql: str, tables: set[str]) -> list[str]:
    """How `sql` reads case-scoped tables without an index, sequential scans off."""
    return sorted({f"{table}: {why}" for table, why in _scans(_plan(sql), tables, ())})


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


@on_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("planned", [p.param() for p in PLANNED])
def test_page_reads_case_rows_through_indexes_only(world: World, planned: Planned) -> None:
    client = world.client(planned.persona)
    url = planned.url(world)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    tables = _case_scoped_tables()
    found = []
    sorted_as_allowed = set()
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH")):
            continue  # inserts and savepoints read nothing
        scanned = set()
        for table, why in _scans(_plan(sql), tables, planned.sorted_because):
            if table:
                scanned.add(f"{table}: {why}")
            else:
                sorted_as_allowed.add(why)
        if scanned:
            found.append(f"{', '.join(sorted(scanned))} ← {sql}")
    assert not found, f"{planned.name} ({url}) scans tables without an index:\n" + "\n".join(found)
    # An allowance that no longer applies (the ordering changed, an index now serves it) goes.
    assert set(planned.sorted_because) == sorted_as_allowed


def _sql_of(queryset: Any) -> str:
    with CaptureQueriesContext(connection) as captured:
        list(queryset)
    return str(captured.captured_queries[-1]["sql"])


@on_postgresql
@pytest.mark.django_db
def test_a_query_no_index_serves_is_caught(world: World) -> None:
    # The check itself: the notes of a case are found through an index, notes found by their
    # text alone (no index) by a sequential scan.
    tables = _case_scoped_tables()
    by_case = TaskNote.objects.filter(case=world.case).order_by()
    assert _sequential_scans(_sql_of(by_case), tables) == []
    by_text = TaskNote.objects.filter(body="Note 7").order_by()
    assert _sequential_scans(_sql_of(by_text), tables) == ["cases_tasknote: sequential scan"]


@on_postgresql
@pytest.mark.django_db
def test_a_sort_for_a_page_is_caught_unless_allowed_and_a_scan_even_then(world: World) -> None:
    # A page of a case's notes in an order no index holds (their text) sorts them all: refused,
    # unless the list is allowed to sort; notes found by their text alone (no index: a
    # sequential scan or a whole index read) are refused whatever is allowed.
    tables = _case_scoped_tables()
    by_text = _plan(_sql_of(TaskNote.objects.filter(case=world.case).order_by("body", "pk")[:5]))
    assert {why.split(" (")[0] for _, why in _scans(by_text, tables, ())} == {"sorted for a limit"}
    assert list(_scans(by_text, tables, {"cases_tasknote"})) == [("", "cases_tasknote")]
    unindexed = _plan(_sql_of(TaskNote.objects.filter(body="Note 7").order_by("body", "pk")[:5]))
    found = list(_scans(unindexed, tables, {"cases_tasknote"}))
    assert {table for table, _ in found} == {"cases_tasknote"}, found
