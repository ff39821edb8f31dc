"""The network analysis of the actor map, cached in Django's cache and recomputed in the
background when the network changes (Step 1.2).

The cache is Django's (the database on a laptop, Redis on a team server): every app process
reads the same entries, and nothing is kept in a process's memory. Per case:

- its *generation*, `network:generation:<case pk>`: a token replaced on every change to the
  case's actors, ties or parties (network_changed, called by the signals connected below), so
  an invalidation is seen by every process at once;
- for each viewer (the team; or one role and party outside it: they see different records, so a
  delegate is never served the team's result) and each date (now, or a past day), the *latest*
  result computed: which one, the generation it was computed from, when;
- the result itself (`network:result:<id>`); and for each view and language its finished
  forms, each naming the result it was made from: the API's JSON (`network:json:...`) and the
  map page's rendered parts (`network:page:...`).

A request reads the generation, its latest result and the finished form it needs in one round
trip, before it loads any actor or tie. Fresh: served as it is. Stale (the network changed
since): served as it is too, marked with the time it was computed and "being recomputed", while
a recompute runs in the job queue (huey; queued once per case whatever the number of changes).
Nothing yet, or a queue that seems not to run: computed in the request. A result computed for a
delegate or partner is served stale only if every actor and tie in it is still visible to them.
"""

from __future__ import annotations

import datetime
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from peacetrack.analysis.access import records_visible
from peacetrack.analysis.models import Actor, Tie
from peacetrack.analysis.network import (
    NetworkAnalysis,
    TieRow,
    analyse,
    detach,
    map_payload,
    payload_in_language,
    reattach,
)
from peacetrack.analysis.registry import RecordType, record_type
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.models import Case, Membership, Party, Role

# How long a result is kept: the latest one of today's network is served (stale if need be)
# until it is replaced, so for long; one of a past day is asked for rarely.
KEEP_SECONDS = 7 * 24 * 3600
KEEP_PAST_SECONDS = 3600
# A recompute queued this long ago and still not done: the queue's consumer is not running
# (`peacetrack serve` starts it), so the request computes the analysis itself.
QUEUE_PATIENCE_SECONDS = 120
# The views (viewer and date) recomputed in the background for a case: the latest asked for.
VIEWS_KEPT = 20


@dataclass(frozen=True)
class Freshness:
    """What the map says of its analysis: computed at this time; being recomputed (a change
    since then is being taken into account)."""

    computed_at: datetime.datetime
    recomputing: bool

    def as_json(self) -> dict[str, Any]:
        return {"computed_at": self.computed_at.isoformat(), "recomputing": self.recomputing}


@dataclass(frozen=True)
class _Found:
    result_id: str
    freshness: Freshness
    stored: dict[str, Any] | None  # the result, when it had to be loaded already
    finished: Any  # the finished form asked for (bytes, rendered parts), if cached for it


def _generation_key(case_id: int) -> str:
    return f"network:generation:{case_id}"


def _queued_key(case_id: int) -> str:
    return f"network:queued:{case_id}"


def _views_key(case_id: int) -> str:
    return f"network:views:{case_id}"


def _latest_key(case: Case, viewer: str, when: str) -> str:
    # the case's public id, not only its key: a database may reuse the key of a deleted case
    return f"network:latest:{case.pk}:{case.public_id}:{viewer}:{when}"


def viewer_of(membership: Membership) -> str:
    """Who a result is computed for: members who see the same records share it."""
    if membership.is_team:
        return "team"
    return f"{membership.role}:{membership.party_id or ''}"


def _member_as(case: Case, viewer: str) -> Membership:
    """A membership (not saved) that sees what `viewer` sees: for the background recompute."""
    if viewer == "team":
        return Membership(case=case, role=Role.LEAD)
    role, _, party = viewer.partition(":")
    return Membership(case=case, role=role, party_id=int(party) if party else None)


def network_changed(*, case_id: int) -> None:
    """The case's network changed: every process now sees its results as stale, and a
    recompute is queued once the change is committed (the new generation is set again then, so
    that a result computed from the data before the commit does not pass for fresh)."""
    _new_generation(case_id)

    def committed() -> None:
        _new_generation(case_id)
        recompute_queue(case_id=case_id)

    transaction.on_commit(committed)


