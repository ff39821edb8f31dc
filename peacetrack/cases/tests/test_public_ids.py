"""Ids that parties can see reveal nothing: every URL, API route and answer names a case, party,
member, note or record by its random public id (cases/public_ids.py); integer keys stay inside."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from peacetrack.accounts.tokens import token_create
from peacetrack.analysis.registry import RECORD_TYPES
from peacetrack.api.main import api
from peacetrack.casefile.importer import case_import
from peacetrack.cases.models import TaskNote
from peacetrack.cases.public_ids import ALPHABET, LENGTH, new_public_id
from peacetrack.conftest import World, build_analysis
from peacetrack.demo import DEMO_FILE

pytestmark = pytest.mark.django_db

_LINK = re.compile(r'(?:href|action|src|data-src)="([^"]*)"')
_ATTRIBUTE = re.compile(r'\s((?:id|for|value|name|data-[a-z-]+))="([^"]*)"')
# A number at the end of an attribute ("role-12", "41"): how a database key would show.
_NUMBERED = re.compile(r"(?:^|[-_])\d+$")
# Attributes that carry the handbook's own numbering (steps 1-6), not a database key.
_HANDBOOK_NUMBERS = {"data-step"}
_ID_KEYS = {"id", "source", "target", "tied", "isolated", "frustrated", "carrier"}


def _integer_segments(url: str) -> list[str]:
    """Path segments and query values of a URL that are plain integers. A step's number
    (`/steps/1/`) is the handbook's, not a key."""
    parts = urlsplit(unescape(url))
    segments = [s for s in parts.path.split("/") if s]
    found = [
        s for i, s in enumerate(segments) if s.isdigit() and (i == 0 or segments[i - 1] != "steps")
    ]
    return found + [v for _, v in parse_qsl(parts.query) if v.isdigit()]


def _page_problems(url: str, html: str) -> list[str]:
    problems = [f"{url}: link {link}" for link in _LINK.findall(html) if _integer_segments(link)]
    problems += [
        f"{url}: {name}={value!r}"
        for name, value in _ATTRIBUTE.findall(html)
        if name not in _HANDBOOK_NUMBERS and _NUMBERED.search(value)
    ]
    return problems


def _json_problems(url: str, data: Any, key: str = "") -> list[str]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _json_problems(url, v, k)]
    if isinstance(data, list):
        return [p for item in data for p in _json_problems(url, item, key)]
    is_id = key in _ID_KEYS or key.endswith("_id")
    number = isinstance(data, int) and not isinstance(data, bool)
    if is_id and (number or (isinstance(data, str) and data.isdigit())):
        return [f"{url}: {key}={data!r}"]
    if key == "url" and isinstance(data, str) and _integer_segments(data):
        return [f"{url}: url={data!r}"]
    return []


def _crawl(client: Client, start: list[str], prefix: str) -> tuple[set[str], list[str]]:
    """Every page reachable by following links from `start` that stay under `prefix`."""
    seen: set[str] = set()
    problems: list[str] = []
    queue = deque(start)
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response["Content-Type"].startswith("image/png"):
            continue  # a picture (the actor map for briefings): no text to read ids in
        html = response.content.decode()
        problems += _page_problems(url, html)
        for link in _LINK.findall(html):
            target = urlsplit(unescape(link))
            follow = target.path.startswith(prefix) and not target.query
            if follow and "/delete/" not in target.path and target.path not in seen:
                queue.append(target.path)
        assert len(seen) < 400, "the crawl should end"
    return seen, problems


def _api_get_paths(world: World, records: dict[str, Any]) -> list[str]:
    """Every GET route of the API, its parameters filled with this world's public ids."""
    schema = api.get_openapi_schema()
    paths = []
    for path, operations in schema["paths"].items():
        if "get" not in operations or path.endswith("/export"):
            continue
        if "{record_id}" in path:
            slug = path.split("/analysis/")[1].split("/")[0]
            path = path.replace("{record_id}", records[slug].public_id)
        paths.append(path.replace("{case_id}", world.case.public_id).replace("{task_key}", "1.1.1"))
    return paths


def test_public_ids_are_ten_random_characters_without_look_alikes():
    ids = {new_public_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) == LENGTH and set(i) <= set(ALPHABET) for i in ids)
    assert not set("01ilo") & set(ALPHABET)


