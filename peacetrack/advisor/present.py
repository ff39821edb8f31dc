"""A finding in the reader's language: its texts from the rule's data (through the gettext
catalogue), the facts with why each matters, the handbook's options and examples. Pages, the
API, the CLI and briefings all show findings through `finding_text`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from peacetrack.advisor.engine import Finding
from peacetrack.advisor.snapshot import Ref
from peacetrack.methodology.loader import get_methodology


@dataclass(frozen=True)
class FactText:
    ref: Ref
    why: str


@dataclass(frozen=True)
class OptionText:
    key: str  # <list key>.<item key>
    list_title: str
    title: str
    description: str


@dataclass(frozen=True)
class ExampleText:
    key: str
    case: str
    years: str
    lesson: str


@dataclass(frozen=True)
class FindingText:
    title: str
    message: str
    recommendation: str
    resolves: str
    facts: tuple[FactText, ...]
    options: tuple[OptionText, ...]
    examples: tuple[ExampleText, ...]


class _Unknown(dict[str, Any]):
    """The params of a finding whose facts are not known yet (a pending one): each name it
    lacks reads as an ellipsis, never as a raw `%(name)s`."""

    def __missing__(self, key: str) -> str:
        return "…"


def _filled(text: str, params: dict[str, Any]) -> str:
    translated = gettext(text)
    return translated % _Unknown(params) if "%" in translated else translated


def finding_text(finding: Finding) -> FindingText:
    text = finding.rule.text
    params = dict(finding.params)
    methodology = get_methodology()
    examples = {e.key: e for e in methodology.examples}
    options = []
    for key in text.options:
        list_key, item_key = key.split(".", 1)
        handbook_list = methodology.lists[list_key]
        item = next(i for i in handbook_list.items if i.key == item_key)
        options.append(OptionText(key, handbook_list.title, item.title, item.description))
    return FindingText(
        title=_filled(text.title, params),
        message=_filled(text.message, params),
        recommendation=_filled(text.recommendation, params),
        resolves=_filled(text.resolves, params),
        facts=tuple(FactText(f.ref, gettext(text.facts[f.role])) for f in finding.facts),
        options=tuple(options),
        examples=tuple(
            ExampleText(k, examples[k].case, examples[k].years, examples[k].lesson)
            for k in text.examples
        ),
    )
