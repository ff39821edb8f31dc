"""Links that capability apps add to a case's navigation bar.

The foundation does not import capability apps; each registers its section in
AppConfig.ready(), saying who may see it (every member by default):

    register_case_section(label="Assessment", url_name="analysis:overview", step="1")
    register_case_section(label="Readiness", url_name="readiness:overview", team_only=True)

The foundation shows each member only the sections meant for them (case_sections).

A section that serves a step is that step's place in the bar: "Step 1" leads to the step's
page and stays marked while the reader is on any of the section's pages (one place, not two).
Its `panel`, if any, renders what the step's page shows of it (e.g. step 1's analysis).
`case_nav` builds the bar and says where the reader is on every page of a case.
`register_page_panel` adds a capability's panel to the dashboard, every step's page or every
task's page (the advisor's findings), rendered afresh for each reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from peacetrack.cases.models import Membership
from peacetrack.methodology.loader import get_methodology

if TYPE_CHECKING:
    from peacetrack.cases.access import CaseAccess


@dataclass(frozen=True)
class CaseSection:
    label: str | Promise  # shown in the bar: a gettext_lazy string, translated when shown
    url_name: str  # reversed with the case id as its only argument
    step: str = ""  # the methodology step it serves, for the tooltip
    team_only: bool = False  # shown to the mediation team only (not delegates, Track-II)
    writers_only: bool = False  # shown to those who edit records (lead mediator, team member)
    # What the step's page shows of this section (its sub-navigation, its records), if anything.
    panel: Callable[[CaseAccess], SafeString] | None = None

    @property
    def namespace(self) -> str:
        return self.url_name.split(":", 1)[0] if ":" in self.url_name else ""

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
    panel: Callable[[CaseAccess], SafeString] | None = None,
) -> None:
    section = CaseSection(
        label=label,
        url_name=url_name,
        step=step,
        team_only=team_only,
        writers_only=writers_only,
        panel=panel,
    )
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def case_sections(membership: Membership) -> list[CaseSection]:
    """The sections `membership` may open."""
    return [section for section in _SECTIONS if section.shown_to(membership)]


def step_panels(access: CaseAccess, step_key: str) -> list[SafeString]:
    """What the sections serving this step show on its page, for this member."""
    return [
        section.panel(access)
        for section in case_sections(access.membership)
        if section.step == step_key and section.panel is not None
    ] + page_panels(access, "step", step_key)


@dataclass(frozen=True)
class PagePanel:
    """What a capability shows on one of the foundation's pages: the dashboard (key ""), a
    step's page (key: the step) or a task's page (key: the task), rendered for each request
    (never inside what the dashboard caches). E.g. the advisor's findings."""

    page: str  # "dashboard", "step" or "task"
    render: Callable[[CaseAccess, str], SafeString]
    team_only: bool = False


_PAGE_PANELS: list[PagePanel] = []


def register_page_panel(
    *, page: str, render: Callable[[CaseAccess, str], SafeString], team_only: bool = False
) -> None:
    panel = PagePanel(page=page, render=render, team_only=team_only)
    if panel not in _PAGE_PANELS:
        _PAGE_PANELS.append(panel)


def page_panels(access: CaseAccess, page: str, key: str = "") -> list[SafeString]:
    """What capabilities show this member on the dashboard, a step's or a task's page."""
    return [
        panel.render(access, key)
        for panel in _PAGE_PANELS
        if panel.page == page and (access.membership.is_team or not panel.team_only)
    ]


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    here: str = ""  # "page": this very page; "true": a page inside this place; "": elsewhere
    detail: str | Promise = ""  # shown after the label (the section a step holds)


# Pages of the case that belong to one place of the bar (url name → the place's url name).
_PLACES = {
    "cases:edit": "cases:dashboard",
    "cases:delete": "cases:dashboard",
    "cases:party_edit": "cases:parties",
    "cases:member_edit": "cases:members",
    "cases:member_remove": "cases:members",
}


def case_nav(membership: Membership, *, view_name: str, step_key: str = "") -> list[NavItem]:
    """The case's bar for this member, with where they are: `view_name` is the page's url name
    ("cases:task"), `step_key` the step the page serves (a step, task or note page) if any."""
    case_id = membership.case.public_id
    sections = case_sections(membership)
    by_step = {s.step: s for s in sections if s.step}
    for section in sections:  # a page of a section that serves a step is in that step
        if section.step and section.namespace and view_name.startswith(section.namespace + ":"):
            step_key = section.step
    place = _PLACES.get(view_name, view_name)

    def item(label: str | Promise, url_name: str) -> NavItem:
        here = ("page" if view_name == url_name else "true") if place == url_name else ""
        return NavItem(label=label, url=reverse(url_name, args=(case_id,)), here=here)

    items = [item(_("Dashboard"), "cases:dashboard")]
    for n in (step.key for step in get_methodology().steps):
        serving = by_step.get(n)
        here = ""
        if step_key == n:
            here = "page" if view_name == "cases:step" else "true"
        items.append(
            NavItem(
                label=_("Step %(n)s") % {"n": n},
                url=reverse("cases:step", args=(case_id, n)),
                here=here,
                detail=serving.label if serving is not None else "",
            )
        )
    for section in sections:
        if not section.step:
            current = section.namespace and view_name.startswith(section.namespace + ":")
            items.append(
                NavItem(
                    label=section.label,
                    url=reverse(section.url_name, args=(case_id,)),
                    here=("page" if view_name == section.url_name else "true") if current else "",
                )
            )
    items.append(item(_("Parties"), "cases:parties"))
    items.append(item(_("Members"), "cases:members"))
    if membership.is_lead:
        items.append(item(_("Audit trail"), "cases:audit"))
    if membership.can_write:
        items.append(item(_("Export"), "cases:export"))
    return items
