"""Step 1's rules about the actors (1.2): who is in the conflict, who is missing from the
analysis, and what the network of ties says. Texts: rules_actors.yaml."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from peacetrack.advisor.rules import Fact, Hit, RuleSet
from peacetrack.advisor.snapshot import CaseSnapshot

RULES = RuleSet(Path(__file__).with_name("rules_actors.yaml"))


@RULES.condition("1.2.fewer-than-two-parties")
def fewer_than_two_parties(snapshot: CaseSnapshot) -> Iterator[Hit]:
    if len(snapshot.parties) < 2:
        facts = tuple(Fact("party", party.ref) for party in snapshot.parties)
        yield Hit(facts=facts or (Fact("case", snapshot.case.ref),))
