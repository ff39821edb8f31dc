"""Step 1's snapshot part for a reader (advisor/snapshot.py): every step-1 record the reader
may see, as the plain facts of facts.py, and the cached network analysis.

Visibility is the record core's, applied by the same selectors as every list and page
(analysis.access.records_visible, lineage.changes_visible): a record the reader may not see is
not here, nor is a record that points at one (a tie to a hidden actor), nor a hidden actor's
name in an event's or a source of leverage's list. The number of queries is fixed, whatever
the case's size: one per record type (read as plain values, no model instances: a large case
holds ten thousand ties), one per many-to-many list, the parties and the team's own list items.

The network analysis is never computed here: the cached result is read if it is fresh
(network_cache.network_result_if_fresh); if it is not, its recompute is queued and the part
says "network" is pending (the rules that read it show as pending, advisor/engine.py).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from peacetrack.advisor.snapshot import Ref, content_digest
from peacetrack.analysis.access import records_visible
from peacetrack.analysis.advice.facts import (
    ActorFacts,
    AttemptFacts,
    BeneficiaryFacts,
    CampFacts,
    ChangeFacts,
    ChannelFacts,
    EventFacts,
    FactorFacts,
    InstitutionFacts,
    IssueFacts,
    LeverageFacts,
    NetworkFacts,
    PositionFacts,
    Provenance,
    ResourceFacts,
    SpoilerTiesFacts,
    Step1Facts,
    StrengthFacts,
    TieFacts,
)
from peacetrack.analysis.lineage import changes_visible
from peacetrack.analysis.lists import builtin_items
from peacetrack.analysis.models import (
    NEGATIVE_TIE_KINDS,
    ActorChange,
    ChangeKind,
    HistoryEvent,
    LeverageSource,
    ListItem,
)
from peacetrack.analysis.models.issues import Gain
from peacetrack.analysis.models.power import ResourceKind
from peacetrack.analysis.network_cache import network_result_if_fresh, network_state
from peacetrack.analysis.profiles import answer_text, profile_fields
from peacetrack.analysis.registry import record_type
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.dates import approx_date_text
from peacetrack.cases.models import Membership, Party

# Hostility and rivalry (models.NEGATIVE_TIE_KINDS), as the plain codes the cache holds.
_NEGATIVE = frozenset(str(kind.value) for kind in NEGATIVE_TIE_KINDS)
PROVENANCE = ("source_note", "information_date", "confidence", "alleged_by")
NETWORK = "network"
_SAMPLE_ID = "a" * 10  # a public id's shape, replaced by each record's in its URL


def step1_build(access: CaseAccess, today: datetime.date) -> Step1Facts:
    """Step 1 as `access.membership` may see it (the snapshot's part; `today` is unused: no
    step-1 fact depends on the day)."""
    with _no_collection_pauses():
        return _build(access)


@contextlib.contextmanager
def _no_collection_pauses() -> Iterator[None]:
    """The cyclic garbage collector held off while the part is built: a large case makes
    some hundred thousand small objects, none in a cycle, and the collections their number
    sets off (over the whole process's heap) would cost a third of the time. Turned back on
    by whoever turned it off (threads building at once leave it as it was)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(access: CaseAccess) -> Step1Facts:
    membership = access.membership
    case = access.case
    urls = _Urls(case.public_id)

    parties, short_names = _party_refs(case.pk, case.public_id)
    # The team's own items of the extensible lists: their labels name the records answering them.
    own = {
        (list_key, key): label
        for list_key, key, label in ListItem.objects.filter(case_id=case.pk).values_list(
            "list_key", "key", "label"
        )
    }

    actors, actor_refs, short, side = _actors(membership, urls, parties, short_names)
    ties = _ties(membership, urls, actor_refs)
    issues, issue_refs = _issues(membership, urls)
    positions = _positions(membership, urls, actor_refs, issue_refs, short)
    facts = Step1Facts(
        actors=tuple(actors.values()),
        ties=tuple(ties),
        issues=tuple(issues),
        positions=tuple(positions),
        beneficiaries=tuple(_beneficiaries(membership, urls, actor_refs)),
        resources=tuple(_resources(membership, urls, actor_refs)),
        strengths=tuple(_strengths(membership, urls, actor_refs, short)),
        factors=tuple(_factors(membership, urls, own)),
        attempts=tuple(_attempts(membership, urls)),
        events=tuple(_events(membership, urls, actor_refs, issue_refs)),
        institutions=tuple(_institutions(membership, urls)),
        leverage=tuple(_leverage(membership, urls, actor_refs, own)),
        changes=tuple(_changes(membership, urls, actor_refs)),
    )
    if not actors:
        return facts
    network = _network(access, actor_refs, side)
    if network is None:
        return _with(facts, network=None, pending=frozenset({NETWORK}))
    return _with(facts, network=network, pending=frozenset())


def step1_state(access: CaseAccess) -> str:
    """The part's input beyond the records: the reader's network analysis (fresh: its id;
    else being recomputed), so that findings cached while it was pending are made again once
    it is ready."""
    return network_state(access)


def _with(facts: Step1Facts, **changes: Any) -> Step1Facts:
    return replace(facts, **changes)


class _Urls:
    """Each record's page, made from one reversed URL per type (reverse() for each of ten
    thousand ties would cost more than reading them)."""

    def __init__(self, case_id: str) -> None:
        self.case_id = case_id
        self._patterns: dict[str, tuple[str, str]] = {}

    def __call__(self, slug: str, public_id: str) -> str:
        before, after = self.pattern(slug)
        return before + public_id + after

    def pattern(self, slug: str) -> tuple[str, str]:
        """What comes before a record's public id in its page's URL, and what after."""
        pattern = self._patterns.get(slug)
        if pattern is None:
            url = reverse("analysis:detail", args=[self.case_id, slug, _SAMPLE_ID])
            before, _, after = url.rpartition(_SAMPLE_ID)
            pattern = self._patterns[slug] = (before, after)
        return pattern


def _visible(slug: str, membership: Membership, *fields: str) -> QuerySet[Any]:
    """The visible records of a type, as tuples of `fields` (no model instances; the lists of
    related records are read separately: _many)."""
    return (
        records_visible(record_type(slug), membership).prefetch_related(None).values_list(*fields)
    )


_NO_PROVENANCE = Provenance()


def _provenance(
    source_note: str, information_date: datetime.date | None, confidence: str, alleged_by: str
) -> Provenance:
    if not (source_note or information_date or confidence or alleged_by):
        return _NO_PROVENANCE  # (most records: one object for all)
    return Provenance(source_note, information_date, confidence, alleged_by)


def _prov(row: Mapping[str, Any]) -> Provenance:
    return _provenance(*(row[name] for name in PROVENANCE))


def _rows(slug: str, membership: Membership, *fields: str) -> Iterable[dict[str, Any]]:
    names = ("pk", "public_id", *fields)
    for values in _visible(slug, membership, *names):
        yield dict(zip(names, values, strict=True))


def _party_refs(case_pk: int, case_public_id: str) -> tuple[dict[int, Ref], dict[int, str]]:
    """The case's parties as the foundation's part names them (advisor.selectors), and their
    short names (a side of the network)."""
    url = reverse("cases:parties", args=[case_public_id])
    refs, short_names = {}, {}
    rows = Party.objects.filter(case_id=case_pk).values_list(
        "pk", "public_id", "short_name", "name", "kind"
    )
    for pk, public_id, short_name, name, kind in rows:
        refs[pk] = Ref(
            type="party",
            id=public_id,
            label=name,
            url=url,
            digest=content_digest(short_name, name, kind),
        )
        short_names[pk] = short_name
    return refs, short_names


def _actors(
    membership: Membership, urls: _Urls, parties: dict[int, Ref], shorts: dict[int, str]
) -> tuple[dict[int, ActorFacts], dict[int, Ref], dict[int, str], dict[int, str]]:
    """The actors by key, their refs, how a chart names each (a party's actor by the party's
    short name), and the side each is on (its party's short name, or "": network.py's)."""
    actors: dict[int, ActorFacts] = {}
    refs: dict[int, Ref] = {}
    short: dict[int, str] = {}
    side: dict[int, str] = {}
    fields = (
        "name",
        "kind",
        "party_id",
        "stands_for_id",
        "potential_spoiler",
        "constituencies",
        "description",
        "profile",
        *PROVENANCE,
    )
    for row in _rows("actors", membership, *fields):
        prov = _prov(row)
        party = parties.get(row["party_id"]) if row["party_id"] else None
        stands_for = parties.get(row["stands_for_id"]) if row["stands_for_id"] else None
        profile = row["profile"] if isinstance(row["profile"], dict) else {}
        asked = profile_fields(row["kind"], spoiler=row["potential_spoiler"])
        answers = {f.key: answer_text(profile.get(f.key)) for f in asked}
        constituencies = tuple(row["constituencies"] or ())
        ref = Ref(
            type="actor",
            id=row["public_id"],
            label=row["name"],
            url=urls("actors", row["public_id"]),
            digest=content_digest(
                row["name"],
                row["kind"],
                party,
                stands_for,
                row["potential_spoiler"],
                constituencies,
                row["description"],
                _texts_digest(answers),
                *_prov_values(prov),
            ),
        )
        refs[row["pk"]] = ref
        short[row["pk"]] = shorts.get(row["stands_for_id"], row["name"])
        side[row["pk"]] = shorts.get(row["party_id"], "")
        actors[row["pk"]] = ActorFacts(
            ref=ref,
            kind=row["kind"],
            party=party,
            stands_for=stands_for,
            potential_spoiler=row["potential_spoiler"],
            constituencies=constituencies,
            description=row["description"],
            profile_answered=sum(1 for text in answers.values() if text.strip()),
            profile_asked=len(asked),
            prov=prov,
        )
    return actors, refs, short, side


def _texts_digest(texts: Mapping[str, str]) -> str:
    """The digest of an actor's profile answers: their texts hashed as they are (a large
    case's profiles are megabytes of text; encoding them once more as JSON would cost more)."""
    hashed = hashlib.sha256()
    for key in sorted(texts):
        if texts[key]:
            hashed.update(f"{key}\x00{texts[key]}\x01".encode())
    return hashed.hexdigest()[:16]


def _prov_values(prov: Provenance) -> tuple[Any, ...]:
    return (prov.source_note, prov.information_date, prov.confidence, prov.alleged_by)


def _ties(membership: Membership, urls: _Urls, actors: dict[int, Ref]) -> list[TieFacts]:
    """Every visible tie (a large case has ten thousand: read as plain tuples, and their
    pages made without reverse())."""
    found = []
    fields = (
        *("public_id", "source_id", "target_id", "kind", "directed", "strength", "started"),
        *("ended", "note", *PROVENANCE),
    )
    page = urls.pattern("ties")
    # Read through the case's index with no ORDER BY (no index serves one by id within a
    # case: tests/test_query_plans.py), then put in a stable order here.
    rows = sorted(_visible("ties", membership, *fields).order_by(), key=lambda row: row[0])
    for public_id, source_id, target_id, kind, directed, strength, *content in rows:
        source, target = actors.get(source_id), actors.get(target_id)
        if source is None or target is None:
            continue  # (an actor added since the actors were read: left for the next time)
        started, ended, note, *provenance = content
        prov = _provenance(*provenance)
        found.append(
            TieFacts(
                ref=Ref(
                    "tie",
                    public_id,
                    f"{source.label} {'→' if directed else '—'} {target.label}",
                    page[0] + public_id + page[1],
                    content_digest(
                        source.label,
                        target.label,
                        kind,
                        directed,
                        strength,
                        started,
                        ended,
                        note,
                        *provenance,
                    ),
                ),
                source=source,
                target=target,
                kind=kind,
                directed=directed,
                strength=strength,
                prov=prov,
            )
        )
    return found


def _issues(membership: Membership, urls: _Urls) -> tuple[list[IssueFacts], dict[int, Ref]]:
    found, refs = [], {}
    fields = (
        "title",
        "category",
        "levels",
        "scope",
        "description",
        "emergence",
        "positions_clash",
        "interests_compatible",
        "compatibility_note",
        *PROVENANCE,
    )
    for row in _rows("issues", membership, *fields):
        prov = _prov(row)
        levels = tuple(row["levels"] or ())
        ref = Ref(
            type="issue",
            id=row["public_id"],
            label=row["title"],
            url=urls("issues", row["public_id"]),
            digest=content_digest(
                *(row[name] for name in fields if name not in PROVENANCE and name != "levels"),
                levels,
                *_prov_values(prov),
            ),
        )
        refs[row["pk"]] = ref
        found.append(
            IssueFacts(
                ref=ref,
                category=row["category"],
                levels=levels,
                scope=row["scope"],
                positions_clash=row["positions_clash"],
                interests_compatible=row["interests_compatible"],
                compatibility_note=row["compatibility_note"],
                description=row["description"],
                prov=prov,
            )
        )
    return found, refs


def _positions(
    membership: Membership,
    urls: _Urls,
    actors: dict[int, Ref],
    issues: dict[int, Ref],
    short: dict[int, str],
) -> list[PositionFacts]:
    found = []
    named = gettext("%(actor)s on %(issue)s")
    fields = ("actor_id", "issue_id", "position", "interests", "fears", "flexibility")
    for row in _rows("positions", membership, *fields, *PROVENANCE):
        actor, issue = actors.get(row["actor_id"]), issues.get(row["issue_id"])
        if actor is None or issue is None:
            continue  # (added since the actors and issues were read)
        prov = _prov(row)
        found.append(
            PositionFacts(
                ref=Ref(
                    type="position",
                    id=row["public_id"],
                    label=named % {"actor": short[row["actor_id"]], "issue": issue.label},
                    url=urls("positions", row["public_id"]),
                    digest=content_digest(
                        actor,
                        issue,
                        row["position"],
                        row["interests"],
                        row["fears"],
                        row["flexibility"],
                        *_prov_values(prov),
                    ),
                ),
                actor=actor,
                issue=issue,
                position=row["position"],
                interests=row["interests"],
                fears=row["fears"],
                flexibility=row["flexibility"],
                prov=prov,
            )
        )
    return found


def _choice(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _beneficiaries(
    membership: Membership, urls: _Urls, actors: dict[int, Ref]
) -> list[BeneficiaryFacts]:
    found = []
    for row in _rows("beneficiaries", membership, "actor_id", "gain", "how", *PROVENANCE):
        actor, prov = actors.get(row["actor_id"]), _prov(row)
        if actor is None:
            continue  # (an actor added since the actors were read)
        found.append(
            BeneficiaryFacts(
                ref=Ref(
                    type="beneficiary",
                    id=row["public_id"],
                    label=f"{actor.label}: {_choice(Gain, row['gain'])}",
                    url=urls("beneficiaries", row["public_id"]),
                    digest=content_digest(actor, row["gain"], row["how"], *_prov_values(prov)),
                ),
                actor=actor,
                gain=row["gain"],
                how=row["how"],
                prov=prov,
            )
        )
    return found


def _resources(membership: Membership, urls: _Urls, actors: dict[int, Ref]) -> list[ResourceFacts]:
    found = []
    fields = ("actor_id", "kind", "lootable", "hold", "description", *PROVENANCE)
    for row in _rows("resources", membership, *fields):
        actor, prov = actors.get(row["actor_id"]), _prov(row)
        if actor is None:
            continue  # (an actor added since the actors were read)
        found.append(
            ResourceFacts(
                ref=Ref(
                    type="resource",
                    id=row["public_id"],
                    label=f"{actor.label}: {_choice(ResourceKind, row['kind'])}",
                    url=urls("resources", row["public_id"]),
                    digest=content_digest(
                        actor,
                        row["kind"],
                        row["lootable"],
                        row["hold"],
                        row["description"],
                        *_prov_values(prov),
                    ),
                ),
                actor=actor,
                kind=row["kind"],
                lootable=row["lootable"],
                hold=row["hold"],
                description=row["description"],
                prov=prov,
            )
        )
    return found


def _strengths(
    membership: Membership, urls: _Urls, actors: dict[int, Ref], short: dict[int, str]
) -> list[StrengthFacts]:
    found = []
    fields = ("actor_id", "assessed_on", "strength", "trend", "rationale", *PROVENANCE)
    for row in _rows("strength", membership, *fields):
        actor, prov = actors.get(row["actor_id"]), _prov(row)
        if actor is None:
            continue  # (an actor added since the actors were read)
        found.append(
            StrengthFacts(
                ref=Ref(
                    type="strength",
                    id=row["public_id"],
                    label=f"{short[row['actor_id']]} {row['assessed_on']}: {row['strength']}",
                    url=urls("strength", row["public_id"]),
                    digest=content_digest(
                        actor,
                        row["assessed_on"],
                        row["strength"],
                        row["trend"],
                        row["rationale"],
                        *_prov_values(prov),
                    ),
                ),
                actor=actor,
                assessed_on=row["assessed_on"],
                strength=row["strength"],
                trend=row["trend"],
                prov=prov,
            )
        )
    return found


def _item_label(list_key: str, key: str, own: Mapping[tuple[str, str], str]) -> str:
    """An item of a handbook list by its title, or the team's own item by its label."""
    for item in builtin_items(list_key):
        if item.key == key:
            return item.title
    return own.get((list_key, key), key)


def _factors(
    membership: Membership, urls: _Urls, own: Mapping[tuple[str, str], str]
) -> list[FactorFacts]:
    found = []
    for row in _rows("intractability", membership, "factor", "status", "evidence", *PROVENANCE):
        prov = _prov(row)
        found.append(
            FactorFacts(
                ref=Ref(
                    type="factor",
                    id=row["public_id"],
                    label=_item_label("intractability_factors", row["factor"], own),
                    url=urls("intractability", row["public_id"]),
                    digest=content_digest(
                        row["factor"], row["status"], row["evidence"], *_prov_values(prov)
                    ),
                ),
                factor=row["factor"],
                status=row["status"],
                evidence=row["evidence"],
                prov=prov,
            )
        )
    return found


def _attempts(membership: Membership, urls: _Urls) -> list[AttemptFacts]:
    found = []
    fields = ("mediator", "started_on", "ended_on", "format", "outcome", "helps", "hurts")
    for row in _rows("mediations", membership, *fields, *PROVENANCE):
        prov = _prov(row)
        years = f" ({row['started_on'][:4]})" if row["started_on"] else ""
        found.append(
            AttemptFacts(
                ref=Ref(
                    type="attempt",
                    id=row["public_id"],
                    label=f"{row['mediator']}{years}",
                    url=urls("mediations", row["public_id"]),
                    digest=content_digest(*(row[name] for name in fields), *_prov_values(prov)),
                ),
                mediator=row["mediator"],
                started_on=row["started_on"],
                ended_on=row["ended_on"],
                outcome=row["outcome"],
                helps=row["helps"],
                hurts=row["hurts"],
                prov=prov,
            )
        )
    return found


def _many(
    through: Any, owner: str, target: str, owners: QuerySet[Any], visible: Mapping[int, Ref]
) -> dict[int, list[Ref]]:
    """One many-to-many list for every visible owner, in one query: the named records the
    reader may see only (a hidden actor's name never appears in an event's list)."""
    rows = through.objects.filter(**{f"{owner}__in": owners.values("pk")}).values_list(
        f"{owner}_id", f"{target}_id"
    )
    found: dict[int, list[Ref]] = defaultdict(list)
    for owner_id, target_id in rows.order_by("pk"):
        ref = visible.get(target_id)
        if ref is not None:
            found[owner_id].append(ref)
    for refs in found.values():
        refs.sort(key=lambda r: (r.label, r.id))
    return found


def _events(
    membership: Membership, urls: _Urls, actors: dict[int, Ref], issues: dict[int, Ref]
) -> list[EventFacts]:
    events = records_visible(record_type("events"), membership).prefetch_related(None)
    named_actors = _many(HistoryEvent.actors.through, "historyevent", "actor", events, actors)
    named_issues = _many(
        HistoryEvent.issues.through, "historyevent", "contestedissue", events, issues
    )
    found = []
    fields = ("date", "title", "kind", "description", *PROVENANCE)
    for row in _rows("events", membership, *fields):
        prov = _prov(row)
        involved = tuple(named_actors.get(row["pk"], ()))
        concerned = tuple(named_issues.get(row["pk"], ()))
        found.append(
            EventFacts(
                ref=Ref(
                    type="event",
                    id=row["public_id"],
                    label=f"{approx_date_text(row['date'])}: {row['title']}",
                    url=urls("events", row["public_id"]),
                    digest=content_digest(
                        row["date"],
                        row["title"],
                        row["kind"],
                        row["description"],
                        involved,
                        concerned,
                        *_prov_values(prov),
                    ),
                ),
                date=row["date"],
                kind=row["kind"],
                actors=involved,
                issues=concerned,
                prov=prov,
            )
        )
    return found


def _institutions(membership: Membership, urls: _Urls) -> list[InstitutionFacts]:
    found = []
    fields = ("name", "kind", "origin", "capacity", "legitimacy", "description")
    for row in _rows("institutions", membership, *fields, *PROVENANCE):
        prov = _prov(row)
        found.append(
            InstitutionFacts(
                ref=Ref(
                    type="institution",
                    id=row["public_id"],
                    label=row["name"],
                    url=urls("institutions", row["public_id"]),
                    digest=content_digest(*(row[name] for name in fields), *_prov_values(prov)),
                ),
                kind=row["kind"],
                origin=row["origin"],
                capacity=row["capacity"],
                legitimacy=row["legitimacy"],
                prov=prov,
            )
        )
    return found


def _leverage(
    membership: Membership,
    urls: _Urls,
    actors: dict[int, Ref],
    own: Mapping[tuple[str, str], str],
) -> list[LeverageFacts]:
    sources = records_visible(record_type("leverage"), membership).prefetch_related(None)
    holders = _many(LeverageSource.holders.through, "leveragesource", "actor", sources, actors)
    found = []
    for row in _rows("leverage", membership, "source", "offers", *PROVENANCE):
        prov = _prov(row)
        held = tuple(holders.get(row["pk"], ()))
        found.append(
            LeverageFacts(
                ref=Ref(
                    type="leverage",
                    id=row["public_id"],
                    label=_item_label("sources_of_leverage", row["source"], own),
                    url=urls("leverage", row["public_id"]),
                    digest=content_digest(row["source"], row["offers"], held, *_prov_values(prov)),
                ),
                source=row["source"],
                offers=row["offers"],
                holders=held,
                prov=prov,
            )
        )
    return found


def _changes(membership: Membership, urls: _Urls, actors: dict[int, Ref]) -> list[ChangeFacts]:
    """Splits and mergers the reader may see (only those whose every actor they may see). A
    change has no page of its own: it links to the first actor before it (its page shows the
    lineage)."""
    changes = changes_visible(membership).prefetch_related(None)
    before = _many(ActorChange.before.through, "actorchange", "actor", changes, actors)
    after = _many(ActorChange.after.through, "actorchange", "actor", changes, actors)
    found = []
    rows = changes.values_list("pk", "public_id", "kind", "date", "description")
    for pk, public_id, kind, date, description in rows:
        was, became = tuple(before.get(pk, ())), tuple(after.get(pk, ()))
        names = {
            "before": ", ".join(r.label for r in was),
            "after": ", ".join(r.label for r in became),
        }
        if kind == ChangeKind.SPLIT:
            label = gettext("%(before)s split into %(after)s") % names
        else:
            label = gettext("%(before)s merged into %(after)s") % names
        found.append(
            ChangeFacts(
                ref=Ref(
                    type="change",
                    id=public_id,
                    label=label,
                    url=was[0].url if was else "",
                    digest=content_digest(kind, date, description, was, became),
                ),
                kind=kind,
                date=date,
                description=description,
                before=was,
                after=became,
            )
        )
    return found


# The network


def _network(access: CaseAccess, refs: dict[int, Ref], side: dict[int, str]) -> NetworkFacts | None:
    """The cached analysis of the network as it stands today, if fresh; None if not (its
    recompute is then queued)."""
    found = network_result_if_fresh(access)
    if found is None:
        return None
    stored, freshness = found
    cached = stored["analysis"]
    if any(pk not in refs for pk in stored["actor_ids"]):
        return None  # (cannot be, for a fresh result: the same actors were read)
    camp_of: dict[int, int] = {int(pk): camp for pk, camp in cached["camp_of"].items()}
    camps = tuple(
        CampFacts(index=index, members=tuple(refs[pk] for pk in members), named_after=refs[named])
        for index, members, named in cached["camps"]
    )
    # Camps with a positive tie (a channel is one) to an actor outside them.
    reaching_out: set[int] = set()
    for row in cached["ties"]:
        _id, _public, source, target, kind = row[:5]
        if kind in _NEGATIVE:
            continue
        camp_a, camp_b = camp_of.get(source), camp_of.get(target)
        if camp_a != camp_b:
            reaching_out.update(c for c in (camp_a, camp_b) if c is not None)
    cut_off = tuple(c.index for c in camps if c.index not in reaching_out) if len(camps) > 1 else ()
    sides = sorted({side[pk] for pk in stored["actor_ids"]} - {""})
    routes = {tuple(c[0]): (c[1], c[2]) for c in cached["channels"]}
    channels = []
    for i, first in enumerate(sides):
        for second in sides[i + 1 :]:
            total, carrier = routes.get((first, second), (0, None))
            channels.append(
                ChannelFacts(
                    sides=(first, second),
                    total=total,
                    carrier=refs[carrier] if carrier is not None else None,
                )
            )
    spoilers = []
    for pk, tied in cached["spoilers"]:
        reached = {side[other] for other, kind in tied if kind not in _NEGATIVE}
        reached.discard("")
        spoilers.append(
            SpoilerTiesFacts(
                spoiler=refs[pk],
                tied=tuple([(refs[other], kind) for other, kind in tied]),
                sides=tuple(sorted(reached)),
            )
        )
    return NetworkFacts(
        computed_at=freshness.computed_at,
        camps=camps,
        channels=tuple(channels),
        cut_off_camps=cut_off,
        spoilers=tuple(spoilers),
        isolated=tuple(refs[pk] for pk in cached["isolated"]),
        brokers=tuple(refs[b[0]] for b in cached["brokers"]),
    )
