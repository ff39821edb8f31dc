"""Sections that capability apps add to the case file (e.g. "analysis" for step 1).

The case-file core never imports a capability. Each registers a Section in AppConfig.ready();
export, import and the JSON Schema then include it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from peacetrack.cases.models import Case, Party


@dataclass(frozen=True)
class Section:
    key: str  # top-level key in the file
    schema: dict[str, Any]  # JSON Schema of the section's value
    export: Callable[[Case], Any]
    # (case, value, actor, parties by short name, date shift) → None; raises CaseFileError
    # naming the path of the first problem
    load: Callable[[Case, Any, Any, dict[str, Party], datetime.timedelta], None]


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[Section]:
    return list(_SECTIONS.values())
