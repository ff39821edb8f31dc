"""Dates read as each language writes them: templates and code name a format, never a pattern."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.formats import date_format

PACKAGE = Path(__file__).resolve().parent.parent
DAY = datetime.date(2026, 3, 27)
MOMENT = datetime.datetime(2026, 3, 27, 14, 5, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [
        ("en", "27 Mar 2026", "27 Mar 2026, 14:05"),
        ("fr", "27 mars 2026", "27 mars 2026 à 14:05"),
        ("ar", "27 مارس 2026", "27 مارس 2026، 14:05"),
    ],
)
def test_each_language_writes_dates_its_own_way(language: str, day: str, moment: str) -> None:
    with translation.override(language):
        assert date_format(DAY) == day
        assert date_format(MOMENT, "DATETIME_FORMAT") == moment


def test_templates_and_code_name_date_formats_instead_of_patterns() -> None:
    pattern = re.compile(
        r"""\|date:"(?![A-Z_]+_FORMAT")[^"]*"|date_format\([^)]*,\s*"(?![A-Z_]+_FORMAT")"""
    )
    found = [
        f"{path.relative_to(PACKAGE)}: {match.group(0)}"
        for path in PACKAGE.rglob("*")
        if path.suffix in {".html", ".py"} and "tests" not in path.parts
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found
