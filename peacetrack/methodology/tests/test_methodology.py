"""The handbook as data: complete, consistent, and in our own words."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from peacetrack.methodology.loader import MethodologyError, get_methodology, load
from peacetrack.methodology.schema import word_count

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]


def _checklist() -> list[tuple[str, str]]:
    lines = (HERE / "checklist.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split(" ", 1)) for line in lines if line.strip()]  # type: ignore[misc]


def test_methodology_has_6_steps_22_activities_61_tasks_with_the_checklist_keys_and_titles():
    methodology = get_methodology()
    loaded = []
    for step in methodology.steps:
        loaded.append((step.key, step.title))
        for activity in step.activities:
            loaded.append((activity.key, activity.title))
            loaded.extend((task.key, task.title) for task in activity.tasks)
    assert loaded == _checklist()
    assert len(methodology.steps) == 6
    assert len(methodology.activities) == 22
    assert len(methodology.tasks) == 61


@pytest.mark.parametrize("key", [k for k, _ in _checklist() if k.count(".") == 2])
def test_every_task_has_guidance_questions_and_checkpoints(key):
    task = get_methodology().task(key)
    assert 80 <= word_count(task.guidance) <= 250
    # What goes wrong when the task is skipped is part of every task's guidance.
    assert re.search(r"\b(skip|skipped|skipping|neglect|ignored?|without)\b", task.guidance, re.I)
    assert len(task.questions) >= 3
    assert all(q.strip().endswith("?") for q in task.questions)
    assert len(task.checkpoints) >= 1


def test_every_example_and_list_points_at_existing_tasks_and_most_tasks_have_examples():
    methodology = get_methodology()
    assert 33 <= len(methodology.examples) <= 40
    for example in methodology.examples:
        assert set(example.tasks) <= set(methodology.tasks), example.key
    for handbook_list in methodology.lists.values():
        assert set(handbook_list.tasks) <= set(methodology.tasks), handbook_list.key
    # Each example shows up on the page of every task it illustrates.
    assert any(methodology.examples_for_task("4.2.2"))


def test_the_handbooks_boxed_lists_are_all_there_with_their_item_counts():
    lists = get_methodology().lists
    expected = {
        "sources_of_leverage": 7,
        "skills_portfolio": 7,
        "prenegotiation_topics": 7,
        "logistics_components": 8,
        "leverage_types": 6,
        "track2_support": 10,
        "agreement_components": 10,
        "public_involvement": 3,
        "spoiler_strategies": 3,
        "intractability_factors": 8,
    }
    for key, count in expected.items():
        assert len(lists[key].items) == count, key
    for key in ["realistic_goals", "mediator_emotions", "ground_rules", "womens_participation"]:
        assert lists[key].items
    assert {item.key for item in lists["leverage_types"].items} >= {
        "reward",
        "coercive",
        "expert",
        "legitimate",
        "referent",
        "informational",
    }


def _broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(HERE.parent / "data", target)
    return target


def test_an_example_pointing_at_an_unknown_task_stops_the_app(tmp_path):
    data = _broken_copy(tmp_path)
    examples = yaml.safe_load((data / "examples.yaml").read_text())
    examples["examples"][0]["tasks"] = ["9.9.9"]
    (data / "examples.yaml").write_text(yaml.safe_dump(examples))
    with pytest.raises(MethodologyError, match=r"unknown task 9\.9\.9"):
        load(data)


def test_a_task_with_too_little_guidance_stops_the_app(tmp_path):
    data = _broken_copy(tmp_path)
    step = yaml.safe_load((data / "steps" / "step3.yaml").read_text())
    step["activities"][0]["tasks"][0]["guidance"] = "Too short."
    (data / "steps" / "step3.yaml").write_text(yaml.safe_dump(step))
    with pytest.raises(MethodologyError, match="80-250 words"):
        load(data)


def test_tasks_out_of_order_stop_the_app(tmp_path):
    data = _broken_copy(tmp_path)
    step = yaml.safe_load((data / "steps" / "step1.yaml").read_text())
    step["activities"][0]["tasks"][1]["key"] = "1.1.7"
    (data / "steps" / "step1.yaml").write_text(yaml.safe_dump(step))
    with pytest.raises(MethodologyError, match=r"task 1\.1\.7 should be 1\.1\.2"):
        load(data)


# --- Own words: no run of 8 words from the handbook in any text we wrote. ---------------


def _handbook_path() -> Path | None:
    candidates = [os.environ.get("PEACETRACK_HANDBOOK", ""), str(REPO.parent / "shared" / "seed")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


def _words(text: str) -> list[str]:
    text = text.replace("\ufffd ", "").replace("\ufffd", "").lower()
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.findall(r"[a-z0-9]+", text)


def _grams(words: list[str], n: int = 8) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _our_texts() -> list[tuple[str, str]]:
    methodology = get_methodology()
    texts: list[tuple[str, str]] = []
    for step in methodology.steps:
        texts.append((step.key, step.summary))
        for activity in step.activities:
            texts.append((activity.key, activity.summary))
    for task in methodology.tasks.values():
        texts.extend(
            (task.key, text)
            for text in [task.guidance, task.beyond_handbook, *task.questions, *task.checkpoints]
        )
    for handbook_list in methodology.lists.values():
        texts.append((handbook_list.key, handbook_list.description))
        texts.extend((handbook_list.key, item.description) for item in handbook_list.items)
    for example in methodology.examples:
        texts.extend(
            (example.key, text)
            for text in [example.what_happened, example.lesson, example.beyond_handbook]
        )
    return texts


@pytest.mark.skipif(_handbook_path() is None, reason="the handbook text (shared/seed) is not here")
def test_no_guidance_text_copies_eight_words_in_a_row_from_the_handbook():
    path = _handbook_path()
    assert path is not None
    files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
    handbook = _grams(_words("\n".join(f.read_text(errors="replace") for f in files)))
    assert len(handbook) > 10000  # the real handbook, not an empty file
    titles = {tuple(_words(title)) for _, title in _checklist()}
    copied = []
    for where, text in _our_texts():
        for gram in _grams(_words(text)) & handbook:
            if not any(" ".join(gram) in " ".join(t) for t in titles):
                copied.append((where, " ".join(gram)))
    assert copied == []
