"""The case-file export is written in chunks as its records are read, in bounded memory, and
what it writes is a case file that imports."""

from __future__ import annotations

import datetime
import json
import tracemalloc
from typing import Any

from django.utils import timezone

from peacetrack.casefile.export import case_export, case_export_chunks
from peacetrack.casefile.importer import case_import
from peacetrack.casefile.streaming import CHUNK_SIZE, Rows, json_chunks
from peacetrack.cases.models import Case, TaskNote
from peacetrack.conftest import World, build_analysis

VOLATILE = {"exported_at", "confidential"}


def _add_notes(case: Case, count: int, *, size: int = 2000, start: int = 0) -> None:
    base = timezone.now() - datetime.timedelta(days=1)
    TaskNote.objects.bulk_create(
        TaskNote(
            case=case,
            task_key="1.1.1",
            body=f"Note {start + i}: " + " ".join(["word"] * (size // 5)),
            created_at=base + datetime.timedelta(seconds=start + i),
        )
        for i in range(count)
    )


def _stable(data: dict[str, Any]) -> dict[str, Any]:
    stable = {k: v for k, v in data.items() if k not in VOLATILE}
    return {**stable, "case": {k: v for k, v in data["case"].items() if k not in ("uid", "title")}}


def test_the_export_comes_in_chunks_and_imports_as_the_same_case(world: World):
    build_analysis(world)
    _add_notes(world.case, 300)
    chunks = list(case_export_chunks(world.case))

    assert len(chunks) >= 8  # 300 notes of 2 KB: about 600 KB, in chunks of 64 KB
    assert all(len(chunk) < 2 * CHUNK_SIZE for chunk in chunks)
    text = b"".join(chunks).decode()
    data = json.loads(text)
    assert text.splitlines()[1].startswith('  "confidential": "CONFIDENTIAL')
    assert len(data["notes"]) == 300 + len(world.notes)
    assert data["analysis"]["actors"][0]["ref"] == "A1"

    copy = case_import(text.encode(), actor=world.users["lead"], as_copy=True)
    assert TaskNote.objects.filter(case=copy).count() == len(data["notes"])
    assert _stable(case_export(copy)) == _stable(data)


def test_the_chunks_are_the_same_text_as_one_json_dump():
    document = {
        "title": "Ceasefire « talks »",
        "empty": {},
        "none": [],
        "rows": Rows(items=iter([{"a": [1, 2], "b": "x\ny"}, {"a": []}]), count=2),
        "no_rows": Rows(items=iter([]), count=0),
        "nested": {"list": [{"k": None}, 3.5, True]},
    }
    plain = {**document, "rows": [{"a": [1, 2], "b": "x\ny"}, {"a": []}], "no_rows": []}
    expected = json.dumps(plain, indent=2, ensure_ascii=False) + "\n"
    assert b"".join(json_chunks(document)).decode() == expected


def test_progress_counts_the_rows_written_up_to_all_of_them(world: World):
    _add_notes(world.case, 200)
    heard: list[tuple[int, int]] = []
    for _chunk in case_export_chunks(world.case, progress=lambda d, t: heard.append((d, t))):
        pass
    total = heard[-1][1]
    assert total >= 200 + len(world.notes)
    assert heard[-1] == (total, total)
    assert len(heard) > 3  # heard as it went, once a chunk
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)


def _peak_while_exporting(case: Case) -> tuple[int, int]:
    """The most memory the export held at once, and the size of the file it wrote."""
    size = 0
    tracemalloc.start()
    try:
        for chunk in case_export_chunks(case):
            size += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, size


def test_the_memory_an_export_holds_does_not_grow_with_the_case(world: World):
    _add_notes(world.case, 1000)
    small_peak, small_size = _peak_while_exporting(world.case)
    _add_notes(world.case, 4000, start=1000)
    large_peak, large_size = _peak_while_exporting(world.case)

    assert large_size > 4.5 * small_size  # about 2 MB, then 10 MB
    assert large_peak < 1.5 * small_peak  # a batch of rows and a chunk, whatever the size
    assert large_peak < large_size / 3
