"""The case file: export → import → export is lossless; a bad file is refused whole."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from peacetrack.audit.models import AuditEvent
from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.export import case_export
from peacetrack.casefile.importer import case_import
from peacetrack.cases import services
from peacetrack.cases.models import Case, Membership, TaskNote, TaskProgress
from peacetrack.demo import DEMO_FILE
from peacetrack.invitations.models import Invitation

pytestmark = pytest.mark.django_db

# Differences the documentation allows between two exports of the same case.
VOLATILE = {"exported_at", "confidential"}


def _stable(data: dict[str, Any]) -> dict[str, Any]:
    """Without what may differ; a copy made while the original is here gets its own uid."""
    stable = {k: v for k, v in data.items() if k not in VOLATILE}
    # (and a copy says so in its title)
    return {**stable, "case": {k: v for k, v in data["case"].items() if k not in ("uid", "title")}}


def test_export_import_export_gives_the_same_file(world):
    first = case_export(world.case)
    imported = case_import(json.dumps(first).encode(), actor=world.users["lead"], as_copy=True)
    second = case_export(imported)
    assert imported.pk != world.case.pk
    assert _stable(second) == _stable(first)
    # and it is all there: parties, every member with their role, notes with visibility
    assert {p["short_name"] for p in second["parties"]} == {"GOV", "REB"}
    assert sorted(m["role"] for m in second["members"]) == sorted(
        ["lead", "member", "observer", "delegate", "delegate", "track2"]
    )
    assert {n["visibility"] for n in second["notes"]} == {
        "team",
        "party:GOV",
        "party:REB",
        "parties",
        "track2",
        "public",
    }


def test_a_case_moved_to_another_server_keeps_its_uid_and_the_stated_origin_of_its_records(
    world,
):
    first = case_export(world.case)
    raw = json.dumps(first).encode()
    services.case_delete(actor=None, case=world.case)  # as if on another server
    moved = case_import(raw, actor=world.users["lead"])
    again = case_export(moved)
    assert moved.uid == first["case"]["uid"]
    assert {k: v for k, v in again.items() if k != "exported_at"} == {
        k: v for k, v in first.items() if k != "exported_at"
    }
    note = TaskNote.objects.get(case=moved, body="Secret marker note-team")
    # the importing user is the lead and named as its author: it is theirs again
    assert (note.author, note.stated_author) == (world.users["lead"], "lead@example.org")


def test_the_demo_case_round_trips_through_the_case_file(organiser):
    source = json.loads(DEMO_FILE.read_text())
    case = case_import(DEMO_FILE.read_bytes(), actor=organiser)
    exported = case_export(case)
    assert exported["case"] == {"uid": case.uid, **source["case"]}
    assert exported["parties"] == sorted(source["parties"], key=lambda p: p["short_name"])
    assert len(exported["notes"]) == len(source["notes"])
    assert {t["key"]: t["status"] for t in exported["tasks"]} == {
        t["key"]: t["status"] for t in source["tasks"]
    }
    again = case_export(case_import(json.dumps(exported).encode(), actor=organiser, as_copy=True))
    assert _stable(again) == _stable(exported)


def test_import_keeps_delegates_bound_to_their_party_and_notes_visible_to_it(world):
    data = case_export(world.case)
    case = case_import(json.dumps(data).encode(), actor=world.users["lead"], as_copy=True)
    # The file's members come back as invitations (nobody is attached to the new case)
    invited = Invitation.objects.get(case=case, email=world.users["delegate_a"].email)
    assert invited.party.short_name == "GOV"
    assert invited.role == "delegate"
    assert not Membership.objects.filter(case=case, user=world.users["delegate_a"]).exists()
    note = TaskNote.objects.get(case=case, body="Secret marker note-party_a")
    assert note.visibility_party.short_name == "GOV"
    assert note.visibility_party.case_id == case.pk


def _valid() -> dict[str, Any]:
    return json.loads(DEMO_FILE.read_text())


def _counts() -> tuple[int, ...]:
    from django.contrib.auth import get_user_model

    return (
        Case.all_cases.count(),
        TaskProgress.objects.count(),
        TaskNote.objects.count(),
        AuditEvent.objects.count(),
        get_user_model().objects.count(),
    )


def _mutate(change) -> bytes:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(_valid())
    change(data)
    return json.dumps(data).encode()


BAD_FILES = {
    "not JSON": (b'{"schema_version": 1,', "", "not valid JSON: Expecting"),
    "not an object": (b"[1, 2]", "", "JSON object"),
    "unknown schema version": (
        _mutate(lambda d: d.update(schema_version=7)),
        "",
        "unknown schema_version 7: this Peacetrack reads versions 1, 2, 3, 4, 5",
    ),
    "unknown task key": (
        _mutate(lambda d: d["tasks"][0].update(key="6.9.9")),
        "/tasks/0/key",
        "there is no methodology task '6.9.9'",
    ),
    "missing field": (
        _mutate(lambda d: d["case"].pop("title")),
        "/case",
        "“title” is missing",
    ),
    "unknown field": (
        _mutate(lambda d: d["case"].update(colour="blue")),
        "/case/colour",
        "this file format has no field “colour”",
    ),
    "wrongly typed field": (
        _mutate(lambda d: d["parties"][1].update(name=42)),
        "/parties/1/name",
        "should be text, not 42",
    ),
    "unknown role": (
        _mutate(lambda d: d["members"][0].update(role="boss")),
        "/members/0/role",
        '"boss" is not one of: lead, member, observer, delegate, track2',
    ),
    "not a real date": (
        _mutate(lambda d: d["case"].update(started_on="2026-02-30")),
        "/case/started_on",
        "'2026-02-30' is not a real date",
    ),
    "not a date at all": (
        _mutate(lambda d: d["case"].update(started_on="last spring")),
        "/case/started_on",
        '"last spring" is not a date (YYYY-MM-DD)',
    ),
    "unknown party in visibility": (
        _mutate(lambda d: d["notes"][0].update(visibility="party:NOPE")),
        "/notes/0/visibility",
        "'party:NOPE' names no party of this case",
    ),
    "a party short name twice": (
        _mutate(lambda d: d["parties"][1].update(short_name=d["parties"][0]["short_name"].lower())),
        "/parties/1/short_name",
        "Another party of this case is already called",
    ),
    "not an e-mail": (
        _mutate(lambda d: d["members"].append({"email": "not-an-email", "role": "observer"})),
        "/members/7/email",
        "'not-an-email' is not a valid e-mail address",
    ),
    "no lead mediator": (
        _mutate(lambda d: d.update(members=[m for m in d["members"] if m["role"] != "lead"])),
        "/members",
        "the case needs at least one lead mediator",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_file_is_refused_with_a_message_naming_the_problem_and_nothing_is_written(
    kind, organiser
):
    raw, pointer, message = BAD_FILES[kind]
    before = _counts()
    with pytest.raises(CaseFileError) as exc:
        case_import(raw, actor=organiser)
    assert any(p.pointer == pointer and message in p.message for p in exc.value.problems), (
        exc.value.lines
    )
    assert _counts() == before


def test_every_problem_is_reported_with_its_place_in_words_up_to_fifty(organiser):
    def many(data: dict[str, Any]) -> None:
        data["tasks"][1]["key"] = "6.9.9"
        data["notes"] += copy.deepcopy(data["notes"])
        data["notes"][2]["body"] = " "
        for note in data["notes"][3:]:
            note["created_at"] = "yesterday"

    with pytest.raises(CaseFileError) as exc:
        case_import(_mutate(many), actor=organiser)
    problems = exc.value.problems
    assert len(problems) == 50
    assert problems[0].pointer == "/tasks/1/key"
    assert exc.value.lines[0] == (
        "tasks › item 2 › key (/tasks/1/key): there is no methodology task '6.9.9'"
    )
    assert [p.pointer for p in problems[1:3]] == ["/notes/2/body", "/notes/3/created_at"]
    assert problems[2].place == "notes › item 4 › created_at"


def test_a_file_over_50_mb_is_refused_before_it_is_read(organiser):
    before = _counts()
    with pytest.raises(CaseFileError, match="limited to 50 MB"):
        case_import(b" " * (50 * 1024 * 1024 + 1), actor=organiser)
    assert _counts() == before
