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
    """Version 4 (issue 10): one small function per topic."""
    data = _v4_leverage_holders(data)
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
