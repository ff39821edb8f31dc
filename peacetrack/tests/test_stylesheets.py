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


# The focus ring: 3:1 or more against every surface it is drawn on (WCAG 2.1, 1.4.11).
APP_CSS = STATIC / "peacetrack" / "app.css"
LIGHT_SURFACES = ["body", ".card", ".casebar", ".subnav", ".cases-table"]
DARK_SURFACES = [".topbar"]


def _rules(css: str) -> dict[str, dict[str, str]]:
    """Each selector's declarations, outside @media blocks (later rules win, as in CSS)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = dict(
            (name.strip(), value.strip())
            for name, _, value in (d.partition(":") for d in body.split(";") if ":" in d)
        )
        for selector in selectors.split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    return rules


def _colour(value: str, rules: dict[str, dict[str, str]]) -> str:
    variable = re.search(r"var\((--[\w-]+)\)", value)
    if variable:
        return _colour(rules[":root"][variable.group(1)], rules)
    found = re.search(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", value)
    assert found, f"no colour in {value!r}"
    return found.group(0)


def _luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two colours written #rgb or #rrggbb."""
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_worked_out_as_wcag_does() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#767676", "#fff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#7fb3d5", "#fff") < 3  # the old ring, 2.3:1


def test_the_focus_ring_stands_out_against_every_surface_it_is_drawn_on() -> None:
    rules = _rules(APP_CSS.read_text())
    ring = _colour(rules[":focus-visible"]["outline"], rules)
    for surface in LIGHT_SURFACES:
        background = _colour(rules[surface]["background"], rules)
        assert contrast(ring, background) >= 3, f"focus ring {ring} on {surface} {background}"
    for surface in DARK_SURFACES:
        ring_there = _colour(rules[f"{surface} :focus-visible"]["outline-color"], rules)
        background = _colour(rules[surface]["background"], rules)
        assert contrast(ring_there, background) >= 3, (
            f"focus ring {ring_there} on {surface} {background}"
        )
    # The skip link shows over the dark bar.
    assert (
        rules[".skip:focus-visible"]["outline-color"]
        == rules[".topbar :focus-visible"]["outline-color"]
    )
