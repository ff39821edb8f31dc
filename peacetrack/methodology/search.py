"""Plain-text search over the methodology: titles, guidance, questions, check-points, examples."""

from __future__ import annotations

import re
from dataclasses import dataclass

from peacetrack.methodology.loader import get_methodology


@dataclass(frozen=True)
class Hit:
    kind: str  # "task" or "example"
    key: str
    title: str
    task_key: str
    excerpt: str


_MARKUP = re.compile(r"\*+|^\s*(?:\d+\.|-)\s+", re.M)


def plain(text: str) -> str:
    """Guidance is Markdown: its emphasis and list markers are left out of excerpts."""
    return " ".join(_MARKUP.sub("", text).split())


def excerpt(text: str, needle: str, width: int = 90) -> str:
    """The part of `text` around the first match of `needle` (case-insensitive)."""
    text = plain(text)
    at = text.lower().find(needle.lower())
    if at < 0:
        return text[:width] + ("…" if len(text) > width else "")
    start = max(0, at - width // 2)
    end = min(len(text), at + len(needle) + width // 2)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def search_methodology(query: str, *, limit: int = 40) -> list[Hit]:
    needle = query.strip().lower()
    if not needle:
        return []
    methodology = get_methodology()
    hits: list[Hit] = []
    for task in methodology.tasks.values():
        fields = [
            task.title,
            task.guidance,
            task.beyond_handbook,
            *task.questions,
            *task.checkpoints,
        ]
        match = next((text for text in map(plain, fields) if needle in text.lower()), None)
        if match is not None:
            hits.append(Hit("task", task.key, task.title, task.key, excerpt(match, needle)))
    for example in methodology.examples:
        text = (
            f"{example.case} {example.years}. {example.what_happened} {example.lesson} "
            f"{example.beyond_handbook}"
        ).strip()
        if needle in text.lower():
            hits.append(
                Hit(
                    "example",
                    example.key,
                    f"{example.case} ({example.years})",
                    example.tasks[0],
                    excerpt(text, needle),
                )
            )
    return hits[:limit]
