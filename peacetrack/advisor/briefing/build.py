"""Building a briefing for one reader: every registered section, read with their access."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from peacetrack.advisor.briefing.sections import Briefing, BuiltSection, sections
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.people import user_label


def briefing_build(
    access: CaseAccess, *, progress: Callable[[int, int, str], None] | None = None
) -> Briefing:
    """The briefing as `access.membership` may read it. `progress(done, total, title)` is
    called before each section is built (the job reports it)."""
    chosen = sections()
    built = []
    for index, section in enumerate(chosen):
        title = str(section.title)
        if progress is not None:
            progress(index, len(chosen), title)
        blocks = tuple(section.build(access))
        if blocks:
            built.append(
                BuiltSection(
                    key=section.key, title=title, blocks=blocks, landscape=section.landscape
                )
            )
    case = access.case
    return Briefing(
        case_title=case.title,
        case_id=case.public_id,
        day=timezone.localdate(),
        reader=user_label(access.membership.user),
        sections=tuple(built),
    )
