"""The advisor's test rules and test case, for every test of the advisor (pages, browser, API,
CLI, case file, access matrix).

`findings_rules(monkeypatch)` registers, for one test, rules of the tests' own that give known
findings on any case, whatever rules the capabilities register: one per party (EACH_PARTY),
one on the whole case (ON_CASE) and one reading the network (NETWORK). `one_party_world()` is a
case on which a real rule (ONE_PARTY_RULE) fires."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from peacetrack.accounts.services import user_organiser_set
from peacetrack.advisor import rules as registry
from peacetrack.advisor import snapshot as parts_registry
from peacetrack.advisor.rules import Fact, Hit, Rule, RuleText
from peacetrack.advisor.snapshot import CaseSnapshot, SnapshotPart
from peacetrack.cases import services
from peacetrack.cases.models import Membership, Role

if TYPE_CHECKING:
    from peacetrack.conftest import World

#: The foundation's rule that fires on a case with fewer than two parties.
ONE_PARTY_RULE = "1.2.fewer-than-two-parties"
#: The tests' own rules (`findings_rules`): one finding per party of the case, ...
EACH_PARTY = "1.2.test-each-party"
#: ... one on the case as a whole, ...
ON_CASE = "2.1.test-on-the-case"
#: ... and one reading the network (pending while it is recomputed).
NETWORK = "1.2.test-network"


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
        yield Hit(facts=(Fact("party", party.ref),), params={"party": party.short_name})


def _on_the_case(snapshot: CaseSnapshot) -> Iterator[Hit]:
    yield Hit(facts=(Fact("case", snapshot.case.ref),))


def _network(snapshot: CaseSnapshot) -> Iterator[Hit]:
    yield Hit(facts=(Fact("case", snapshot.case.ref),))


def _text(rule_id: str, task: str, kind: str, severity: str, **more: Any) -> RuleText:
    return RuleText.model_validate(
        {
            "id": rule_id,
            "task": task,
            "kind": kind,
            "severity": severity,
            "message": f"The message of {rule_id} (Step {task[0]}).",
            "recommendation": f"The recommendation of {rule_id}.",
            "resolves": f"What resolves {rule_id}.",
            **more,
        }
    )


def sample_rules() -> list[Rule]:
    return [
        Rule(
            _text(
                EACH_PARTY,
                "1.2.1",
                "gap",
                "high",
                title="Party %(party)s needs a profile",
                facts={"party": "The party without a profile."},
                options=(),
            ),
            _each_party,
        ),
        Rule(
            _text(
                ON_CASE,
                "2.1.1",
                "risk",
                "medium",
                title="A risk on the whole case",
                facts={"case": "The case as a whole."},
                options=("sources_of_leverage.balance_of_forces",),
                examples=("darfur-2006-factions",),
            ),
            _on_the_case,
        ),
        Rule(
            _text(
                NETWORK,
                "1.2.3",
                "option",
                "low",
                title="An option in the network",
                facts={"case": "The case's network."},
                reads=("network",),
            ),
            _network,
        ),
    ]


class NetworkPending:
    """A snapshot part saying the network analysis is being recomputed."""

    pending = frozenset({"network"})


def findings_rules(monkeypatch: Any, *, pending: bool = False, only: bool = True) -> None:
    """Register the tests' own rules for one test (pytest's `monkeypatch`): instead of the
    registered ones (`only`), or beside them; with `pending`, the network is being recomputed
    (the NETWORK rule's finding is pending)."""
    rules = {rule.id: rule for rule in sample_rules()}
    if only:
        monkeypatch.setattr(registry, "_RULES", rules)
    else:
        for rule_id, rule in rules.items():
            monkeypatch.setitem(registry._RULES, rule_id, rule)
    if pending:
        monkeypatch.setitem(
            parts_registry._PARTS,
            NetworkPending,
            SnapshotPart(kind=NetworkPending, build=lambda access, today: NetworkPending()),
        )
