"""Older case files still import: a chain of small upgraders, one per schema version.

Each `upgrade_N_to_M` takes a file of version N (already known to be a JSON object) and returns
it as version M. When the file format changes, bump SCHEMA_VERSION in schema.py and add the
next upgrader here; reading runs every upgrader from the file's version to the current one,
then checks the result against the current JSON Schema.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

CaseFile = dict[str, Any]


def upgrade_1_to_2(data: CaseFile) -> CaseFile:
    """Version 2 added the optional "analysis" section (step 1); nothing else changed."""
    return {**data, "schema_version": 2}


def upgrade_2_to_3(data: CaseFile) -> CaseFile:
    """Version 3 added the case's stable identifier (`case.uid`, optional: a version-2 case
    gets a new one), the informative "confidential" line, and reads note authors and task
    owners as the stated origin of the record (text, not accounts). Version-2 content is valid
    version-3 content as it stands."""
    return {**data, "schema_version": 3}


def _v4_dates(data: CaseFile) -> None:
    """Time as histories have it. Dates of the past may be a year, a month or a day, "about"
    or not (EDTF: "1976", "1976-12", "1976-12-04~"): every version-3 date is one, to the day.
    A tie's `since` becomes its `started` (ties may now end). An issue's dated `events` become
    events of the case's history naming the issue (one timeline), and an event's one `issue`
    its list of `issues`; earlier mediation attempts get a reference (events may name one)."""
    analysis = data.get("analysis")
    if not isinstance(analysis, dict):
        return
    for tie in analysis.get("ties") or []:
        if isinstance(tie, dict) and "since" in tie:
            since = tie.pop("since")
            if since is not None:
                tie["started"] = since
    events = [e for e in analysis.get("events") or [] if isinstance(e, dict)]
    for event in events:
        if "issue" in event:
            issue = event.pop("issue")
            event["issues"] = [issue] if issue is not None else []
    for issue in analysis.get("issues") or []:
        if not isinstance(issue, dict) or "events" not in issue:
            continue
        for entry in issue.pop("events") or []:
            if not isinstance(entry, dict):
                continue
            text = str(entry.get("description", "")).strip()
            title = text if len(text) <= 200 else text[:199].rstrip() + "…"
            events.append(
                {
                    "date": entry.get("date"),
                    "title": title,
                    "kind": "event",
                    "issues": [issue["ref"]] if "ref" in issue else [],
                    "description": "" if title == text else text,
                    "visibility": issue.get("visibility", "team"),
                }
            )
    if "events" in analysis or events:
        analysis["events"] = events
    taken = {
        item["ref"]
        for items in analysis.values()
        if isinstance(items, list)
        for item in items
        if isinstance(item, dict) and isinstance(item.get("ref"), str)
    }
    number = 0
    for attempt in analysis.get("mediations") or []:
        if isinstance(attempt, dict) and "ref" not in attempt:
            number += 1
            while f"M{number}" in taken:
                number += 1
            attempt["ref"] = f"M{number}"


def _v4_stakeholders(data: CaseFile) -> CaseFile:
    """Positions and strength assessments belong to an actor (a party's to the actor that
    stands for it). Each party's actor is its one conflict-party actor on its side, now marked
    `stands_for`, or a new actor entry when it has none (or several); the positions and
    strength assessments that named the party by short name name that actor's reference."""
    analysis = data.get("analysis")
    if not isinstance(analysis, dict):
        return data
    analysis = copy.deepcopy(analysis)
    actors = analysis.setdefault("actors", [])
    refs = {actor.get("ref") for actor in actors if isinstance(actor, dict)}
    standing: dict[str, Any] = {}
    for party in data.get("parties") or []:
        if not isinstance(party, dict) or not isinstance(party.get("short_name"), str):
            continue
        short_name = party["short_name"]
        candidates = [
            actor
            for actor in actors
            if isinstance(actor, dict)
            and actor.get("kind") == "conflict_party"
            and actor.get("party") == short_name
            and not actor.get("stands_for")
        ]
        named = any(
            isinstance(item, dict) and item.get("party") == short_name
            for slug in ("positions", "strength")
            for item in analysis.get(slug) or []
        )
        if len(candidates) == 1:
            candidates[0]["stands_for"] = short_name
            standing[short_name] = candidates[0].get("ref", short_name)
        elif named:
            number = len(actors) + 1
            while f"A{number}" in refs:
                number += 1
            ref = f"A{number}"
            refs.add(ref)
            actors.append(
                {
                    "ref": ref,
                    "name": party.get("name") or short_name,
                    "kind": "conflict_party",
                    "party": short_name,
                    "stands_for": short_name,
                    "visibility": "public",
                }
            )
            standing[short_name] = ref
    for slug in ("positions", "strength"):
        for item in analysis.get(slug) or []:
            if isinstance(item, dict) and "party" in item:
                party = item.pop("party")
                item["actor"] = standing.get(party, party)  # unknown: reported on import
    return {**data, "analysis": analysis}


