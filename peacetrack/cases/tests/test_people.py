"""People are shown to a delegate or a Track-II partner only if the members list shows them
that person; anyone else is "the mediation team" (cases/people.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create, record_update
from peacetrack.api.main import api
from peacetrack.audit.models import AuditEvent
from peacetrack.cases import services
from peacetrack.cases.people import People, person_label
from peacetrack.conftest import World, build_analysis

pytestmark = pytest.mark.django_db

HIDDEN = "the mediation team"
# Whom each outside reader may see (the members-list rule), and whom not.
SEES = {
    "delegate_a": {"lead", "member", "delegate_a"},
    "delegate_b": {"lead", "member", "delegate_b"},
    "track2": {"lead", "member", "track2"},
}
EVERYONE = {"lead", "member", "observer", "delegate_a", "delegate_b", "track2", "outsider"}


def _note(world: World, author: str, visibility: str, body: str, party: Any = None) -> Any:
    return services.note_add(
        actor=world.users[author],
        case=world.case,
        task_key="1.1.2",
        body=body,
        visibility=f"party:{party.short_name}" if party else visibility,
    )


def _task_page(world: World, persona: str, task_key: str = "1.1.2") -> str:
    response = world.client(persona).get(f"/cases/{world.case.public_id}/tasks/{task_key}/")
    assert response.status_code == 200
    return response.content.decode()


def _meta_of(page: str, marker: str) -> str:
    """The author line of the note whose body holds `marker`."""
    for article in re.findall(r'<article class="note">(.*?)</article>', page, re.S):
        if marker in article:
            return re.search(r'<div class="note-meta">(.*?)</div>', article, re.S).group(1)
    raise AssertionError(f"no note with {marker!r} on the page")


def test_a_note_by_an_observer_names_the_mediation_team_to_delegates_and_track2(world):
    # Written while the observer was still a team member; kept after the role changed.
    services.member_change_role(
        actor=world.users["lead"], member=world.memberships["observer"], role="member"
    )
    _note(world, "observer", "public", "Ceasefire sequencing")
    services.member_change_role(
        actor=world.users["lead"], member=world.memberships["observer"], role="observer"
    )
    for persona in ("delegate_a", "delegate_b", "track2"):
        page = _task_page(world, persona)
        assert HIDDEN in _meta_of(page, "Ceasefire sequencing")
        assert "Observer" not in page
        assert "observer@example.org" not in page
    for persona in ("lead", "member", "observer"):
        assert "Observer" in _meta_of(_task_page(world, persona), "Ceasefire sequencing")


def test_a_note_by_delegate_a_is_named_to_delegate_a_and_the_team_only(world):
    _note(world, "delegate_a", "parties", "Prisoner list")
    assert "Delegate A" in _meta_of(_task_page(world, "delegate_a"), "Prisoner list")
    assert "Delegate A" in _meta_of(_task_page(world, "lead"), "Prisoner list")
    page = _task_page(world, "delegate_b")
    assert HIDDEN in _meta_of(page, "Prisoner list")
    assert "Delegate A" not in page
    assert "delegate_a@example.org" not in page


def test_a_note_by_the_lead_is_named_to_everyone_who_reads_it(world):
    for persona in ("delegate_a", "delegate_b", "track2", "observer"):
        assert "Lead" in _meta_of(_task_page(world, persona, "1.1.1"), "note-public")


def test_the_notes_api_gives_the_author_only_to_readers_who_may_see_them(world):
    _note(world, "delegate_a", "public", "Prisoner list")
    _note(world, "member", "public", "Venue options")

    def authors(persona: str) -> dict[str, tuple[Any, Any]]:
        answer = world.client(persona).get(f"/api/v1/cases/{world.case.public_id}/notes?task=1.1.2")
        assert answer.status_code == 200
        return {n["body"]: (n["author"], n["author_name"]) for n in answer.json()["items"]}

    assert authors("delegate_b")["Prisoner list"] == (None, HIDDEN)
    assert authors("track2")["Prisoner list"] == (None, HIDDEN)
    assert authors("delegate_a")["Prisoner list"] == (
        "delegate_a@example.org",
        "Delegate A",
    )
    assert authors("lead")["Prisoner list"] == ("delegate_a@example.org", "Delegate A")
    assert authors("delegate_b")["Venue options"] == ("member@example.org", "Member")


def test_history_and_latest_changes_name_everyone_to_the_team(world):
    issue = record_create(
        actor=world.users["member"],
        case=world.case,
        rtype=BY_SLUG["issues"],
        values={"title": "Water", "category": "territory", "visibility": "public"},
    )
    record_update(
        actor=world.users["lead"], record=issue, rtype=BY_SLUG["issues"], values={"title": "Rivers"}
    )
    page = world.client("observer").get(
        f"/cases/{world.case.public_id}/analysis/issues/{issue.public_id}/"
    )
    history = page.content.decode().split("History of changes")[1]
    assert "<strong>Member</strong> added contested issue" in history
    assert "<strong>Lead</strong> changed contested issue" in history


def test_audit_history_entries_hide_people_the_reader_may_not_see(world):
    _note(world, "delegate_b", "public", "B's note")
    event = AuditEvent.objects.get(action="cases.note.add", actor=world.users["delegate_b"])
    assert People(world.memberships["delegate_a"]).actor_label(event) == HIDDEN
    assert People(world.memberships["track2"]).actor_label(event) == HIDDEN
    assert People(world.memberships["delegate_b"]).actor_label(event) == "delegate_b@example.org"
    assert People(world.memberships["observer"]).actor_label(event) == "delegate_b@example.org"


def test_person_label_follows_the_members_list_for_every_role(world):
    for reader, visible in SEES.items():
        for persona in EVERYONE:
            label = person_label(world.memberships[reader], world.users[persona])
            expected = world.users[persona].get_full_name() if persona in visible else HIDDEN
            assert label == expected, (reader, persona)
    for reader in ("lead", "member", "observer"):
        for persona in EVERYONE:
            assert person_label(world.memberships[reader], world.users[persona]) != HIDDEN


def test_the_people_a_reader_may_see_are_read_once_per_page(world):
    people = People(world.memberships["delegate_a"])
    with CaptureQueriesContext(connection) as queries:
        for persona in EVERYONE:
            people.label(world.users[persona])
    assert len(queries) == 0


# --- Walking every page and API answer an outside reader can reach ---------------------------


def _busy_world(world: World) -> dict[str, str]:
    """Notes and records by everyone, shared every way; distinctive names to look for.
    Returns persona → the name to look for."""
    users = get_user_model().objects
    names = {}
    for persona in EVERYONE:
        names[persona] = f"Zq{persona.replace('_', '')}Name"
        users.filter(pk=world.users[persona].pk).update(first_name=names[persona], last_name="")
        world.users[persona].refresh_from_db()
    lead = world.users["lead"]
    # Authors who are not mediators today wrote while they were (or came with an import).
    for persona in ("observer", "delegate_a", "delegate_b", "track2"):
        for code in ("parties", "public", "track2", f"party:{world.party_a.short_name}"):
            visibility, party = (code, None) if ":" not in code else ("party", world.party_a)
            _note(world, persona, visibility, f"Note by someone ({code})", party)
    records = build_analysis(world, visibility="public")
    for persona in ("observer", "member", "delegate_b"):
        record_update(
            actor=world.users[persona],
            record=records["issues"],
            rtype=BY_SLUG["issues"],
            values={"description": f"edited by {persona}"},
        )
    services.task_update(
        actor=lead,
        progress=world.case.progress.get(task_key="1.1.2"),
        status="in_progress",
        owner=world.users["observer"],
    )
    return names


def _links(page: str, case_prefix: str) -> set[str]:
    return {
        href.replace("&amp;", "&")
        for href in re.findall(r'href="([^"#]+)', page)
        if href.startswith(case_prefix)
    }


def _walk_pages(world: World, persona: str) -> dict[str, str]:
    client = world.client(persona)
    prefix = f"/cases/{world.case.public_id}/"
    todo = [prefix, f"{prefix}search/?q=Note", f"{prefix}search/?q=Water"]
    seen: dict[str, str] = {}
    while todo and len(seen) < 400:
        url = todo.pop()
        if url in seen:
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            seen[url] = ""
            continue
        seen[url] = response.content.decode()
        todo.extend(_links(seen[url], prefix) - set(seen))
    return seen


def _walk_api(world: World, persona: str) -> dict[str, str]:
    client = world.client(persona)
    answers = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "get" not in operations or "{case_id}" not in path:
            continue
        path = path.replace("{case_id}", world.case.public_id).replace("{task_key}", "1.1.2")
        path = path.replace("{party_id}", world.party_a.public_id)
        if "{record_id}" in path:
            listing = client.get(path.rsplit("/", 1)[0])
            ids = (
                [row["id"] for row in listing.json()["items"]] if listing.status_code == 200 else []
            )
            urls = [path.replace("{record_id}", str(i)) for i in ids]
        else:
            urls = [path]
        for url in urls:
            response = client.get(url)
            answers[url] = response.content.decode() if response.status_code == 200 else ""
    return answers


@pytest.mark.parametrize("reader", ["delegate_a", "track2"])
def test_no_page_or_api_answer_names_someone_the_reader_may_not_see(world, reader):
    names = _busy_world(world)
    pages = _walk_pages(world, reader)
    answers = _walk_api(world, reader)
    assert len([p for p in pages.values() if p]) > 30  # the walk reached the case's pages
    assert any("Note by someone" in body for body in pages.values())
    assert any("/analysis/issues/" in url for url in answers)
    hidden = EVERYONE - SEES[reader]
    for url, body in {**pages, **answers}.items():
        for persona in hidden:
            assert names[persona] not in body, (url, persona)
            assert world.users[persona].email not in body, (url, persona)
    # ...while the people they may see are named.
    everything = "".join(pages.values()) + "".join(answers.values())
    assert names[reader] in everything
    assert names["member"] in everything
    assert HIDDEN in everything
