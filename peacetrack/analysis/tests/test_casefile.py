"""The case file's "analysis" section: every step-1 record survives the round trip, and a bad
section is refused whole with a message naming where."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from peacetrack.analysis.models import Actor, Tie
from peacetrack.analysis.registry import RECORD_TYPES
from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.export import case_export
from peacetrack.casefile.importer import case_import
from peacetrack.casefile.schema import HERE, published
from peacetrack.cases.models import Case
from peacetrack.conftest import build_analysis
from peacetrack.demo import DEMO_FILE

pytestmark = pytest.mark.django_db


def _stable(data: dict[str, Any]) -> dict[str, Any]:
    # The copy gets its own uid: the original case is still on the server.
    stable = {k: v for k, v in data.items() if k not in ("exported_at", "confidential")}
    # (and a copy says so in its title)
    return {**stable, "case": {k: v for k, v in data["case"].items() if k not in ("uid", "title")}}


def test_every_record_type_survives_export_import_export(world):
    build_analysis(world, visibility="parties")
    first = case_export(world.case)
    assert all(first["analysis"][rtype.slug] for rtype in RECORD_TYPES), "one of each type"
    copy_ = case_import(json.dumps(first).encode(), actor=world.users["lead"], as_copy=True)
    second = case_export(copy_)
    assert _stable(second) == _stable(first)
    tie = Tie.objects.get(case=copy_)
    assert (tie.source.case_id, tie.target.case_id) == (copy_.pk, copy_.pk)


def test_the_demo_analysis_round_trips(world):
    case = case_import(DEMO_FILE.read_bytes(), actor=world.users["lead"])
    exported = case_export(case)
    assert len(exported["analysis"]["actors"]) >= 40
    assert len(exported["analysis"]["ties"]) >= 80
    again = case_export(
        case_import(json.dumps(exported).encode(), actor=world.users["lead"], as_copy=True)
    )
    assert _stable(again) == _stable(exported)


def test_a_version_1_file_without_analysis_still_imports(organiser):
    data = json.loads(DEMO_FILE.read_text())
    data["schema_version"] = 1
    del data["analysis"]
    case = case_import(json.dumps(data).encode(), actor=organiser)
    assert not Actor.objects.filter(case=case).exists()


def _bad(change) -> bytes:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(json.loads(DEMO_FILE.read_text()))
    change(data["analysis"])
    return json.dumps(data).encode()


BAD = {
    "unknown actor reference": (
        lambda a: a["ties"][0].update(target="A999"),
        "/analysis/ties/0/target",
        "'A999' refers to no earlier actor",
    ),
    "tie to itself": (
        lambda a: a["ties"][0].update(target=a["ties"][0]["source"]),
        "/analysis/ties/0/target",
        "A tie links two different actors.",
    ),
    "unknown actor kind": (
        lambda a: a["actors"][2].update(kind="warlord"),
        "/analysis/actors/2/kind",
        "",
    ),
    "profile question of another kind": (
        lambda a: a["actors"][0]["profile"].update(coverage="x"),
        "/analysis/actors/0/profile",
        "is not a profile question for this kind of actor",
    ),
    "unknown party": (
        lambda a: a["positions"][0].update(party="XYZ"),
        "/analysis/positions/0/party",
        "'XYZ' is not a party of this case",
    ),
    "unknown intractability factor": (
        lambda a: a["intractability"][0].update(factor="weather"),
        "/analysis/intractability/0/factor",
        # (the payload's JSON Schema lists the handbook's keys, so the file's check names them)
        '"weather" is not one of: cocooned_elites',
    ),
    "impossible date": (
        lambda a: a["events"][0].update(date="2020-02-31"),
        "/analysis/events/0/date",
        "'2020-02-31' is not a real date",
    ),
    "duplicate reference": (
        lambda a: a["actors"][1].update(ref=a["actors"][0]["ref"]),
        "/analysis/actors/1/ref",
        "is used twice",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_bad_analysis_section_is_refused_and_nothing_is_written(kind, organiser):
    change, pointer, message = BAD[kind]
    with pytest.raises(CaseFileError) as exc:
        case_import(_bad(change), actor=organiser)
    assert any(p.pointer == pointer and message in p.message for p in exc.value.problems), (
        exc.value.lines
    )
    assert not Case.objects.exists()
    assert not Actor.objects.exists()


def test_records_that_must_be_unique_within_a_case_are_refused_when_listed_twice(organiser):
    def twice(a: dict[str, Any]) -> None:
        a["intractability"].append(dict(a["intractability"][0]))

    with pytest.raises(CaseFileError) as exc:
        case_import(_bad(twice), actor=organiser)
    last = len(json.loads(DEMO_FILE.read_text())["analysis"]["intractability"])
    assert [p.pointer for p in exc.value.problems] == [f"/analysis/intractability/{last}/factor"]
    assert "item 1 of this list already has the same factor" in exc.value.lines[0]
    assert not Case.all_cases.exists()


def test_the_published_json_schema_is_current():
    assert (HERE / "schema.json").read_text() == published()
