"""Step 1's contribution to the advisor: its snapshot part and its rules (advisor/).

Imported by the advisor's start-up (autodiscover of `advice` modules); nothing here is imported
by a page or a service of step 1.
"""

from peacetrack.advisor.rules import rules_register
from peacetrack.advisor.snapshot import SnapshotPart, part_register
from peacetrack.analysis.advice import build, rules_actors, rules_context
from peacetrack.analysis.advice.facts import Step1Facts

part_register(SnapshotPart(kind=Step1Facts, build=build.step1_build, state=build.step1_state))
rules_register(rules_actors.RULES)
rules_register(rules_context.RULES)