def _new_generation(case_id: int) -> str:
    token = uuid.uuid4().hex
    cache.set(_generation_key(case_id), token, None)
    return token


def recompute_queue(*, case_id: int) -> None:
    """Queue the case's recompute, unless one is queued already."""
    if cache.add(_queued_key(case_id), time.time(), QUEUE_PATIENCE_SECONDS * 5):
        from peacetrack.analysis.tasks import network_recompute

        network_recompute(case_id)


def recompute(*, case_id: int) -> int:
    """Recompute each stale result of the case asked for lately (the job queue's task).
    Returns how many were recomputed."""
    cache.delete(_queued_key(case_id))  # a change from now on queues another run
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return 0
    done = 0
    for viewer, when in cache.get(_views_key(case_id)) or []:
        as_of = None if when == "now" else datetime.date.fromisoformat(when)
        generation, latest, _ = _lookup(case, viewer, when)
        if latest is None or not _is_fresh(latest, generation, as_of):
            _compute(case, _member_as(case, viewer), as_of, generation)
            done += 1
    return done


def _lookup(
    case: Case, viewer: str, when: str, extra: str = ""
) -> tuple[str, dict[str, Any] | None, Any]:
    """The case's generation, the latest result for this view and the `extra` entry (the
    finished bytes of a result), in one round trip."""
    generation_key = _generation_key(case.pk)
    latest_key = _latest_key(case, viewer, when)
    found = cache.get_many([generation_key, latest_key, *([extra] if extra else [])])
    generation = found.get(generation_key)
    if generation is None:  # never set (or evicted): any result is stale from now on
        cache.add(generation_key, uuid.uuid4().hex, None)
        generation = cache.get(generation_key)
    return str(generation), found.get(latest_key), found.get(extra)


def _day(as_of: datetime.date | None) -> str:
    return (as_of or timezone.localdate()).isoformat()


def _is_fresh(latest: dict[str, Any], generation: str, as_of: datetime.date | None) -> bool:
    # today's map is stale on a new day too: ties start and end on dates
    return bool(latest["generation"] == generation and latest["day"] == _day(as_of))


def _find(access: CaseAccess, as_of: datetime.date | None, finished: str = "") -> _Found:
    """The result to serve this member, and its `finished` form if cached for that result."""
    case, membership = access.case, access.membership
    viewer = viewer_of(membership)
    when = as_of.isoformat() if as_of else "now"
    generation, latest, done = _lookup(case, viewer, when, finished)
    if latest is not None:
        computed_at = latest["computed_at"]
        if _is_fresh(latest, generation, as_of):
            return _Found(
                latest["result"],
                Freshness(computed_at, recomputing=False),
                None,
                _finished(done, latest["result"]),
            )
        stored = None
        if not membership.is_team:
            stored = cache.get(_result_key(latest["result"]))
            if stored is not None and not _still_visible(stored, membership):
                stored = None
        if (membership.is_team or stored is not None) and _queue_is_alive(case.pk):
            _remember_view(case.pk, viewer, when)
            recompute_queue(case_id=case.pk)
            return _Found(
                latest["result"],
                Freshness(computed_at, recomputing=True),
                stored,
                _finished(done, latest["result"]),
            )
    stored = _compute(case, membership, as_of, generation)
    return _Found(stored["id"], Freshness(stored["computed_at"], recomputing=False), stored, None)


def _finished(entry: Any, result_id: str) -> Any:
    """What a finished entry holds, if it was made from this result."""
    if isinstance(entry, dict) and entry.get("result") == result_id:
        return entry["value"]
    return None


def _queue_is_alive(case_id: int) -> bool:
    """False when a recompute was queued long ago and has not run."""
    queued = cache.get(_queued_key(case_id))
    return queued is None or time.time() - float(queued) < QUEUE_PATIENCE_SECONDS


def _still_visible(stored: dict[str, Any], membership: Membership) -> bool:
    """Whether every actor and tie of a stored result is still visible to this member (a
    record unshared since must not be shown, not even for the time of a recompute)."""
    actor_ids = stored["actor_ids"]
    tie_ids = [row[0] for row in stored["analysis"]["ties"]]
    visible_actors = _visible("actors", membership).filter(pk__in=actor_ids).count()
    visible_ties = _visible("ties", membership).filter(pk__in=tie_ids).count()
    return bool(visible_actors == len(actor_ids) and visible_ties == len(tie_ids))


