"""For tests of the advisor's workflow (API, CLI, case file, access matrix): a case on which a
real rule fires, and a rule of the tests' own that fires once per party."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from peacetrack.accounts.services import user_organiser_set
from peacetrack.advisor import rules
from peacetrack.advisor.rules import Fact, Hit, Kind, Rule, RuleText, Severity
from peacetrack.advisor.snapshot import CaseSnapshot
from peacetrack.cases import services
from peacetrack.cases.models import Membership, Role

if TYPE_CHECKING:
    from peacetrack.conftest import World

#: The foundation's rule that fires on a case with fewer than two parties.
ONE_PARTY_RULE = "1.2.fewer-than-two-parties"
#: The tests' own rule (`every_party_rule`).
EVERY_PARTY_RULE = "1.2.test-every-party"


def one_party_world(suffix: str = "1p") -> World:
    """A case with one party (so ONE_PARTY_RULE fires) and a member of every role but
    delegate_b, who has no party to belong to (`party_b` is the same party as `party_a`)."""
    from peacetrack.conftest import PERSONAS, World, join, make_user

    users = {
        p: make_user(f"{p}-{suffix}@example.org", p.replace("_", " ").title()) for p in PERSONAS
    }
    lead = users["lead"]
    user_organiser_set(actor=None, user=lead, organiser=True)
    case = services.case_create(
        creator=lead, title=f"One side {suffix}", conflict="Test conflict", region="Testland"
    )
    party = services.party_create(
        actor=lead, case=case, short_name="GOV", name="Government", kind="government"
    )
    world = World(case=case, party_a=party, party_b=party, users=users)
    world.memberships["lead"] = Membership.objects.get(case=case, user=lead)
    for persona, role, member_party in [
        ("member", Role.MEMBER, None),
        ("observer", Role.OBSERVER, None),
        ("delegate_a", Role.DELEGATE, party),
        ("track2", Role.TRACK2, None),
    ]:
        world.memberships[persona] = join(world, users[persona], role=role, party=member_party)
    return world


def _each_party(snapshot: CaseSnapshot) -> Iterator[Hit]:
    for party in snapshot.parties:
        yield Hit(facts=(Fact("party", party.ref),), params={"party": party.ref.label})


EVERY_PARTY = Rule(
    RuleText(
        id=EVERY_PARTY_RULE,
        task="1.2.1",
        kind=Kind.RISK,
        severity=Severity.LOW,
        title="A test finding about %(party)s",
        message="A finding the tests make about %(party)s (Step 1.2).",
        recommendation="Nothing: this rule exists for the tests.",
        resolves="The test rule is removed after the test.",
        facts={"party": "The party the test finding is about."},
    ),
    _each_party,
)


def every_party_rule(monkeypatch: Any) -> Rule:
    """Register, for one test (pytest's `monkeypatch`), a rule that fires once per party of
    the case: findings on any case, two on the world's."""
    monkeypatch.setitem(rules._RULES, EVERY_PARTY_RULE, EVERY_PARTY)
    return EVERY_PARTY
