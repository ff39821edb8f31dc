"""Older case files still import: a chain of small upgraders, one per schema version.

Each `upgrade_N_to_M` takes a file of version N (already known to be a JSON object) and returns
it as version M. When the file format changes, bump SCHEMA_VERSION in schema.py and add the
next upgrader here; reading runs every upgrader from the file's version to the current one,
then checks the result against the current JSON Schema.
"""

from __future__ import annotations

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


def upgrade_3_to_4(data: CaseFile) -> CaseFile:
    """Version 4 (issue 10): step 1 holds a real case. One function per topic."""
    data = _v4_provenance(data)
    return {**data, "schema_version": 4}


UPGRADERS: dict[int, Callable[[CaseFile], CaseFile]] = {
    1: upgrade_1_to_2,
    2: upgrade_2_to_3,
    3: upgrade_3_to_4,
}


def upgrade(data: CaseFile, current: int) -> CaseFile:
    """Run every upgrader from the file's version up to `current`."""
    while data["schema_version"] < current:
        data = UPGRADERS[data["schema_version"]](data)
    return data
