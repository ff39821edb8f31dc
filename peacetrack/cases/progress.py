"""Roll-up of task progress per activity and step (Step 1–6 of the methodology)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from peacetrack.cases.models import TaskStatus
from peacetrack.methodology.loader import get_methodology


@dataclass
class Tally:
    """Counts of task statuses; 'not applicable' tasks leave the denominator."""

    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def applicable(self) -> int:
        return self.total - self.counts[TaskStatus.NOT_APPLICABLE]

    @property
    def done(self) -> int:
        return self.counts[TaskStatus.DONE]

    @property
    def in_progress(self) -> int:
        return self.counts[TaskStatus.IN_PROGRESS]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.applicable) if self.applicable else 100

    @property
    def percent_started(self) -> int:
        """Done plus in progress, for the lighter part of a progress bar."""
        if not self.applicable:
            return 100
        return round(100 * (self.done + self.in_progress) / self.applicable)


@dataclass
class CaseProgress:
    overall: Tally
    steps: dict[str, Tally]
    activities: dict[str, Tally]
    statuses: dict[str, str]  # task key → status

    def current_step(self) -> str:
        """'You are here': the first step with applicable work not yet done."""
        for key, tally in self.steps.items():
            if tally.done < tally.applicable:
                return key
        return "6"


def progress_from_statuses(rows: Iterable[tuple[str, str]]) -> CaseProgress:
    """Build the roll-up from (task_key, status) pairs — one query's worth of rows."""
    methodology = get_methodology()
    statuses = dict(rows)
    overall = Tally()
    steps = {step.key: Tally() for step in methodology.steps}
    activities = {key: Tally() for key in methodology.activities}
    for key, task in methodology.tasks.items():
        status = statuses.get(key, TaskStatus.NOT_STARTED)
        statuses[key] = status
        overall.counts[status] += 1
        steps[task.step_key].counts[status] += 1
        activities[task.activity_key].counts[status] += 1
    return CaseProgress(overall=overall, steps=steps, activities=activities, statuses=statuses)