def _v4_provenance(data: CaseFile) -> CaseFile:
    """Every step-1 record may say where its facts came from (source_note, information_date,
    confidence, alleged_by), and each answer of an actor's profile is an object with its text
    and the same four values. A version-3 tie or position without a confidence had "medium"
    (its default then; now a blank confidence means "not stated"), so it is written out; a
    version-3 profile answer (a string) becomes {"text": ...}, and an empty one is dropped."""
    analysis = data.get("analysis")
    if not isinstance(analysis, dict):
        return data
    analysis = dict(analysis)
    for slug in ("ties", "positions"):
        items = analysis.get(slug)
        if isinstance(items, list):
            analysis[slug] = [
                {**item, "confidence": "medium"}
                if isinstance(item, dict) and "confidence" not in item
                else item
                for item in items
            ]
    actors = analysis.get("actors")
    if isinstance(actors, list):
        analysis["actors"] = [_answers_as_objects(actor) for actor in actors]
    return {**data, "analysis": analysis}


def _answers_as_objects(actor: Any) -> Any:
    if not isinstance(actor, dict) or not isinstance(actor.get("profile"), dict):
        return actor
    profile = {
        key: {"text": answer} if isinstance(answer, str) else answer
        for key, answer in actor["profile"].items()
        if answer != ""
    }
    return {**actor, "profile": profile}


def _v4_leverage_holders(data: CaseFile) -> CaseFile:
    """A source of leverage has several holders: `holder` (a reference or null) becomes
    `holders` (a list)."""
    analysis = data.get("analysis")
    if not isinstance(analysis, dict) or not isinstance(analysis.get("leverage"), list):
        return data
    leverage = []
    for item in analysis["leverage"]:
        if isinstance(item, dict) and "holder" in item:
            holder = item["holder"]
            item = {k: v for k, v in item.items() if k != "holder"}
            item["holders"] = [] if holder is None else [holder]
        leverage.append(item)
    return {**data, "analysis": {**analysis, "leverage": leverage}}


def upgrade_3_to_4(data: CaseFile) -> CaseFile:
    """Version 4 (issue 10): step 1 holds a real case. One function per topic."""
    data = _v4_stakeholders(data)
    data = _v4_provenance(data)
    data = copy.deepcopy(data)
    _v4_dates(data)
    data = _v4_leverage_holders(data)
    return {**data, "schema_version": 4}


def upgrade_4_to_5(data: CaseFile) -> CaseFile:
    """Version 5 (issue 13) added the optional "advisor" section: the team's reviews of the
    advisor's findings. An older file has none, so nothing was reviewed: its findings import
    open. Version-4 content is valid version-5 content as it stands."""
    return {**data, "schema_version": 5}


UPGRADERS: dict[int, Callable[[CaseFile], CaseFile]] = {
    1: upgrade_1_to_2,
    2: upgrade_2_to_3,
    3: upgrade_3_to_4,
    4: upgrade_4_to_5,
}


def upgrade(data: CaseFile, current: int) -> CaseFile:
    """Run every upgrader from the file's version up to `current`."""
    while data["schema_version"] < current:
        data = UPGRADERS[data["schema_version"]](data)
    return data
