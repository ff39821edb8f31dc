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
from peacetrack.cases.models import Case, Membership, TaskNote, TaskProgress
from peacetrack.demo import DEMO_FILE
from peacetrack.invitations.models import Invitation

pytestmark = pytest.mark.django_db

# Differences the documentation allows between two exports of the same case.
VOLATILE = {"exported_at"}


def _stable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in VOLATILE}


def test_export_import_export_gives_the_same_file(world):
    first = case_export(world.case)
    imported = case_import(json.dumps(first).encode(), actor=world.users["lead"])
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


def test_the_demo_case_round_trips_through_the_case_file(organiser):
    source = json.loads(DEMO_FILE.read_text())
    case = case_import(DEMO_FILE.read_bytes(), actor=organiser)
    exported = case_export(case)
    assert exported["case"] == source["case"]
    assert exported["parties"] == sorted(source["parties"], key=lambda p: p["short_name"])
    assert len(exported["notes"]) == len(source["notes"])
    assert {t["key"]: t["status"] for t in exported["tasks"]} == {
        t["key"]: t["status"] for t in source["tasks"]
    }
    again = case_export(case_import(json.dumps(exported).encode(), actor=organiser))
    assert _stable(again) == _stable(exported)


def test_import_keeps_delegates_bound_to_their_party_and_notes_visible_to_it(world):
    data = case_export(world.case)
    case = case_import(json.dumps(data).encode(), actor=world.users["lead"])
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
        Case.objects.count(),
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
    "not JSON": (b'{"schema_version": 1,', "not valid JSON"),
    "not an object": (b"[1, 2]", "JSON object"),
    "unknown schema version": (
        _mutate(lambda d: d.update(schema_version=7)),
        "unknown schema_version 7",
    ),
    "unknown task key": (
        _mutate(lambda d: d["tasks"][0].update(key="6.9.9")),
        "/tasks/0/key: there is no methodology task '6.9.9'",
    ),
    "missing field": (
        _mutate(lambda d: d["case"].pop("title")),
        "/case: 'title' is a required property",
    ),
    "wrongly typed field": (
        _mutate(lambda d: d["parties"][1].update(name=42)),
        "/parties/1/name: 42 is not of type 'string'",
    ),
    "unknown role": (_mutate(lambda d: d["members"][0].update(role="boss")), "/members/0/role"),
    "not a real date": (
        _mutate(lambda d: d["case"].update(started_on="2026-02-30")),
        "'2026-02-30' is not a real date",
    ),
    "unknown party in visibility": (
        _mutate(lambda d: d["notes"][0].update(visibility="party:NOPE")),
        "/notes/0/visibility: 'party:NOPE' names no listed party",
    ),
    "owner not on the team": (
        _mutate(lambda d: d["tasks"][0].update(owner="stranger@example.org")),
        "/tasks/0/owner: stranger@example.org is not on the mediation team",
    ),
    "no lead mediator": (
        _mutate(lambda d: d.update(members=[m for m in d["members"] if m["role"] != "lead"])),
        "needs at least one lead mediator",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_file_is_refused_with_a_message_naming_the_problem_and_nothing_is_written(
    kind, organiser
):
    raw, message = BAD_FILES[kind]
    before = _counts()
    with pytest.raises(CaseFileError) as exc:
        case_import(raw, actor=organiser)
    assert message in str(exc.value)
    assert _counts() == before


def test_a_file_over_50_mb_is_refused_before_it_is_read(organiser):
    before = _counts()
    with pytest.raises(CaseFileError, match="limited to 50 MB"):
        case_import(b" " * (50 * 1024 * 1024 + 1), actor=organiser)
    assert _counts() == before


def test_a_failure_late_in_the_import_rolls_back_everything_written_before_it(organiser):
    # The e-mail passes the schema (a string) but is refused when the member is created,
    # after the case, its parties and the other users were already written.
    raw = _mutate(lambda d: d["members"].append({"email": "not-an-email", "role": "observer"}))
    before = _counts()
    with pytest.raises(CaseFileError, match="not a valid e-mail"):
        case_import(raw, actor=organiser)
    assert _counts() == before
