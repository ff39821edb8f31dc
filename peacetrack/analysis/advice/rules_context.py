"""Step 1's rules about the conflict itself and its context (1.1, 1.3, 1.4): issues,
positions and interests, history and earlier attempts, intractability, resources and
strength, and how the step's work stands. Texts: rules_context.yaml."""

from __future__ import annotations

from pathlib import Path

from peacetrack.advisor.rules import RuleSet

RULES = RuleSet(Path(__file__).with_name("rules_context.yaml"))