def test_every_object_people_reach_gets_its_own_public_id(world):
    records = build_analysis(world)
    invitation = world.case.invitations.first()
    objects = [
        world.case,
        world.party_a,
        world.memberships["delegate_a"],
        world.notes["team"],
        invitation,
        *records.values(),
    ]
    ids = [obj.public_id for obj in objects]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(f"[{ALPHABET}]{{{LENGTH}}}", i) for i in ids)


def test_an_imported_case_gives_each_of_its_rows_its_own_public_id(world):
    case = case_import(DEMO_FILE.read_bytes(), actor=world.users["lead"])
    rows = [
        case,
        *case.parties.all(),
        *case.invitations.all(),
        *TaskNote.objects.filter(case=case),
        *(r for rtype in RECORD_TYPES for r in rtype.model._default_manager.filter(case=case)),
    ]
    ids = {row.public_id for row in rows}
    assert len(rows) > 50
    assert len(ids) == len(rows)
    assert world.case.public_id not in ids


@pytest.mark.parametrize("persona", ["delegate_a", "track2"])
def test_no_page_or_api_answer_a_party_can_reach_shows_a_sequential_id(world, persona):
    records = build_analysis(world, visibility="public")
    client = world.client(persona)
    case = world.case.public_id
    start = [
        "/cases/",
        f"/cases/{case}/",
        f"/cases/{case}/search/?q=a",  # search hits link to notes and records
        *_record_paths(world, records),
    ]
    pages, problems = _crawl(client, start, f"/cases/{case}/")
    # The walk reached the whole case: steps, tasks, step 1 and every record shared with them.
    assert f"/cases/{case}/steps/6/" in pages
    assert f"/cases/{case}/tasks/4.2.2/" in pages
    assert f"/cases/{case}/analysis/map/" in pages
    assert f"/cases/{case}/members/" in pages
    assert {p for p in pages if p.startswith(f"/cases/{case}/analysis/actors/")} >= {
        f"/cases/{case}/analysis/actors/{records['actors'].public_id}/",
        f"/cases/{case}/analysis/actors/{records['front'].public_id}/",
    }

    _, raw = token_create(user=world.users[persona], name="walk")
    answered = 0
    for path in _api_get_paths(world, records):
        response = client.get(path, headers={"Authorization": f"Bearer {raw}"})
        if response.status_code == 200 and path.startswith("/api/v1/cases"):
            answered += 1
            body = response.json()
            if isinstance(body, dict) and body.get("format") == 2:
                # the actor map's columns name actors and ties by position, not by any id
                body = {"id": body["nodes"]["id"], "url": body["actor_url"]}
            problems += _json_problems(path, body)
    assert answered >= 30  # the case, its parties, members, notes, map and every record type
    assert problems == []


def _record_paths(world: World, records: dict[str, Any]) -> list[str]:
    return [
        f"/cases/{world.case.public_id}/analysis/{slug}/{record.public_id}/"
        for slug, record in records.items()
        if slug != "front"
    ]


@pytest.mark.parametrize("persona", ["lead", "delegate_a"])
def test_old_integer_urls_answer_not_found(world, persona):
    records = build_analysis(world, visibility="public")
    case, actor, note = world.case.pk, records["actors"].pk, world.notes["public"].pk
    client = world.client(persona)
    _, raw = token_create(user=world.users[persona], name="old")
    for url in [
        f"/cases/{case}/",
        f"/cases/{case}/parties/",
        f"/cases/{case}/analysis/actors/{actor}/",
        f"/cases/{world.case.public_id}/analysis/actors/{actor}/",
        f"/cases/{world.case.public_id}/notes/{note}/edit/",
        f"/api/v1/cases/{case}",
        f"/api/v1/cases/{case}/parties",
        f"/api/v1/cases/{world.case.public_id}/analysis/actors/{actor}",
    ]:
        headers = {"Authorization": f"Bearer {raw}"} if url.startswith("/api/") else {}
        assert client.get(url, headers=headers).status_code == 404, url
    # ...while the same objects by their public ids are there.
    assert client.get(f"/cases/{world.case.public_id}/").status_code == 200
    assert (
        client.get(
            f"/api/v1/cases/{world.case.public_id}/analysis/actors/{records['actors'].public_id}",
            headers={"Authorization": f"Bearer {raw}"},
        ).status_code
        == 200
    )