def _visible(slug: str, membership: Membership) -> Any:
    rtype: RecordType = record_type(slug)
    return records_visible(rtype, membership)


def _remember_view(case_id: int, viewer: str, when: str) -> None:
    views = [tuple(view) for view in cache.get(_views_key(case_id)) or []]
    if (viewer, when) not in views:
        views = [(viewer, when), *views][:VIEWS_KEPT]
        cache.set(_views_key(case_id), views, KEEP_SECONDS)


def _result_key(result_id: str) -> str:
    return f"network:result:{result_id}"


def _load(case: Case, membership: Membership, as_of: datetime.date | None) -> NetworkAnalysis:
    """The analysis of what this member may see as the network stands now (or stood on the day
    `as_of`): the ties that had started by then and not yet ended. An approximate date counts
    from its first day ("2026-03" from 1 March; a tie that ended "2025" has ended throughout
    2025)."""
    day = _day(as_of)
    actors: list[Actor] = list(_visible("actors", membership))
    ties_qs = (
        _visible("ties", membership)
        .alias(
            started_day=Replace(F("started"), Value("~"), Value("")),
            ended_day=Replace(F("ended"), Value("~"), Value("")),
        )
        .filter(Q(started="") | Q(started_day__lte=day))
        .filter(Q(ended="") | Q(ended_day__gt=day))
    )
    ties = [TieRow(*row) for row in ties_qs.values_list(*TieRow.FIELDS)]
    result = analyse(actors, ties)
    result.as_of = as_of
    return result


def _compute(
    case: Case, membership: Membership, as_of: datetime.date | None, generation: str
) -> dict[str, Any]:
    """Compute the analysis and keep it as the latest for this view. `generation` was read
    before the data: a change meanwhile leaves the result stale, as it should."""
    analysis = _load(case, membership, as_of)
    viewer, when = viewer_of(membership), (as_of.isoformat() if as_of else "now")
    result_id = uuid.uuid4().hex
    stored: dict[str, Any] = {
        "id": result_id,
        "computed_at": timezone.now(),
        "analysis": detach(analysis),
        "actor_ids": [a.pk for a in analysis.actors],
        "payload": map_payload(analysis, actor_url=_actor_url_pattern(case)),
        "network": analysis,  # (for this request only: dropped before it is cached)
    }
    latest = {
        "result": result_id,
        "generation": generation,
        "computed_at": stored["computed_at"],
        "day": _day(as_of),
    }
    keep = _keep(as_of)
    cache.set_many(
        {
            _result_key(result_id): {k: v for k, v in stored.items() if k != "network"},
            _latest_key(case, viewer, when): latest,
        },
        keep,
    )
    if as_of is None:  # (a past day's map is recomputed only once asked for again)
        _remember_view(case.pk, viewer, when)
    return stored


def _actor_url_pattern(case: Case) -> str:
    sample = "a" * 10
    url = reverse("analysis:detail", args=[case.public_id, "actors", sample])
    return url.replace(sample, "{id}")


def _stored(access: CaseAccess, as_of: datetime.date | None, found: _Found) -> dict[str, Any]:
    """The result found, loaded (computed again if the cache has dropped it meanwhile)."""
    if found.stored is not None:
        return found.stored
    stored = cache.get(_result_key(found.result_id))
    if stored is None:
        when = as_of.isoformat() if as_of else "now"
        generation, _, _ = _lookup(access.case, viewer_of(access.membership), when)
        stored = _compute(access.case, access.membership, as_of, generation)
    return dict(stored)


def _analysis(
    access: CaseAccess, as_of: datetime.date | None, stored: dict[str, Any]
) -> NetworkAnalysis:
    """The stored result with its actors loaded back; computed again if one of them has gone
    since (a stale result may name an actor deleted meanwhile)."""
    if "network" in stored:
        return stored["network"]  # type: ignore[no-any-return]
    actors = list(_visible("actors", access.membership).filter(pk__in=stored["actor_ids"]))
    if len(actors) != len(stored["actor_ids"]):
        return _load(access.case, access.membership, as_of)
    return reattach(stored["analysis"], actors)


