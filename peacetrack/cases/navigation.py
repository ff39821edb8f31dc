"""Links that capability apps add to a case's navigation bar.

The foundation does not import capability apps; each registers its section in
AppConfig.ready(), saying who may see it (every member by default):

    register_case_section(label="Assessment", url_name="analysis:overview", step="1")
    register_case_section(label="Readiness", url_name="readiness:overview", team_only=True)

The foundation shows each member only the sections meant for them (case_sections).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from peacetrack.cases.models import Membership


@dataclass(frozen=True)
class CaseSection:
    label: str | Promise  # shown in the bar: a gettext_lazy string, translated when shown
    url_name: str  # reversed with the case id as its only argument
    step: str = ""  # the methodology step it serves, for the tooltip
    team_only: bool = False  # shown to the mediation team only (not delegates, Track-II)
    writers_only: bool = False  # shown to those who edit records (lead mediator, team member)

    def shown_to(self, membership: Membership) -> bool:
        if self.team_only and not membership.is_team:
            return False
        return not (self.writers_only and not membership.can_write)


_SECTIONS: list[CaseSection] = []


def register_case_section(
    *,
    label: str | Promise,
    url_name: str,
    step: str = "",
    team_only: bool = False,
    writers_only: bool = False,
) -> None:
    section = CaseSection(
        label=label, url_name=url_name, step=step, team_only=team_only, writers_only=writers_only
    )
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def case_sections(membership: Membership) -> list[CaseSection]:
    """The sections `membership` may open."""
    return [section for section in _SECTIONS if section.shown_to(membership)]
