"""Step 1's rules about the actors (1.2): who is in the conflict, who is missing from the
analysis, and what the network of ties says. Texts: rules_actors.yaml.

Rules that say something is *missing* from the actor map (no civil society, no leader of a
party…) wait until the team has begun mapping the stakeholders: while only the parties are on
the map, one finding says so (`1.2.only-parties-mapped`) instead of a dozen absences. Rules
about the network read the cached analysis (`Step1Facts.network`, `reads: [network]`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from peacetrack.advisor.rules import Fact, Hit, RuleSet
from peacetrack.advisor.snapshot import CaseSnapshot, Ref
from peacetrack.analysis.advice.facts import ActorFacts, Step1Facts, TieFacts

RULES = RuleSet(Path(__file__).with_name("rules_actors.yaml"))

# Hostility and rivalry pull actors apart; every other kind of tie is cooperative (as the
# network analysis counts them: analysis/models/actors.py NEGATIVE_TIE_KINDS).
NEGATIVE_TIES = frozenset({"hostility", "rivalry"})
# Ties by which an outside actor backs a side.
BACKING_TIES = frozenset({"funding_supply", "alliance"})
# Bounds on what one finding lists, whatever the case's size.
MOST_FACTS = 40
MOST_BROKERS = 3


def _step1(snapshot: CaseSnapshot) -> Step1Facts:
    return snapshot.part(Step1Facts)


def _thin(actor: ActorFacts) -> bool:
    """Less than half of its profile questions answered."""
    return actor.profile_asked > 0 and actor.profile_answered * 2 < actor.profile_asked


def _undescribed(actor: ActorFacts) -> bool:
    return _thin(actor) or not actor.description.strip()


def _party_id(actor: ActorFacts) -> str | None:
    """The party an actor belongs to or stands for (its public id)."""
    party = actor.party or actor.stands_for
    return party.id if party is not None else None


def _short_names(snapshot: CaseSnapshot) -> dict[str, str]:
    return {party.ref.id: party.short_name for party in snapshot.parties}


def _side_of(snapshot: CaseSnapshot, facts: Step1Facts) -> dict[str, str]:
    """Every actor's side, as the network analysis names it: the short name of the party it
    belongs to ("" for none)."""
    shorts = _short_names(snapshot)
    return {
        a.ref.id: shorts.get(a.party.id, a.party.label) if a.party is not None else ""
        for a in facts.actors
    }


def _ties_by_actor(facts: Step1Facts, ids: set[str]) -> dict[str, list[tuple[TieFacts, Ref]]]:
    """The ties of these actors, each with the actor at the other end."""
    ties_of: dict[str, list[tuple[TieFacts, Ref]]] = defaultdict(list)
    for tie in facts.ties:
        if tie.source.id in ids:
            ties_of[tie.source.id].append((tie, tie.target))
        if tie.target.id in ids:
            ties_of[tie.target.id].append((tie, tie.source))
    return ties_of


def _mapping_begun(facts: Step1Facts) -> bool:
    """Any actor besides those standing for the parties: the stakeholders' map is begun."""
    return any(a.stands_for is None for a in facts.actors)


def _unique(facts: Iterable[Fact]) -> tuple[Fact, ...]:
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for fact in facts:
        key = (fact.role, fact.ref.type, fact.ref.id)
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return tuple(kept[:MOST_FACTS])


def _listed(names: Iterable[str]) -> str:
    return ", ".join(sorted(set(names)))


def _case_fact(snapshot: CaseSnapshot) -> Fact:
    return Fact("case", snapshot.case.ref)


# 1.2.1 The parties


@RULES.condition("1.2.fewer-than-two-parties")
def fewer_than_two_parties(snapshot: CaseSnapshot) -> Iterator[Hit]:
    if len(snapshot.parties) < 2:
        facts = tuple(Fact("party", party.ref) for party in snapshot.parties)
        yield Hit(facts=facts or (Fact("case", snapshot.case.ref),))


