"""Reads for step-1 pages, each a fixed number of queries whatever the number of records."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Case as DbCase
from django.db.models import F, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from peacetrack.analysis.access import records_visible
from peacetrack.analysis.models import Actor, ContestedIssue, Position
from peacetrack.analysis.models.issues import IssueScope
from peacetrack.analysis.network import NetworkAnalysis
from peacetrack.analysis.network_cache import network_analysis
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.lists import format_list
from peacetrack.cases.records import UNCONFIRMED, Provenance, older_than


def record_counts(access: CaseAccess) -> dict[str, int]:
    return {rtype.slug: records_visible(rtype, access.membership).count() for rtype in RECORD_TYPES}


def filtered_records(
    rtype: RecordType, access: CaseAccess, params: Any
) -> tuple[QuerySet[Any], dict[str, str]]:
    """The list page's records with the filters from the query string applied."""
    records = records_visible(rtype, access.membership)
    applied: dict[str, str] = {}
    for name in rtype.filters:
        value = str(params.get(name, ""))
        field = rtype.field(name)
        options, is_list = rtype.filter_options(name)
        if field.is_relation:  # records that name this one (by public id)
            if value and value in {key for key, _ in relation_options(rtype, name, access)}:
                applied[name] = value
                records = records.filter(**{f"{name}__public_id": value})
        elif field.get_internal_type() == "BooleanField":
            if value in ("yes", "no"):
                applied[name] = value
                records = records.filter(**{name: value == "yes"})
        elif name in rtype.payload.extensible():
            if value:  # a built-in key or one of the case's own
                applied[name] = value
                records = records.filter(**{name: value})
        elif value in {key for key, _ in options}:
            applied[name] = value
            if is_list:
                # A JSON list of keys holds this one (its text holds the quoted key: the keys
                # are plain words, and `contains` on JSON is not there on every database).
                records = records.filter(**{f"{name}__icontains": json.dumps(value)})
            else:
                records = records.filter(**{name: value})
    records = provenance_filtered(rtype, records, params, applied)
    visibility = params.get("visibility", "")
    if visibility and access.membership.is_team:
        applied["visibility"] = visibility
        records = records.filter(visibility=visibility)
    query = str(params.get("q", "")).strip()[:100]
    if query and rtype.search:
        applied["q"] = query
        condition = Q()
        for name in rtype.search:
            condition |= Q(**{f"{name}__icontains": query})
        records = records.filter(condition)
    return records, applied


def relation_options(rtype: RecordType, name: str, access: CaseAccess) -> list[tuple[str, str]]:
    """The records a list can be filtered by in field `name`: those the reader may see."""
    from peacetrack.analysis.display import title
    from peacetrack.analysis.registry import BY_MODEL

    target = BY_MODEL[cast(Any, rtype.field(name).related_model)]
    return [(r.public_id, title(r)) for r in records_visible(target, access.membership)]


MAX_MONTHS = 1200


def older_than_months(value: Any) -> int | None:
    """The number of months of an "older than" filter, or None if it is not one: a whole
    number from 1 to 1200, written as it is (the API: `older_than=6`) or as an ISO 8601
    duration (the pages' options: `P6M`, so that no bare number reads like a record's id)."""
    text = str(value or "").strip().upper()
    if text.startswith("P") and text.endswith("M"):
        text = text[1:-1]
    if not text.isdigit() or not 1 <= int(text) <= MAX_MONTHS:
        return None
    return int(text)


def provenance_filtered(
    rtype: RecordType, records: QuerySet[Any], params: Any, applied: dict[str, str]
) -> QuerySet[Any]:
    """Where the facts came from: `unconfirmed=yes` (cases/records.py UNCONFIRMED) and
    `older_than=<months>` (the information dated before; undated records are not older)."""
    if not issubclass(rtype.model, Provenance):
        return records
    if str(params.get("unconfirmed", "")) == "yes":
        applied["unconfirmed"] = "yes"
        records = records.filter(UNCONFIRMED)
    months = older_than_months(params.get("older_than"))
    if months is not None:
        applied["older_than"] = f"P{months}M"
        records = records.filter(older_than(months))
    return records


