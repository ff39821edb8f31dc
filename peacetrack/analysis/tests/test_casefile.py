"""The case file's "analysis" section: every step-1 record survives the round trip, and a bad
section is refused whole with a message naming where."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from peacetrack.analysis.models import Actor, HistoryEvent, Tie
from peacetrack.analysis.registry import BY_SLUG, RECORD_TYPES
from peacetrack.analysis.services import record_update
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


def test_dates_ties_and_the_links_of_events_survive_the_round_trip(world):
    records = build_analysis(world)
    lead, event = world.users["lead"], records["events"]
    record_update(
        actor=lead,
        record=records["ties"],
        rtype=BY_SLUG["ties"],
        values={"started": "2019~", "ended": "2024-03"},
    )
    record_update(
        actor=lead,
        record=event,
        rtype=BY_SLUG["events"],
        values={"date": "2020-05~", "mediation": records["mediations"]},
    )
    first = case_export(world.case)
    assert first["schema_version"] == 5
    [tie] = first["analysis"]["ties"]
    assert (tie["started"], tie["ended"]) == ("2019~", "2024-03")
    [item] = first["analysis"]["events"]
    army = next(a["ref"] for a in first["analysis"]["actors"] if a["name"] == "National Army")
    assert (item["date"], item["actors"], item["issues"]) == ("2020-05~", [army], ["I1"])
    assert item["mediation"] == first["analysis"]["mediations"][0]["ref"]
    copy_ = case_import(json.dumps(first).encode(), actor=lead, as_copy=True)
    again = HistoryEvent.objects.get(case=copy_)
    assert [a.name for a in again.actors.all()] == ["National Army"]
    assert [i.title for i in again.issues.all()] == ["Land"]
    assert again.mediation is not None
    assert again.mediation.case_id == copy_.pk


def test_a_version_3_file_imports_with_issue_events_on_the_one_timeline(organiser):
    data = json.loads(DEMO_FILE.read_text())
    analysis = data["analysis"]
    data["schema_version"] = 3
    for attempt in analysis["mediations"]:
        del attempt["ref"]
    for event in analysis["events"]:
        event["issue"] = (event.pop("issues") or [None])[0]
        del event["actors"], event["mediation"]
    analysis["events"] = analysis["events"][:2]
    analysis["events"][0]["date"] = "1964-08-14"
    analysis["events"][1]["date"] = "1987-09-01"
    for tie in analysis["ties"]:
        started = tie.pop("started", None)
        tie.pop("ended", None)
        tie["since"] = started and f"{started.rstrip('~')}-01-01"[:10]
    analysis["issues"][1]["events"] = [{"date": "1994-03-15", "description": "Mining takes land"}]
    case = case_import(json.dumps(data).encode(), actor=organiser)
    events = HistoryEvent.objects.filter(case=case)
    assert [(e.date, e.title) for e in events] == [
        ("1964-08-14", "Independence of Valdoria"),
        ("1987-09-01", "Language decree"),
        ("1994-03-15", "Mining takes land"),
    ]
    land = events.get(title="Mining takes land")
    assert [i.title for i in land.issues.all()] == [analysis["issues"][1]["title"]]
    assert Tie.objects.filter(case=case).exclude(started="").exists()
    assert not Tie.objects.filter(case=case).exclude(ended="").exists()


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
    # only the actors that stand for its parties
    assert not Actor.objects.filter(case=case, stands_for__isnull=True).exists()
    assert Actor.objects.filter(case=case).count() == case.parties.count()


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
        lambda a: a["actors"][0].update(party="XYZ"),
        "/analysis/actors/0/party",
        "'XYZ' is not a party of this case",
    ),
    "position of an unknown actor": (
        lambda a: a["positions"][0].update(actor="A999"),
        "/analysis/positions/0/actor",
        "'A999' refers to no earlier actor",
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
        "2020-02-31 is not a real day",
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
