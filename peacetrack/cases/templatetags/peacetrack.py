"""Template filters: safe Markdown, status styling, people as the reader may see them."""

from __future__ import annotations

from typing import Any

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from peacetrack.accounts.types import Person
from peacetrack.cases.dates import approx_date_text
from peacetrack.cases.models import Membership, TaskStatus
from peacetrack.cases.navigation import NavItem, case_nav
from peacetrack.cases.people import People, hidden_person

register = template.Library()

_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "s",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
# An ordered list keeps its first number ("1976. was a year" reads 1976, not 1). Links get
# their rel from nh3; no style attribute (the Content-Security-Policy would ignore it anyway).
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def _headings_below_the_page(state: StateCore) -> None:
    """A "# Title" in a note is a heading inside a section of the page: h1 becomes h3."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"


# CommonMark as people type it (a list straight under a line is a list), with tables and
# strikethrough; raw HTML is shown as text, and nh3 removes whatever else could run.
_RENDERER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_RENDERER.core.ruler.push("headings_below_the_page", _headings_below_the_page)


@register.filter
def markdown(text: str) -> SafeString:
    """Render Markdown, then keep only harmless tags (no scripts, styles or event handlers)."""
    html = _RENDERER.render(text or "")
    return mark_safe(  # noqa: S308
        nh3.clean(
            html,
            tags=_TAGS,
            attributes=_ATTRIBUTES,
            link_rel="noopener noreferrer nofollow",
        )
    )


@register.filter
def status_class(status: str) -> str:
    return f"status status-{status.replace('_', '-')}"


@register.simple_tag(takes_context=True)
def case_navigation(context: template.Context) -> list[NavItem]:
    """The case's bar for the reader, marking where they are: the page's url name, and the
    step its `step`, `task` or `note` belongs to (cases/navigation.py)."""
    membership = getattr(context.get("access"), "membership", None)
    if not isinstance(membership, Membership):
        return []
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    step_key = ""
    if getattr(context.get("step"), "key", None):
        step_key = str(context["step"].key)
    elif getattr(context.get("task"), "step_key", None):
        step_key = str(context["task"].step_key)
    return case_nav(membership, view_name=view_name, step_key=step_key)


@register.filter
def status_label(status: str) -> str:
    return str(TaskStatus(status).label) if status in TaskStatus.values else status


@register.filter
def get_item(mapping: dict[str, Any] | None, key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def person(user: Person | None, people: People | None) -> str:
    """`{{ note.author|person:people }}`: the name if the reader may see this person, else
    "the mediation team". Without a `people` in the context it names nobody."""
    if not isinstance(people, People):
        return hidden_person()
    return people.label(user)


@register.filter
def approx_date(value: Any) -> str:
    """A date recorded to a year, a month or a day, as the reader's language writes it, never
    with a day that was not recorded ("1976", "Dec 1976", "about 1976"; cases/dates.py)."""
    return approx_date_text(value)
