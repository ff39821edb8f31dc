"""The briefing's sections, registered by the capabilities that know what to say.

A capability declares its sections once, from its AppConfig.ready() (the foundation's are in
advisor/briefing/foundation.py, step 1's in analysis/briefing.py):

    section_register(BriefingSection(
        key="positions",
        title=gettext_lazy("Positions on the issues"),
        order=40,
        build=positions_section,   # build(access) -> list of content blocks
        landscape=True,            # a wide table: landscape pages in the PDF and Word files
    ))

`build` reads with the reader's access (cases.access.CaseAccess): a briefing never holds what
its reader may not see on a page. It returns the section's blocks (advisor/briefing/content.py);
an empty list leaves the section out.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from peacetrack.advisor.briefing.content import Block
from peacetrack.cases.access import CaseAccess


@dataclass(frozen=True)
class BriefingSection:
    key: str
    title: str | Promise
    order: int
    build: Callable[[CaseAccess], Sequence[Block]]
    # Laid out on landscape pages (a wide table: the positions matrix)
    landscape: bool = False


_SECTIONS: dict[str, BriefingSection] = {}


def section_register(section: BriefingSection) -> BriefingSection:
    existing = _SECTIONS.get(section.key)
    if existing is not None and existing != section:
        raise ImproperlyConfigured(f"briefing section {section.key!r} is declared twice")
    _SECTIONS[section.key] = section
    return section


def section_unregister(key: str) -> None:
    """For tests that plug in a section of their own."""
    _SECTIONS.pop(key, None)


def sections() -> list[BriefingSection]:
    """Every registered section, in the briefing's order."""
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


@dataclass(frozen=True)
class BuiltSection:
    key: str
    title: str
    blocks: tuple[Block, ...]
    landscape: bool = False


@dataclass(frozen=True)
class Briefing:
    case_title: str
    case_id: str
    day: datetime.date
    reader: str  # whom it was made for (the cover says so)
    sections: tuple[BuiltSection, ...]
