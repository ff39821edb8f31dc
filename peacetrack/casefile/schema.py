"""The case file's JSON Schema: the core (schema_core.json) plus every registered section.

`python -m peacetrack.casefile.schema` rewrites schema.json, the published copy; a test checks
that the published copy is current.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

from peacetrack.casefile.sections import sections

HERE = Path(__file__).resolve().parent
SCHEMA_VERSION = 5
# Older versions are upgraded on reading (upgrades.py), then checked against this schema.
READABLE_VERSIONS = (1, 2, 3, 4, 5)


def full_schema() -> dict[str, Any]:
    schema: dict[str, Any] = copy.deepcopy(json.loads((HERE / "schema_core.json").read_text()))
    schema["$id"] = f"https://peacetrack.org/schema/case-file/{SCHEMA_VERSION}.json"
    schema["title"] = f"Peacetrack case file, schema version {SCHEMA_VERSION}"
    schema["properties"]["schema_version"] = {"const": SCHEMA_VERSION}
    for section in sections():
        schema["properties"][section.key] = section.schema
    return schema


def published() -> str:
    return json.dumps(full_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    (HERE / "schema.json").write_text(published())
    sys.stdout.write(f"wrote {HERE / 'schema.json'}\n")
