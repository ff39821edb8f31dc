"""What a briefing section is made of: a few plain blocks that every renderer (HTML, and
through it PDF; .docx) knows how to draw. A section builds blocks; it never writes HTML or
Word itself, so the three formats always say the same thing."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "" | "lead" (a summary line) | "muted" (a note on what is shown)
    kind: str = field(default="paragraph", init=False)


@dataclass(frozen=True)
class Markdown:
    """A text the team wrote in Markdown (the mandate summary): formatted in HTML, plain in
    Word."""

    text: str
    kind: str = field(default="markdown", init=False)


@dataclass(frozen=True)
class Subheading:
    text: str
    kind: str = field(default="subheading", init=False)


@dataclass(frozen=True)
class Facts:
    """Label → value lines (the case on one page)."""

    items: tuple[tuple[str, str], ...]
    kind: str = field(default="facts", init=False)


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    # The first column names each row (a row header): issues, actors, tasks.
    row_headers: bool = True
    kind: str = field(default="table", init=False)


@dataclass(frozen=True)
class Bars:
    """One bar per row: a label, a percentage, what the percentage counts."""

    rows: tuple[tuple[str, int, str], ...]
    kind: str = field(default="bars", init=False)


@dataclass(frozen=True)
class Image:
    png: bytes
    alt: str
    caption: str = ""
    kind: str = field(default="image", init=False)

    @property
    def data_uri(self) -> str:
        """The image inside the HTML file itself (a briefing is one self-contained file)."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    kind: str = field(default="bullets", init=False)


@dataclass(frozen=True)
class Entry:
    """One item told at some length (a finding): a title, a tag (its severity), then labelled
    paragraphs and a list of supporting points."""

    title: str
    tag: str = ""
    tag_style: str = ""  # "high" | "medium" | "low"
    lines: tuple[tuple[str, str], ...] = ()
    points_label: str = ""
    points: tuple[str, ...] = ()
    kind: str = field(default="entry", init=False)


Block = Paragraph | Markdown | Subheading | Facts | Table | Bars | Image | Bullets | Entry
