"""Loads the handbook-as-data once, checks its integrity, and answers look-ups.

The data lives in YAML files beside this module (data/). It is read-only: case records
point at tasks by their stable key ("4.2.2").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from peacetrack.methodology.schema import Activity, Example, HandbookList, Source, Step, Task

DATA_DIR = Path(__file__).resolve().parent / "data"


class MethodologyError(Exception):
    """The methodology data files are inconsistent; the app refuses to start."""


@dataclass(frozen=True)
class Methodology:
    version: int
    source: Source
    steps: tuple[Step, ...]
    lists: dict[str, HandbookList]
    examples: tuple[Example, ...]
    tasks: dict[str, Task] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def task(self, key: str) -> Task:
        return self.tasks[key]

    def examples_for_task(self, key: str) -> list[Example]:
        return [example for example in self.examples if key in example.tasks]

    def lists_for_task(self, key: str) -> list[HandbookList]:
        return [
            handbook_list for handbook_list in self.lists.values() if key in handbook_list.tasks
        ]

    def task_keys(self) -> list[str]:
        return list(self.tasks)

    def as_json(self) -> dict[str, Any]:
        """The shape printed by `peacetrack methodology --json` and served by the API."""
        return {
            "version": self.version,
            "source": self.source.model_dump(),
            "steps": [
                {
                    "key": step.key,
                    "title": step.title,
                    "summary": step.summary,
                    "activities": [
                        {
                            "key": activity.key,
                            "title": activity.title,
                            "summary": activity.summary,
                            "tasks": [
                                {
                                    "key": task.key,
                                    "title": task.title,
                                    "guidance": task.guidance,
                                    "beyond_handbook": task.beyond_handbook,
                                    "questions": list(task.questions),
                                    "checkpoints": list(task.checkpoints),
                                    "examples": [e.key for e in self.examples_for_task(task.key)],
                                }
                                for task in activity.tasks
                            ],
                        }
                        for activity in step.activities
                    ],
                }
                for step in self.steps
            ],
            "lists": {key: lst.model_dump(mode="json") for key, lst in self.lists.items()},
            "examples": [example.model_dump(mode="json") for example in self.examples],
        }


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MethodologyError(f"{path.name}: cannot be read: {exc}") from exc


def load(data_dir: Path = DATA_DIR) -> Methodology:
    """Read and validate every data file; raise MethodologyError naming the first problem."""
    index = _read(data_dir / "methodology.yaml")
    try:
        source = Source.model_validate(index["source"])
        steps = tuple(
            Step.model_validate(_read(path))
            for path in sorted((data_dir / "steps").glob("step*.yaml"))
        )
        lists_raw = _read(data_dir / "lists.yaml")["lists"]
        lists = {item["key"]: HandbookList.model_validate(item) for item in lists_raw}
        examples = tuple(
            Example.model_validate(item) for item in _read(data_dir / "examples.yaml")["examples"]
        )
    except (ValidationError, KeyError, TypeError) as exc:
        raise MethodologyError(f"methodology data is invalid: {exc}") from exc

    methodology = Methodology(
        version=int(index["version"]), source=source, steps=steps, lists=lists, examples=examples
    )
    _index_and_check(methodology)
    return methodology


def _index_and_check(methodology: Methodology) -> None:
    problems: list[str] = []
    for position, step in enumerate(methodology.steps, start=1):
        if step.key != str(position):
            problems.append(f"step {step.key} is out of order (expected {position})")
        for a_pos, activity in enumerate(step.activities, start=1):
            if activity.key != f"{step.key}.{a_pos}":
                problems.append(f"activity {activity.key} should be {step.key}.{a_pos}")
            methodology.activities[activity.key] = activity
            for t_pos, task in enumerate(activity.tasks, start=1):
                if task.key != f"{activity.key}.{t_pos}":
                    problems.append(f"task {task.key} should be {activity.key}.{t_pos}")
                if task.key in methodology.tasks:
                    problems.append(f"task {task.key} is defined twice")
                methodology.tasks[task.key] = task
    seen: set[str] = set()
    for example in methodology.examples:
        if example.key in seen:
            problems.append(f"example {example.key} is defined twice")
        seen.add(example.key)
        problems.extend(
            f"example {example.key} points at unknown task {key}"
            for key in example.tasks
            if key not in methodology.tasks
        )
    for handbook_list in methodology.lists.values():
        problems.extend(
            f"list {handbook_list.key} points at unknown task {key}"
            for key in handbook_list.tasks
            if key not in methodology.tasks
        )
        item_keys = [item.key for item in handbook_list.items]
        if len(item_keys) != len(set(item_keys)):
            problems.append(f"list {handbook_list.key} has duplicate item keys")
    if problems:
        raise MethodologyError("; ".join(problems))


@functools.cache
def get_methodology() -> Methodology:
    return load()
