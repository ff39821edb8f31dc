"""Lists in running text read as each language writes them."""

from __future__ import annotations

import pytest
from django.utils import translation

from peacetrack.cases.lists import format_list, join_items


@pytest.mark.parametrize(
    ("language", "three", "two"),
    [
        ("en", "Nadia, Jonas and Lenka", "Nadia and Jonas"),
        ("fr", "Nadia, Jonas et Lenka", "Nadia et Jonas"),
        ("ar", "Nadia، Jonas وLenka", "Nadia وJonas"),
    ],
)
def test_a_list_ends_with_the_languages_and(language: str, three: str, two: str) -> None:
    with translation.override(language):
        assert format_list(["Nadia", "Jonas", "Lenka"]) == three
        assert format_list(["Nadia", "Jonas"]) == two
        assert format_list(["Nadia"]) == "Nadia"
        assert format_list([]) == ""


def test_tags_are_separated_as_the_language_separates_them() -> None:
    with translation.override("ar"):
        assert join_items(["محلي", "وطني"]) == "محلي، وطني"
    assert join_items(["Local", "National"]) == "Local, National"
