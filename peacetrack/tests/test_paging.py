"""Every list a page at a time (peacetrack/paging.py): the API's one envelope on every list
route, cursors that keep their place while rows are added, refusals of a bad cursor, the capped
count, visibility across pages, and the task and actor pages' latest-first sections."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.api.main import api
from peacetrack.cases import services
from peacetrack.cases.models import TaskNote
from peacetrack.paging import COUNT_CAP, MAX_LIMIT
from peacetrack.testing.api import case_api, every_item

#: GET routes without an id at the end that answer one object, not a list.
NOT_LISTS = {
    "/methodology",
    "/cases/{case_id}/export",
    "/cases/{case_id}/actor-map",
    "/cases/{case_id}/actor-map/state",
    "/jobs/{job_id}/download",
}


def _get_routes() -> list[str]:
    routes = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                route = f"{prefix}{path}"
                if "GET" in operation.methods and not route.endswith("}"):
                    routes.append(route)
    return routes


LIST_ROUTES = sorted(route for route in _get_routes() if route not in NOT_LISTS)


def _bearer(world: Any, persona: str) -> dict[str, str]:
    from peacetrack.accounts.tokens import token_create

    _, raw = token_create(user=world.users[persona], name="t")
    return {"Authorization": f"Bearer {raw}"}


def _add(world: Any, slug: str, visibility: str = "team", **values: Any) -> Any:
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG[slug],
        values={"visibility": visibility, **values},
    )


def test_every_get_route_without_an_id_is_a_list_or_named_as_one_object():
    assert "/cases/{case_id}/notes" in LIST_ROUTES
    assert "/cases/{case_id}/analysis/actors" in LIST_ROUTES
    assert set(_get_routes()) >= NOT_LISTS


@pytest.mark.parametrize("route", LIST_ROUTES)
def test_every_api_list_answers_one_page_in_the_shared_envelope(world, route):
    from peacetrack.conftest import build_analysis
    from peacetrack.invitations.services import invitation_create

    build_analysis(world)
    invitation_create(
        inviter=world.users["lead"], case=world.case, email="x@example.org", role="observer"
    )
    invitation_create(
        inviter=world.users["lead"], case=world.case, email="y@example.org", role="observer"
    )
    client = world.client(None)
    url = "/api/v1" + route.replace("{case_id}", world.case.public_id)
    headers = _bearer(world, "lead")

    first = client.get(url, {"limit": 1}, headers=headers)

    assert first.status_code == 200, first.content
    page = first.json()
    assert set(page) == {"items", "next", "count", "count_capped"}
    assert len(page["items"]) <= 1
    assert page["count_capped"] is False
    if page["count"] > 1:
        following = client.get(url, {"limit": 1, "cursor": page["next"]}, headers=headers).json()
        assert following["items"]
        assert following["items"] != page["items"]
    else:
        assert page["next"] is None
    whole = client.get(url, {"limit": MAX_LIMIT}, headers=headers).json()
    assert len(whole["items"]) == whole["count"]
    assert whole["next"] is None


def test_the_api_documents_the_envelope_and_its_query(world):
    document = world.client("lead").get("/api/v1/openapi.json").json()
    notes = document["paths"]["/api/v1/cases/{case_id}/notes"]["get"]
    names = {parameter["name"] for parameter in notes["parameters"]}
    assert {"cursor", "limit"} <= names
    schema = notes["responses"]["200"]["content"]["application/json"]["schema"]
    envelope = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    assert set(envelope["properties"]) == {"items", "next", "count", "count_capped"}


def test_a_cursor_keeps_its_place_while_notes_are_added(world):
    api_call = case_api(world, "lead")
    for i in range(4):
        services.note_add(
            actor=world.users["lead"], case=world.case, task_key="1.1.2", body=f"Note {i}"
        )
    everything = [n["body"] for n in api_call("GET", "/notes?task=1.1.2").json()["items"]]
    first = api_call("GET", "/notes?task=1.1.2&limit=2").json()

    services.note_add(actor=world.users["lead"], case=world.case, task_key="1.1.2", body="Newer")
    second = api_call("GET", f"/notes?task=1.1.2&limit=2&cursor={quote(first['next'])}").json()

    assert [n["body"] for n in first["items"]] == everything[:2]
    assert [n["body"] for n in second["items"]] == everything[2:4]
    assert second["next"] is None


def test_a_cursor_keeps_its_place_when_a_record_sorts_before_it(world):
    api_call = case_api(world, "lead")
    for name in ("Bravo", "Charlie", "Delta", "Echo"):
        _add(world, "actors", name=name, kind="civil_society")
    first = api_call("GET", "/analysis/actors?limit=3").json()
    shown = [a["name"] for a in first["items"]]

    _add(world, "actors", name="Alpha", kind="civil_society")
    rest = every_item(api_call, f"/analysis/actors?cursor={quote(first['next'])}")

    names = [a["name"] for a in rest]
    assert not set(shown) & set(names)
    assert names == sorted(names)
    assert "Alpha" not in names
    assert "Echo" in names


@pytest.mark.parametrize(
    "cursor",
    ["nonsense", "eyJsIjoiIn0:1:abc", ""],
    ids=["garbage", "forged", "empty-is-first-page"],
)
def test_a_bad_cursor_answers_422_naming_the_cursor(world, cursor):
    response = case_api(world, "lead")("GET", f"/notes?cursor={cursor}")

    if not cursor:
        assert response.status_code == 200
        return
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == {
        "cursor": ["This page link is out of date or damaged: start again from the first page."]
    }


def test_a_cursor_of_another_list_is_refused(world):
    api_call = case_api(world, "lead")
    for name in ("One", "Two", "Three"):
        _add(world, "actors", name=name, kind="civil_society")
    actors = api_call("GET", "/analysis/actors?limit=1").json()

    response = api_call("GET", f"/notes?cursor={quote(actors['next'])}")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["cursor"]


def test_a_limit_beyond_the_maximum_is_refused(world):
    response = case_api(world, "lead")("GET", f"/notes?limit={MAX_LIMIT + 1}")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["limit"]


def test_a_page_with_a_bad_cursor_shows_the_first_page_and_says_why(world):
    _add(world, "actors", name="Kept", kind="civil_society")
    url = reverse("analysis:list", args=[world.case.public_id, "actors"])

    response = world.client("lead").get(url, {"cursor": "tampered"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "This page link is out of date or damaged" in text
    assert "Kept" in text


def _many_notes(world: Any, n: int, task_key: str = "1.1.2") -> None:
    TaskNote.objects.bulk_create(
        TaskNote(
            case=world.case,
            task_key=task_key,
            body=f"Bulk note {i}",
            author=world.users["lead"],
            visibility="team",
        )
        for i in range(n)
    )


def test_a_list_longer_than_the_cap_counts_as_1000_plus(world):
    _many_notes(world, COUNT_CAP + 1)

    page = case_api(world, "lead")("GET", "/notes?limit=5").json()
    task_page = world.client("lead").get(
        reverse("cases:task", args=[world.case.public_id, "1.1.2"])
    )

    assert (page["count"], page["count_capped"]) == (COUNT_CAP, True)
    assert len(page["items"]) == 5
    assert "Showing 10 of 1,000+" in task_page.content.decode()


def test_a_delegate_never_sees_a_hidden_record_on_any_page(world):
    shared, hidden = set(), set()
    for i in range(110):  # 55 shared: more than a page (50) of the list page
        visibility = "parties" if i % 2 else "team"
        actor = _add(world, "actors", visibility, name=f"Actor {i:03}", kind="civil_society")
        (shared if i % 2 else hidden).add(actor.public_id)

    seen = every_item(case_api(world, "delegate_a"), "/analysis/actors?limit=3")
    pages_text = ""
    client = world.client("delegate_a")
    url = reverse("analysis:list", args=[world.case.public_id, "actors"])
    response = client.get(url)
    pages = 0
    while True:
        pages += 1
        pages_text += response.content.decode()
        following = response.context["page"].next_url
        if not following:
            break
        response = client.get(following)

    ids = {a["id"] for a in seen}
    assert pages == 2
    assert f"Showing 50 of {len(seen)}" in pages_text
    assert shared <= ids
    assert not ids & hidden
    assert len(seen) == len(ids)
    assert all(public_id not in pages_text for public_id in hidden)
    assert all(public_id in pages_text for public_id in shared)


def _task_page_queries(world: Any) -> tuple[int, str]:
    client = world.client("lead")
    url = reverse("cases:task", args=[world.case.public_id, "1.1.2"])
    client.get(url)  # (sessions, caches)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), response.content.decode()


def test_the_task_page_shows_the_latest_notes_in_the_same_queries_however_many(world):
    _many_notes(world, 3)
    few, _ = _task_page_queries(world)
    _many_notes(world, 200)

    many, text = _task_page_queries(world)

    assert many == few
    assert text.count('<article class="note">') == 10
    assert "Showing 10 of 203" in text
    assert "Older notes" in text


def test_the_older_notes_are_one_click_away(world):
    for i in range(12):
        services.note_add(
            actor=world.users["lead"], case=world.case, task_key="1.1.2", body=f"Numbered {i:02}"
        )
    client = world.client("lead")
    first = client.get(reverse("cases:task", args=[world.case.public_id, "1.1.2"]))

    older = client.get(first.context["notes"].next_url)

    text = older.content.decode()
    assert "Numbered 01" in text
    assert "Numbered 00" in text
    assert "Numbered 11" not in text
    assert "First page" in text


def test_the_actor_page_shows_its_first_ties_with_the_rest_a_click_away(world):
    hub = _add(world, "actors", name="Hub", kind="civil_society")
    for i in range(23):
        other = _add(world, "actors", name=f"Spoke {i:02}", kind="civil_society")
        _add(world, "ties", source=hub, target=other, kind="alliance")
    client = world.client("lead")
    url = reverse("analysis:detail", args=[world.case.public_id, "actors", hub.public_id])

    first = client.get(url)
    more = client.get(first.context["ties"].next_url)

    assert "Ties (23)" in first.content.decode()
    assert len(first.context["ties"].items) == 20
    assert len(more.context["ties"].items) == 3
    assert not {t.pk for t in first.context["ties"].items} & {
        t.pk for t in more.context["ties"].items
    }
