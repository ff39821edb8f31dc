"""Writing a large JSON document in chunks, its long lists read as they are written.

The case file of a large case runs to tens of megabytes (50,000 notes): held whole, as text and
as Python values, it costs several times that per export. Here the document is a tree of dicts
and lists whose long lists are `Rows` (a count and an iterator over a database query read in
batches); `json_chunks` writes it piece by piece, so memory holds one batch of rows and one
chunk of text, whatever the size of the case. The text is exactly what
`json.dumps(value, indent=2, ensure_ascii=False) + "\\n"` gives for the same values.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

CHUNK_SIZE = (
    64 * 1024
)  # bytes of text per chunk (about: a chunk ends after the piece that fills it)
ROWS_PER_QUERY = 500  # rows fetched from the database at a time

# progress(done, total): list items written so far, out of all the document's `Rows`.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Rows:
    """A JSON array written as it is read. `items` is consumed once, in order (so a later list
    may rely on what an earlier one has seen, as the analysis section's references do);
    `count` is how many it yields, for progress."""

    items: Iterable[Any]
    count: int


def materialize(value: Any) -> Any:
    """The same document with every `Rows` read into a list (tests, small documents)."""
    if isinstance(value, dict):
        return {key: materialize(item) for key, item in value.items()}
    if isinstance(value, Rows):
        return [materialize(item) for item in value.items]
    if isinstance(value, list | tuple):
        return [materialize(item) for item in value]
    return value


def _total(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_total(item) for item in value.values())
    if isinstance(value, list | tuple):
        return sum(_total(item) for item in value)
    if isinstance(value, Rows):
        return value.count
    return 0


class _Writer:
    def __init__(self) -> None:
        self.done = 0  # Rows items written

    def pieces(self, value: Any, indent: str) -> Iterator[str]:
        if isinstance(value, dict):
            if not value:
                yield "{}"
                return
            inner = indent + "  "
            separator = "{"
            for key, item in value.items():
                yield f"{separator}\n{inner}{json.dumps(key, ensure_ascii=False)}: "
                yield from self.pieces(item, inner)
                separator = ","
            yield f"\n{indent}}}"
        elif isinstance(value, list | tuple | Rows):
            inner = indent + "  "
            separator = "["
            for item in value.items if isinstance(value, Rows) else value:
                yield f"{separator}\n{inner}"
                if isinstance(value, Rows):
                    # A row is small and plain: one dumps, re-indented (JSON text never holds a
                    # raw newline inside a string, so every newline is layout).
                    text = json.dumps(item, indent=2, ensure_ascii=False)
                    yield text.replace("\n", "\n" + inner)
                    self.done += 1
                else:
                    yield from self.pieces(item, inner)
                separator = ","
            yield "[]" if separator == "[" else f"\n{indent}]"
        else:
            yield json.dumps(value, ensure_ascii=False)


def json_chunks(value: Any, *, progress: Progress | None = None) -> Iterator[bytes]:
    """`value` as indented JSON text (and a final newline), in UTF-8 chunks of about
    CHUNK_SIZE bytes. `progress` hears after each chunk how many rows are written."""
    total = _total(value)
    writer = _Writer()
    buffer: list[str] = []
    length = 0
    for piece in writer.pieces(value, ""):
        buffer.append(piece)
        length += len(piece)
        if length >= CHUNK_SIZE:
            yield "".join(buffer).encode()
            buffer, length = [], 0
            if progress is not None:
                progress(writer.done, total)
    buffer.append("\n")
    yield "".join(buffer).encode()
    if progress is not None:
        progress(writer.done, total)