_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def network_as_of(value: Any) -> datetime.date | None:
    """The day a map "as of" names (`?as_of=YYYY-MM-DD` on the map page): None for now (empty,
    or today). ValueError, with a message for the reader, for anything else than a past day.
    (Any past day costs the same: one analysis of the ties that held then.)"""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        if not _ISO_DAY.match(text):
            raise ValueError
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            gettext("Write the date as year-month-day, for example 2024-06-30.")
        ) from None
    today = timezone.localdate()
    if day > today:
        raise ValueError(gettext("The map cannot show a date in the future."))
    return None if day == today else day


def actor_network(access: CaseAccess, *, as_of: datetime.date | None = None) -> NetworkAnalysis:
    """The analysis of what this member may see, as the network stands now (or stood on the
    day `as_of`), from the shared cache (analysis/network_cache.py): the last one computed,
    possibly a little stale while a recompute runs in the background."""
    return network_analysis(access, as_of=as_of)[0]


def _type(slug: str) -> RecordType:
    return next(rtype for rtype in RECORD_TYPES if rtype.slug == slug)


def issue_order() -> tuple[Any, ...]:
    """The team's order of the issues: core issues first, then the secondary, then those out
    of scope; within each, by the team's number (ContestedIssue.rank, unnumbered last), then
    by title."""
    place = DbCase(
        When(scope=IssueScope.CORE, then=Value(0)),
        When(scope=IssueScope.SECONDARY, then=Value(1)),
        default=Value(2),
    )
    return (place.asc(), F("rank").asc(nulls_last=True), "title", "id")


@dataclass(frozen=True)
class Coincidence:
    """Two or more actors who recorded the same words on one issue (Step 1.1.2): the same
    stated position (`kind` "position": a possible joint position) or the same interest
    ("interests": common ground)."""

    kind: str
    actors: tuple[Actor, ...]
    texts: tuple[str, ...]  # as the first of them wrote it

    @property
    def names(self) -> str:
        """ "GOV and Kingdom of Norland", as the columns name them."""
        return format_list(actor.short_label for actor in self.actors)


# One item of a position or of its interests: a line, a part between semicolons or bullets,
# or a sentence. Items are compared once normalised (_normalised).
_ITEM_SPLIT = re.compile(r"[\n;•]+|(?<=[.!?])\s+")
_NOT_A_WORD = re.compile(r"[^\w\s]+")
_NUMBERING = re.compile(r"^(?:\d+|[a-z])\s+")
MIN_ITEM = 4  # shorter items ("yes", "no", "n/a") say nothing on their own


def _normalised(text: str) -> str:
    """An item as compared: capitals, punctuation, numbering and spacing set aside."""
    words = " ".join(_NOT_A_WORD.sub(" ", text.casefold()).split())
    return _NUMBERING.sub("", words)


def _items(text: str) -> dict[str, str]:
    """The items of a text, normalised → as written (the first time)."""
    found: dict[str, str] = {}
    for part in _ITEM_SPLIT.split(text):
        key = _normalised(part)
        if len(key) >= MIN_ITEM:
            found.setdefault(key, part.strip().lstrip("-*• ").strip())
    return found