def network_analysis(
    access: CaseAccess, *, as_of: datetime.date | None = None
) -> tuple[NetworkAnalysis, Freshness]:
    """The analysis of what this member may see (see _load), and how fresh it is."""
    found = _find(access, as_of)
    return _analysis(access, as_of, _stored(access, as_of, found)), found.freshness


def network_freshness(access: CaseAccess, *, as_of: datetime.date | None = None) -> Freshness:
    return _find(access, as_of).freshness


def network_state(access: CaseAccess) -> str:
    """What the reader's analysis of today's network is, in one cache round trip and never
    computing it: the id of the fresh result, or "stale:<generation>" (none yet, or the network
    changed since). A key for what is derived from the analysis (the advisor's findings)."""
    viewer = viewer_of(access.membership)
    generation, latest, _ = _lookup(access.case, viewer, "now")
    if latest is not None and _is_fresh(latest, generation, None):
        return str(latest["result"])
    return f"stale:{generation}"


def network_result_if_fresh(access: CaseAccess) -> tuple[dict[str, Any], Freshness] | None:
    """The reader's cached analysis of today's network if it is fresh, as stored (its
    `analysis`: network.detach's form, actors by key; its `actor_ids`), and when it was
    computed. Never computes it and never waits: a stale result or none gives None, with its
    recompute queued (the advisor shows the rules that read it as pending meanwhile)."""
    case = access.case
    viewer = viewer_of(access.membership)
    generation, latest, _ = _lookup(case, viewer, "now")
    if latest is not None and _is_fresh(latest, generation, None):
        stored = cache.get(_result_key(latest["result"]))
        if stored is not None:
            return stored, Freshness(latest["computed_at"], recomputing=False)
    _remember_view(case.pk, viewer, "now")
    recompute_queue(case_id=case.pk)
    return None


def _finished_key(access: CaseAccess, as_of: datetime.date | None, form: str) -> str:
    """Where a finished form of this view's latest result is kept: read in the same round trip
    as the generation (it names the result it was made from)."""
    when = as_of.isoformat() if as_of else "now"
    case = access.case
    return f"network:{form}:{case.pk}:{case.public_id}:{when}:{get_language() or ''}"


def _keep(as_of: datetime.date | None) -> int:
    return KEEP_PAST_SECONDS if as_of else KEEP_SECONDS


def actor_map_json(access: CaseAccess, *, as_of: datetime.date | None = None) -> bytes:
    """The API's actor-map data (network.map_payload in the reader's language, with `as_of`,
    `computed_at` and `recomputing`), as JSON: once built, read from the cache as it is."""
    key = _finished_key(access, as_of, f"json:{viewer_of(access.membership)}")
    found = _find(access, as_of, key)
    body: bytes | None = found.finished
    if body is None:
        stored = _stored(access, as_of, found)
        data = payload_in_language(stored["payload"])
        data["as_of"] = as_of.isoformat() if as_of else None
        body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
        cache.set(key, {"result": found.result_id, "value": body}, _keep(as_of))
    state = json.dumps(found.freshness.as_json(), separators=(",", ":")).encode()
    return state[:-1] + b"," + body[1:]  # one object: the state first, then the data


def actor_map_parts(
    access: CaseAccess, *, as_of: datetime.date | None, render: Any
) -> tuple[dict[str, Any], Freshness]:
    """The map page's parts (`render(analysis)`: a dict of rendered HTML and counts) for this
    reader: rendered once per result, language and kind of member, then read from the cache."""
    membership = access.membership
    form = f"page:{viewer_of(membership)}:{membership.can_write}"
    key = _finished_key(access, as_of, form)
    found = _find(access, as_of, key)
    parts = found.finished
    if parts is None:
        parts = render(_analysis(access, as_of, _stored(access, as_of, found)))
        cache.set(key, {"result": found.result_id, "value": parts}, _keep(as_of))
    return parts, found.freshness


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    network_changed(case_id=instance.case_id)


def connect_signals() -> None:
    """Every write to an actor, a tie or a party (its short name names a side) makes the case's
    network stale; the services, the deletion of a case's records and the lineage's merges all
    save or delete them one by one. (A case-file import writes in bulk, into a new case, which
    has no result yet.)"""
    for model in (Actor, Tie, Party):
        post_save.connect(_changed, sender=model, dispatch_uid=f"network-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"network-{model.__name__}-del")
