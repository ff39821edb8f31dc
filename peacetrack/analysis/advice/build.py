"""Step 1's snapshot part for a reader (advisor/snapshot.py). Being written: see issue 13."""

from __future__ import annotations

import datetime
from typing import Any

from peacetrack.analysis.advice.facts import Step1Facts


def step1_build(access: Any, today: datetime.date) -> Step1Facts:
    return Step1Facts()