def coincidences(positions: list[Position], order: list[Actor]) -> list[Coincidence]:
    """The actors whose recorded positions, or interests, on one issue share an item, grouped
    by the actors who share it; in the columns' order (`order`), positions before interests.
    It compares words, not meanings: the page says so."""
    place = {actor.pk: i for i, actor in enumerate(order)}
    by_pk = {actor.pk: actor for actor in order}
    # only the actors the reader may see (the columns): a position shared with a party must not
    # name an actor kept from it
    positions = [p for p in positions if p.actor_id in place]
    found: list[Coincidence] = []
    for kind in ("position", "interests"):
        holders: dict[str, list[Position]] = {}
        for pos in sorted(positions, key=lambda p: place.get(p.actor_id, len(place))):
            for key in _items(getattr(pos, kind)):
                holders.setdefault(key, []).append(pos)
        groups: dict[tuple[int, ...], list[str]] = {}
        for key, held in holders.items():
            if len(held) > 1:
                groups.setdefault(tuple(p.actor_id for p in held), []).append(
                    _items(getattr(held[0], kind))[key]
                )
        found.extend(
            Coincidence(kind, tuple(by_pk[pk] for pk in pks), tuple(texts))
            for pks, texts in groups.items()
        )
    return found


NAMED_IN_A_CELL = 3  # a cell names this many partners, then counts the others


def _named(partners: dict[int, Actor]) -> str:
    """ "GOV, REB and 4 others": the actors a cell's position coincides with, kept short
    (the list under the matrix names them all)."""
    names = [actor.short_label for actor in partners.values()]
    if len(names) <= NAMED_IN_A_CELL + 1:
        return format_list(names)
    others = len(names) - NAMED_IN_A_CELL
    count = ngettext("%(n)d other", "%(n)d others", others) % {"n": others}
    return format_list([*names[:NAMED_IN_A_CELL], count])


def positions_matrix(access: CaseAccess) -> dict[str, Any]:
    """Actors × issues: each cell the actor's position on the issue, its interests and fears
    (Step 1.1.2). The columns: the actors that stand for parties (in the parties' order), then
    every other actor with a position the member may read (the stakeholders, by name). The
    rows: the issues in the team's order (issue_order), each with the actors whose positions or
    interests on it coincide."""
    membership = access.membership
    issues: list[ContestedIssue] = list(
        records_visible(_type("issues"), membership).order_by(*issue_order())
    )
    positions: list[Position] = list(records_visible(_type("positions"), membership))
    with_positions = {p.actor_id for p in positions}
    actors: list[Actor] = list(
        records_visible(_type("actors"), membership)
        .filter(Q(stands_for__isnull=False) | Q(pk__in=with_positions))
        .select_related("stands_for")
    )
    parties = sorted(
        (a for a in actors if not a.is_stakeholder),
        key=lambda a: (a.short_label.lower(), a.pk),
    )
    stakeholders = [a for a in actors if a.is_stakeholder]  # by name (the actors' order)
    columns = parties + stakeholders
    grid = {(p.issue_id, p.actor_id): p for p in positions}
    by_issue: dict[int, list[Position]] = {}
    for pos in positions:
        by_issue.setdefault(pos.issue_id, []).append(pos)
    rows = []
    for issue in issues:
        shared = coincidences(by_issue.get(issue.pk, []), columns)
        # each cell: the position, and the other actors it coincides with (named)
        partners: dict[int, dict[int, Actor]] = {}
        for found in shared:
            for actor in found.actors:
                partners.setdefault(actor.pk, {}).update(
                    {other.pk: other for other in found.actors if other.pk != actor.pk}
                )
        rows.append(
            {
                "issue": issue,
                "cells": [
                    (grid.get((issue.pk, actor.pk)), _named(partners.get(actor.pk, {})))
                    for actor in columns
                ],
                "room_for_a_deal": issue.room_for_a_deal,
                "out_of_scope": issue.scope == IssueScope.OUT_OF_SCOPE,
                "coincidences": shared,
            }
        )
    return {
        "columns": columns,
        "party_count": len(parties),
        "stakeholder_count": len(stakeholders),
        "rows": rows,
        "any_coincidence": any(row["coincidences"] for row in rows),
    }


def actor_url(actor: Actor) -> str:
    return reverse("analysis:detail", args=[actor.case.public_id, "actors", actor.public_id])
