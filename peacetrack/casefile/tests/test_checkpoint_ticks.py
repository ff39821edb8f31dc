"""Ticked check-points travel in the case file with their task: who (as text) and when."""

from __future__ import annotations

import json

import pytest

from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.export import case_export
from peacetrack.casefile.importer import case_import
from peacetrack.cases import services
from peacetrack.cases.models import CheckpointTick

pytestmark = pytest.mark.django_db


def test_ticks_round_trip_with_who_as_stated_origin(world):
    member = world.users["member"]
    tick = services.checkpoint_tick(actor=member, case=world.case, task_key="2.1.1", index=1)
    first = case_export(world.case)
    [task] = [t for t in first["tasks"] if t["key"] == "2.1.1"]  # listed: something is ticked
    assert task["status"] == "not_started"
    assert task["checkpoints"] == [
        {
            "index": 1,
            "ticked_by": member.email,
            "ticked_at": tick.ticked_at.isoformat(timespec="seconds"),
        }
    ]
    copy = case_import(json.dumps(first).encode(), actor=world.users["lead"], as_copy=True)
    imported = CheckpointTick.objects.get(case=copy)
    assert (imported.task_key, imported.index) == ("2.1.1", 1)
    assert imported.ticked_by is None  # an import links no account
    assert imported.stated_ticked_by == member.email
    second = case_export(copy)
    again = next(t for t in second["tasks"] if t["key"] == "2.1.1")
    assert again["checkpoints"] == task["checkpoints"]


def test_a_checkpoint_the_task_does_not_have_is_refused_and_nothing_is_written(world):
    data = case_export(world.case)
    data["tasks"].append(
        {
            "key": "2.1.1",
            "status": "in_progress",
            "checkpoints": [
                {"index": 40, "ticked_by": "x", "ticked_at": "2026-01-05T10:00:00+00:00"},
                {"index": 0, "ticked_by": None, "ticked_at": "2026-01-05T10:00:00+00:00"},
                {"index": 0, "ticked_by": None, "ticked_at": "2026-01-05T10:00:00+00:00"},
            ],
        }
    )
    with pytest.raises(CaseFileError) as exc:
        case_import(json.dumps(data).encode(), actor=world.users["lead"], as_copy=True)
    pointers = {p.pointer for p in exc.value.problems}
    assert any(p.endswith("/checkpoints/0/index") for p in pointers)
    assert any(p.endswith("/checkpoints/2/index") for p in pointers)
    assert not CheckpointTick.objects.exists()
