"""The briefing pack "for the flight to the negotiations": the case on one page, where the
process stands, key actors and the actor map, positions, relative strength, findings and
next steps, as PDF, Word or a self-contained HTML page, made in the job queue.

- sections.py: the registry every capability adds its sections to (content.py: their blocks);
  foundation.py: the foundation's sections; analysis/briefing.py: step 1's.
- build.py: a briefing for one reader, read with their access; render.py: the three formats.
- access.py: who may have one made (lead and team members); jobs.py: the job kind "briefing";
  views.py, urls.py, api.py: the page and the API that start it.

`register()` is called once from AdvisorConfig.ready().
"""

from __future__ import annotations


def register() -> None:
    from peacetrack.advisor.briefing import foundation
    from peacetrack.advisor.briefing.jobs import BRIEFING_JOB
    from peacetrack.jobs.kinds import register_kind

    foundation.register()
    register_kind(BRIEFING_JOB)
