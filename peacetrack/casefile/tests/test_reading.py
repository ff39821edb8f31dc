"""Reading a case file: limits refuse hostile files early and clearly; older versions upgrade."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import override_settings

from peacetrack.analysis.models import Actor
from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.importer import case_import
from peacetrack.casefile.reading import nesting_depth, read
from peacetrack.casefile.upgrades import upgrade, upgrade_1_to_2, upgrade_2_to_3, upgrade_3_to_4
from peacetrack.cases.models import Case, TaskNote
from peacetrack.demo import DEMO_FILE


def _demo() -> dict[str, Any]:
    return json.loads(DEMO_FILE.read_text())


def test_deep_nesting_is_a_clear_refusal_not_a_crash():
    for raw in (b"[" * 200_000 + b"]" * 200_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000):
        with pytest.raises(CaseFileError, match="more than 32 levels deep"):
            read(raw)


def test_brackets_inside_text_do_not_count_as_nesting():
    assert nesting_depth(b'{"a": "[[[[[[\\"[[[", "b": [[1]]}') == 3


@override_settings(CASEFILE_MAX_ITEMS=30)
def test_a_list_longer_than_the_limit_is_refused_naming_where_it_is():
    with pytest.raises(CaseFileError) as exc:
        read(DEMO_FILE.read_bytes())
    pointers = [p.pointer for p in exc.value.problems]
    assert "/notes" in pointers
    assert "/analysis/actors" in pointers
    assert "items; a case file allows at most 30 in one list" in exc.value.lines[0]


@override_settings(CASEFILE_MAX_BYTES=1024 * 1024)
def test_the_size_limit_is_a_setting():
    with pytest.raises(CaseFileError, match="limited to 1 MB"):
        read(b" " * (1024 * 1024 + 1))


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(CaseFileError, match="not UTF-8 text"):
        read(b'{"a": "\xff"}')


def test_each_upgrader_moves_a_file_one_version_on():
    v1 = {"schema_version": 1, "case": {}}
    assert upgrade_1_to_2(v1)["schema_version"] == 2
    assert upgrade_2_to_3({**v1, "schema_version": 2})["schema_version"] == 3
    assert upgrade(copy.deepcopy(v1), 3)["schema_version"] == 3
    assert upgrade_3_to_4({**v1, "schema_version": 3})["schema_version"] == 4
    assert v1["schema_version"] == 1  # the caller's data is left alone


def test_version_4_moves_issue_events_into_the_history_and_ties_since_to_started():
    v3 = {
        "schema_version": 3,
        "analysis": {
            "issues": [
                {
                    "ref": "I1",
                    "title": "Land",
                    "visibility": "parties",
                    "events": [{"date": "1990-01-02", "description": "Land law"}],
                }
            ],
            "ties": [{"source": "A1", "target": "A2", "since": "2001-05-06"}, {"since": None}],
            "events": [{"date": "1980-01-01", "title": "War", "issue": "I1"}],
            "mediations": [{"mediator": "Church"}],
        },
    }
    v4 = upgrade_3_to_4(v3)["analysis"]
    assert "events" not in v4["issues"][0]
    assert v4["ties"] == [
        {"source": "A1", "target": "A2", "started": "2001-05-06", "confidence": "medium"},
        {"confidence": "medium"},
    ]
    assert v4["events"] == [
        {"date": "1980-01-01", "title": "War", "issues": ["I1"]},
        {
            "date": "1990-01-02",
            "title": "Land law",
            "kind": "event",
            "issues": ["I1"],
            "description": "",
            "visibility": "parties",
        },
    ]
    assert v4["mediations"] == [{"mediator": "Church", "ref": "M1"}]
    assert "since" in v3["analysis"]["ties"][0]  # the caller's data is left alone


@pytest.mark.django_db
def test_the_version_2_demo_upgrades_to_version_3_and_imports_whole(organiser):
    data = _demo()
    data["schema_version"] = 2
    case = case_import(json.dumps(data).encode(), actor=organiser)
    assert len(case.uid) == 32  # a version-2 case gets its own identifier
    assert TaskNote.objects.filter(case=case).count() == len(data["notes"])
    assert Actor.objects.filter(case=case).count() == len(data["analysis"]["actors"])


@pytest.mark.django_db
def test_a_version_1_file_upgrades_through_version_2(organiser):
    data = _demo()
    data["schema_version"] = 1
    del data["analysis"]
    case = case_import(json.dumps(data).encode(), actor=organiser)
    assert Case.objects.get(pk=case.pk).title == data["case"]["title"]
    assert TaskNote.objects.filter(case=case).count() == len(data["notes"])


@pytest.mark.django_db
def test_a_version_2_file_may_not_carry_version_3_fields_it_never_had(organiser):
    # Upgrading does not loosen the checks: v3's schema applies to the upgraded file.
    data = _demo()
    data["schema_version"] = 2
    data["case"]["colour"] = "blue"
    with pytest.raises(CaseFileError, match="no field “colour”"):
        case_import(json.dumps(data).encode(), actor=organiser)
