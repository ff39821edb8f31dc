"""The briefing as a background job (kind "briefing"): built section by section with the
requester's access, rendered in the format asked for, saved as the job's file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peacetrack.advisor.briefing.access import BRIEFING_ACCESS, briefing_access
from peacetrack.advisor.briefing.build import briefing_build
from peacetrack.advisor.briefing.render import FORMATS, briefing_filename, briefing_render
from peacetrack.jobs.kinds import JobKind
from peacetrack.jobs.services import JobRefused

if TYPE_CHECKING:
    from peacetrack.jobs.services import JobRun

# Share of the progress bar for building the sections; the rest is rendering the file.
BUILDING = 70


def briefing_run(run: JobRun) -> None:
    fmt = str(run.params.get("format", "pdf"))
    if fmt not in FORMATS:
        raise ValueError(f"unknown briefing format {fmt!r}")
    # The reader's access as it is now (not as it was when the job was queued): someone who
    # has since left the team, or become an observer, gets no briefing.
    try:
        access = briefing_access(run.job.requested_by, run.case.public_id)
    except Http404:
        raise JobRefused(_("You may no longer have a briefing made on this case."), []) from None

    def progress(done: int, total: int, title: str) -> None:
        run.progress(
            done * BUILDING // max(total, 1), _("Writing “%(section)s”…") % {"section": title}
        )

    briefing = briefing_build(access, progress=progress)
    run.progress(BUILDING, _("Laying out the file…"))
    body = briefing_render(briefing, fmt)
    run.save_result(chunks=iter([body]), filename=briefing_filename(briefing, fmt))


BRIEFING_JOB = JobKind(
    key="briefing",
    label=gettext_lazy("Briefing pack"),
    run=briefing_run,
    access=BRIEFING_ACCESS,  # the lead and team members (the team's findings are in it)
)
