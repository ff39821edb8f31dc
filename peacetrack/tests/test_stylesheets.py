"""The stylesheets mirror right to left: no physical left/right, only logical properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parent.parent / "static"
SHEETS = sorted(p for p in STATIC.rglob("*.css") if "vendor" not in p.parts)
PHYSICAL = re.compile(
    r"(?<![-\w])(?:(?:margin|padding|border)-(?:left|right)|left|right|float|clear)\s*:"
    r"|text-align\s*:\s*(?:left|right)"
)
# padding: a b c d with b ≠ d is a physical left/right too.
FOUR_SIDES = re.compile(
    r"(?<![-\w])(?:margin|padding)\s*:\s*([^\s;]+)\s+([^\s;]+)\s+([^\s;]+)\s+([^\s;]+)\s*;"
)


def test_there_are_stylesheets_to_check() -> None:
    assert len(SHEETS) >= 2


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.name)
def test_stylesheet_uses_logical_properties(sheet: Path) -> None:
    text = sheet.read_text()
    physical = [m.group(0) for m in PHYSICAL.finditer(text)]
    uneven = [m.group(0) for m in FOUR_SIDES.finditer(text) if m.group(2) != m.group(4)]
    found = physical + uneven
    assert not found, (
        f"{sheet.name}: use margin-inline-start, inset-inline-start, text-align: start… "
        f"so that a right-to-left page mirrors: {found}"
    )
