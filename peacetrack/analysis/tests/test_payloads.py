"""Each step-1 record type's payload (analysis/payloads.py) is the one source of its values:
the API refuses a bad value naming the field, the case-file import reports it where it is, the
case file's JSON Schema for the type is the payload's, and the generic modules hold no branch
for one type."""

from __future__ import annotations

import copy
import datetime
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from peacetrack.analysis.casefile import KEY
from peacetrack.analysis.models import Actor, Tie
from peacetrack.analysis.models.issues import IssueLevel
from peacetrack.analysis.registry import BY_SLUG, RECORD_TYPES
from peacetrack.analysis.services import record_create, record_update
from peacetrack.api.main import api as ninja_api
from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.importer import case_import
from peacetrack.casefile.schema import full_schema
from peacetrack.cases.models import Case, Visibility
from peacetrack.conftest import build_analysis
from peacetrack.demo import DEMO_FILE
from peacetrack.testing.api import case_api

pytestmark = pytest.mark.django_db

NEXT_YEAR = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()


def test_the_api_refuses_a_tie_starting_in_the_future_naming_the_field(world):
    records = build_analysis(world)
    api = case_api(world, "member")
    answer = api(
        "POST",
        "/analysis/ties",
        {
            "source_id": records["actors"].public_id,
            "target_id": records["ties"].target.public_id,
            "kind": "channel",
            "started": NEXT_YEAR,
        },
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == {"started": ["The tie cannot start in the future."]}
    assert Tie.objects.count() == 1


def test_the_api_refuses_an_event_without_a_real_date_naming_the_field(world):
    answer = case_api(world, "member")(
        "POST", "/analysis/events", {"title": "Dam", "date": "1990-13"}
    )
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["date"]
    assert "a month (1976-12)" in answer.json()["errors"]["date"][0]


def _import_with(change: Any, organiser: Any) -> list[Any]:
    data = copy.deepcopy(json.loads(DEMO_FILE.read_text()))
    change(data[KEY])
    with pytest.raises(CaseFileError) as exc:
        case_import(json.dumps(data).encode(), actor=organiser)
    assert not Case.all_cases.exists()
    return exc.value.problems


def test_the_import_reports_a_payload_rule_at_the_item_and_field(organiser):
    problems = _import_with(lambda a: a["ties"][3].update(started=NEXT_YEAR), organiser)
    assert [(p.pointer, p.message) for p in problems] == [
        ("/analysis/ties/3/started", "The tie cannot start in the future.")
    ]


def test_the_import_reports_an_impossible_date_of_an_event_where_it_is(organiser):
    def change(analysis: dict[str, Any]) -> None:
        analysis["events"][1]["date"] = "1990-02-30"

    problems = _import_with(change, organiser)
    assert (problems[0].pointer, problems[0].message) == (
        "/analysis/events/1/date",
        "1990-02-30 is not a real day.",
    )


def test_the_import_reports_an_unknown_level_before_writing_anything(organiser):
    problems = _import_with(lambda a: a["issues"][0].update(levels=["galactic"]), organiser)
    assert [p.pointer for p in problems] == ["/analysis/issues/0/levels/0"]
    assert "local" in problems[0].message


def test_the_case_file_schema_of_each_type_is_its_payloads():
    section = full_schema()["properties"][KEY]["properties"]
    operations = ninja_api.get_openapi_schema()["components"]["schemas"]
    for rtype in RECORD_TYPES:
        item = section[rtype.slug]["items"]
        payload = rtype.payload.model_json_schema()
        fields = set(item["properties"]) - {"ref", "visibility"}
        assert fields == set(rtype.payload.model_fields) == set(payload["properties"]), rtype
        assert set(item["required"]) - {"ref"} == set(payload.get("required", [])), rtype
        # the API's input names references by public id, everything else as the payload does
        api_in = operations[f"{rtype.model.__name__}In"]["properties"]
        references = set(rtype.payload.references())
        many = set(rtype.payload.many_references())
        assert set(api_in) - {"visibility"} == {
            f"{name.removesuffix('s')}_ids"
            if name in many
            else f"{name}_id"
            if name in references
            else name
            for name in fields
        }
        for name in fields - references:
            if "enum" in payload["properties"][name]:
                assert item["properties"][name]["enum"] == payload["properties"][name]["enum"]
                assert api_in[name]["enum"] == payload["properties"][name]["enum"]
    levels = section["issues"]["items"]["properties"]["levels"]["items"]["enum"]
    assert levels == IssueLevel.values


def test_services_take_the_portable_visibility_code_and_resolve_it(world):
    short = world.party_a.short_name
    actor = record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["actors"],
        values={"name": "Col. Rensk", "kind": "mid_leader", "visibility": f"party:{short}"},
    )
    assert (actor.visibility, actor.visibility_party) == (Visibility.PARTY, world.party_a)
    record_update(
        actor=world.users["lead"], record=actor, rtype=BY_SLUG["actors"], values={}
    )  # unchanged without a code
    actor.refresh_from_db()
    assert actor.visibility_code == f"party:{short}"
    with pytest.raises(ValidationError) as exc:
        record_update(
            actor=world.users["lead"],
            record=actor,
            rtype=BY_SLUG["actors"],
            values={"visibility": "party:NOPE"},
        )
    assert exc.value.message_dict == {"visibility": ["'party:NOPE' names no party of this case."]}
    actor = Actor.objects.get(pk=actor.pk)
    record_update(
        actor=world.users["lead"],
        record=actor,
        rtype=BY_SLUG["actors"],
        values={"visibility": "track2"},
    )
    assert (
        Actor.objects.get(pk=actor.pk).visibility,
        Actor.objects.get(pk=actor.pk).visibility_party,
    ) == (
        Visibility.TRACK2,
        None,
    )


GENERIC = ("services", "api", "casefile", "display", "forms", "views", "actions")
BRANCH = re.compile(r'"levels"|"events"|"profile"|has_profile|isinstance\(.*(Actor|Tie)|slug ==')


def test_the_generic_modules_hold_no_branch_for_one_record_type():
    here = Path(__file__).resolve().parent.parent
    found = [
        f"{name}.py:{number}: {line.strip()}"
        for name in GENERIC
        for number, line in enumerate((here / f"{name}.py").read_text().splitlines(), start=1)
        if BRANCH.search(line)
    ]
    assert found == [], "declare a hook on the RecordType (registry.py) instead"
