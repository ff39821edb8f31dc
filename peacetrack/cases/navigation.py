"""Links that capability apps add to a case's navigation bar.

The foundation does not import capability apps; each registers its section in
AppConfig.ready():

    register_case_section(label="Assessment", url_name="analysis:overview", step="1")
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CaseSection:
    label: str
    url_name: str  # reversed with the case id as its only argument
    step: str = ""  # the methodology step it serves, for the tooltip


_SECTIONS: list[CaseSection] = []


def register_case_section(*, label: str, url_name: str, step: str = "") -> None:
    section = CaseSection(label=label, url_name=url_name, step=step)
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def case_sections() -> list[CaseSection]:
    return list(_SECTIONS)