@RULES.condition("1.2.only-parties-mapped")
def only_parties_mapped(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    standing = facts.party_actors()
    if standing and not _mapping_begun(facts):
        yield Hit(facts=tuple(Fact("party", a.ref) for a in standing))


@RULES.condition("1.2.party-unprofiled")
def party_unprofiled(snapshot: CaseSnapshot) -> Iterator[Hit]:
    for actor in _step1(snapshot).party_actors():
        if _thin(actor):
            yield Hit(facts=(Fact("party", actor.ref),), params={"party": actor.ref.label})


@RULES.condition("1.2.factions-unanalysed")
def factions_unanalysed(snapshot: CaseSnapshot) -> Iterator[Hit]:
    """A party with factions or a split, where a faction, an actor born of the split or the
    split itself is hardly described."""
    facts = _step1(snapshot)
    by_id = {a.ref.id: a for a in facts.actors}
    for party in snapshot.parties:
        members = [a for a in facts.actors if _party_id(a) == party.ref.id]
        member_ids = {a.ref.id for a in members}
        thin: list[Fact] = [
            Fact("faction", a.ref) for a in members if a.kind == "faction" and _undescribed(a)
        ]
        for change in facts.changes:
            if change.kind != "split":
                continue
            involved = {r.id for r in (*change.before, *change.after)}
            if not involved & member_ids:
                continue
            born = [by_id[r.id] for r in change.after if r.id in by_id]
            thin_born = [a for a in born if _undescribed(a)]
            if not change.description.strip() or thin_born:
                thin.append(Fact("split", change.ref))
                thin.extend(Fact("faction", a.ref) for a in thin_born)
        if thin:
            yield Hit(
                facts=_unique([Fact("party", party.ref), *thin]),
                params={"party": party.short_name},
            )


@RULES.condition("1.2.no-leader-profile")
def no_leader_profile(snapshot: CaseSnapshot) -> Iterator[Hit]:
    """A party with no top leader on the map (once the map is begun), or whose top leaders'
    profiles are mostly unanswered."""
    facts = _step1(snapshot)
    begun = _mapping_begun(facts)
    for party in snapshot.parties:
        leaders = [
            a for a in facts.actors if a.kind == "top_leader" and _party_id(a) == party.ref.id
        ]
        if leaders and all(_thin(a) for a in leaders):
            yield Hit(
                facts=_unique(
                    [Fact("party", party.ref), *(Fact("leader", a.ref) for a in leaders)]
                ),
                params={"party": party.short_name},
            )
        elif not leaders and begun:
            yield Hit(facts=(Fact("party", party.ref),), params={"party": party.short_name})


@RULES.condition("1.2.spoiler-without-profile")
def spoiler_without_profile(snapshot: CaseSnapshot) -> Iterator[Hit]:
    for actor in _step1(snapshot).actors:
        if actor.potential_spoiler and _thin(actor):
            yield Hit(facts=(Fact("spoiler", actor.ref),), params={"spoiler": actor.ref.label})


@RULES.condition("1.2.spoiler-several-sides")
def spoiler_several_sides(snapshot: CaseSnapshot) -> Iterator[Hit]:
    """Potential spoilers whose cooperative ties reach two sides or more: one finding per set
    of sides, naming every spoiler that spans them and whom it is tied to across the line."""
    facts = _step1(snapshot)
    if facts.network is None:
        return
    side = _side_of(snapshot, facts)
    grouped: dict[tuple[str, ...], list[Fact]] = defaultdict(list)
    for spoiler in facts.network.spoilers:
        sides = tuple(sorted(set(spoiler.sides)))
        if len(sides) < 2:
            continue
        own = side.get(spoiler.spoiler.id, "")
        grouped[sides].append(Fact("spoiler", spoiler.spoiler))
        grouped[sides].extend(
            Fact("tied", other)
            for other, kind in spoiler.tied
            if kind not in NEGATIVE_TIES and side.get(other.id, "") not in {"", own}
        )
    for sides, found in sorted(grouped.items()):
        # The spoilers first, then whom they reach across the line (not spoilers themselves).
        spoilers = [f for f in found if f.role == "spoiler"]
        named = {f.ref.id for f in spoilers}
        ordered = spoilers + [f for f in found if f.role == "tied" and f.ref.id not in named]
        yield Hit(facts=_unique(ordered), params={"sides": _listed(sides)})


# 1.2.2 Civil society and the populace


def _absent(snapshot: CaseSnapshot, present: bool) -> Iterator[Hit]:
    if not present and _mapping_begun(_step1(snapshot)):
        yield Hit(facts=(_case_fact(snapshot),))


@RULES.condition("1.2.no-civil-society")
def no_civil_society(snapshot: CaseSnapshot) -> Iterator[Hit]:
    actors = _step1(snapshot).actors
    yield from _absent(snapshot, any(a.kind == "civil_society" for a in actors))


@RULES.condition("1.2.no-womens-organisations")
def no_womens_organisations(snapshot: CaseSnapshot) -> Iterator[Hit]:
    actors = _step1(snapshot).actors
    yield from _absent(snapshot, any("women" in a.constituencies for a in actors))


@RULES.condition("1.2.no-displaced-people")
def no_displaced_people(snapshot: CaseSnapshot) -> Iterator[Hit]:
    actors = _step1(snapshot).actors
    yield from _absent(snapshot, any("displaced" in a.constituencies for a in actors))


@RULES.condition("1.2.broker-between-sides")
def broker_between_sides(snapshot: CaseSnapshot) -> Iterator[Hit]:
    """The most central brokers outside every party whose cooperative ties reach two sides,
    and that no tie yet records as a channel: a route for contact not yet used."""
    facts = _step1(snapshot)
    if facts.network is None:
        return
    side = _side_of(snapshot, facts)
    by_id = {a.ref.id: a for a in facts.actors}
    ties_of = _ties_by_actor(facts, {b.id for b in facts.network.brokers})
    shown = 0
    for broker in facts.network.brokers:
        actor = by_id.get(broker.id)
        if actor is None or _party_id(actor) is not None:
            continue
        ties = ties_of.get(broker.id, [])
        if any(tie.kind == "channel" for tie, _ in ties):
            continue
        reached = [
            other for tie, other in ties if tie.kind not in NEGATIVE_TIES and side.get(other.id)
        ]
        sides = {side[other.id] for other in reached}
        if len(sides) < 2:
            continue
        yield Hit(
            facts=_unique([Fact("broker", broker), *(Fact("tied", o) for o in reached)]),
            params={"broker": broker.label, "sides": _listed(sides)},
        )
        shown += 1
        if shown == MOST_BROKERS:
            return


# 1.2.3 International actors

OUTSIDE_KINDS = frozenset({"state", "international_org"})


@RULES.condition("1.2.no-regional-actors")
def no_regional_actors(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    if any(a.kind in OUTSIDE_KINDS for a in facts.actors):
        return
    wider = [
        Fact("issue", issue.ref)
        for issue in facts.issues
        if issue.scope != "out_of_scope" and {"regional", "international"} & set(issue.levels)
    ]
    if wider:
        yield Hit(facts=_unique(wider))


@RULES.condition("1.2.outside-backer")
def outside_backer(snapshot: CaseSnapshot) -> Iterator[Hit]:
    """A state that funds, supplies or is allied with one side's actors and has no
    cooperative tie to any other side."""
    facts = _step1(snapshot)
    side = _side_of(snapshot, facts)
    all_sides = {s for s in side.values() if s}
    governments = {p.short_name for p in snapshot.parties if p.kind in ("government", "state")}
    states = [a for a in facts.actors if a.kind == "state" and _party_id(a) is None]
    ties_of = _ties_by_actor(facts, {a.ref.id for a in states})
    for state in states:
        backing: list[TieFacts] = []
        reached: set[str] = set()
        for tie, other in ties_of.get(state.ref.id, ()):
            if tie.kind in NEGATIVE_TIES:
                continue
            other_side = side.get(other.id, "")
            if not other_side:
                continue
            reached.add(other_side)
            # Funding flows from the state; an alliance either way, except with a government:
            # states are allied with governments as a matter of course, so only funding or
            # supply from the state counts as backing one (Step 1.2).
            allied = tie.kind == "alliance" and other_side not in governments
            if allied or (tie.kind == "funding_supply" and tie.source.id == state.ref.id):
                backing.append(tie)
        backed = {
            side[t.target.id if t.source.id == state.ref.id else t.source.id] for t in backing
        }
        if backing and reached == backed and all_sides - backed:
            yield Hit(
                facts=_unique([Fact("state", state.ref), *(Fact("tie", t.ref) for t in backing)]),
                params={"state": state.ref.label, "sides": _listed(backed)},
            )


# 1.2.4 Other players


@RULES.condition("1.2.no-media")
def no_media(snapshot: CaseSnapshot) -> Iterator[Hit]:
    actors = _step1(snapshot).actors
    yield from _absent(snapshot, any(a.kind == "media" for a in actors))


@RULES.condition("1.2.diaspora-funding-unmapped")
def diaspora_funding_unmapped(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    if any(a.kind == "diaspora" or "diaspora" in a.constituencies for a in facts.actors):
        return
    funding = [Fact("resource", r.ref) for r in facts.resources if r.kind == "diaspora_funding"]
    if funding:
        yield Hit(facts=_unique(funding))


# The network of ties (1.2 as a whole)


@RULES.condition("1.2.camp-without-channel")
def camp_without_channel(snapshot: CaseSnapshot) -> Iterator[Hit]:
    facts = _step1(snapshot)
    network = facts.network
    if network is None:
        return
    side = _side_of(snapshot, facts)
    party_actors = {a.ref.id for a in facts.actors if a.stands_for is not None}
    camps = {camp.index: camp for camp in network.camps}
    for index in network.cut_off_camps:
        camp = camps.get(index)
        # A camp matters to the mediation when a party's actor is in it. A camp of one actor
        # is a lone faction or leader, not a camp: the faction and isolated-actor rules speak
        # of it, unless it is the party itself.
        if camp is None or not any(side.get(m.id) for m in camp.members):
            continue
        if len(camp.members) < 2 and camp.members[0].id not in party_actors:
            continue
        members = [Fact("member", m) for m in camp.members if m.id != camp.named_after.id]
        yield Hit(
            facts=_unique([Fact("camp", camp.named_after), *members]),
            params={"camp": camp.named_after.label},
        )


@RULES.condition("1.2.isolated-actors")
def isolated_actors(snapshot: CaseSnapshot) -> Iterator[Hit]:
    """One finding for every actor with no tie at all, once the map holds more than the
    parties (before that, `1.2.only-parties-mapped` says it all)."""
    facts = _step1(snapshot)
    if facts.network is None or not facts.network.isolated or not _mapping_begun(facts):
        return
    yield Hit(facts=_unique(Fact("actor", ref) for ref in facts.network.isolated))


@RULES.condition("1.2.ties-unconfirmed")
def ties_unconfirmed(snapshot: CaseSnapshot) -> Iterator[Hit]:
    """Two sides whose every cooperative link (a direct tie, or a route through one actor of
    neither side) rests on unconfirmed information: a tie rated low, or only alleged."""
    facts = _step1(snapshot)
    side = _side_of(snapshot, facts)
    # Per pair of sides: confirmed by some link, or the unconfirmed ties of its links so far.
    confirmed: set[tuple[str, str]] = set()
    doubtful: dict[tuple[str, str], list[TieFacts]] = defaultdict(list)
    # Cooperative ties of each actor of no side, by the side they reach.
    via: dict[str, dict[str, list[TieFacts]]] = defaultdict(lambda: defaultdict(list))
    for tie in facts.ties:
        if tie.kind in NEGATIVE_TIES:
            continue
        first, second = side.get(tie.source.id, ""), side.get(tie.target.id, "")
        if first and second and first != second:
            pair = (min(first, second), max(first, second))
            if tie.prov.unconfirmed:
                doubtful[pair].append(tie)
            else:
                confirmed.add(pair)
        elif first and not second:
            via[tie.target.id][first].append(tie)
        elif second and not first:
            via[tie.source.id][second].append(tie)
    for reached in via.values():
        if len(reached) < 2:
            continue
        sure = {name for name, ties in reached.items() if any(not t.prov.unconfirmed for t in ties)}
        names = sorted(reached)
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                pair = (first, second)
                if first in sure and second in sure:
                    confirmed.add(pair)
                elif pair not in confirmed:
                    doubtful[pair].extend(
                        t for t in (*reached[first], *reached[second]) if t.prov.unconfirmed
                    )
    for (first, second), ties in sorted(doubtful.items()):
        if (first, second) not in confirmed:
            yield Hit(
                facts=_unique(Fact("tie", t.ref) for t in ties),
                params={"first": first, "second": second},
            )
