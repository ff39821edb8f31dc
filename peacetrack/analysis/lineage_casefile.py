"""The case file's share of lineage.py: the team's own list items (`analysis.list_items`) and
the splits and mergers of actors (`analysis.actor_changes`), with actors named by their file
reference ("A3")."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from peacetrack.analysis.models import Actor, ActorChange, ChangeKind, ExtensibleList, ListItem
from peacetrack.analysis.models.lineage import validate_approximate_date
from peacetrack.analysis.models.lists import OWN_KEY_MAX, OWN_KEY_PATTERN
from peacetrack.casefile.sections import ImportContext
from peacetrack.cases.models import Case
from peacetrack.cases.records import CaseRecord
from peacetrack.cases.visibility import visibility_fields

APPROXIMATE = {
    "type": "string",
    "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?~?$",
}
LIST_ITEMS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["list", "key", "label"],
        "properties": {
            "list": {"type": "string", "enum": list(ExtensibleList.values)},
            "key": {"type": "string", "pattern": OWN_KEY_PATTERN, "maxLength": OWN_KEY_MAX},
            "label": {"type": "string", "minLength": 1, "maxLength": 120},
            "description": {"type": "string", "maxLength": 2000},
        },
    },
}
_REFS = {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 20}}
ACTOR_CHANGES_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "date", "before", "after"],
        "properties": {
            "kind": {"type": "string", "enum": list(ChangeKind.values)},
            "date": APPROXIMATE,
            "description": {"type": "string", "maxLength": 3000},
            "before": {**_REFS, "minItems": 1},
            "after": {**_REFS, "minItems": 1},
            "visibility": {
                "type": "string",
                "pattern": "^(team|parties|track2|public|party:[A-Za-z0-9_-]{1,30})$",
            },
        },
    },
}


def export_list_items(case: Case) -> list[dict[str, Any]]:
    return [
        {"list": i.list_key, "key": i.key, "label": i.label, "description": i.description}
        for i in ListItem.objects.filter(case=case).order_by("list_key", "key")
    ]


def export_changes(case: Case, refs: dict[Any, str]) -> list[dict[str, Any]]:
    changes = (
        ActorChange.objects.filter(case=case)
        .select_related("visibility_party")
        .prefetch_related("before", "after")
    )
    return [
        {
            "kind": change.kind,
            "date": change.date,
            "description": change.description,
            "before": sorted(refs[(Actor, a.pk)] for a in change.before.all()),
            "after": sorted(refs[(Actor, a.pk)] for a in change.after.all()),
            "visibility": change.visibility_code,
        }
        for change in changes
    ]


def prepare_list_items(items: list[dict[str, Any]], context: ImportContext) -> list[ListItem]:
    built: list[ListItem] = []
    seen: set[tuple[str, str]] = set()
    for position, item in enumerate(items):
        path = ("analysis", "list_items", position)
        key = (item["list"], item["key"])
        if key in seen:
            context.problem((*path, "key"), _("%(key)r is used twice") % {"key": item["key"]})
            continue
        seen.add(key)
        built.append(
            ListItem(
                case=context.case,
                list_key=item["list"],
                key=item["key"],
                label=item["label"].strip(),
                description=item.get("description", "").strip(),
            )
        )
    return built


def _shifted(value: str, shift: datetime.timedelta) -> str:
    """A date of a day moves with the import's shift; a year or a month stays as written."""
    bare = value.rstrip("~")
    if len(bare) != 10:
        return value
    day = datetime.date.fromisoformat(bare) + shift
    return day.isoformat() + ("~" if value.endswith("~") else "")


def prepare_changes(
    items: list[dict[str, Any]], refs: dict[str, CaseRecord], context: ImportContext
) -> list[ActorChange]:
    built: list[ActorChange] = []
    for position, item in enumerate(items):
        path = ("analysis", "actor_changes", position)
        ok = True
        linked: dict[str, list[CaseRecord]] = {}
        for side in ("before", "after"):
            linked[side] = []
            for index, ref in enumerate(item[side]):
                target = refs.get(ref)
                if not isinstance(target, Actor):
                    context.problem(
                        (*path, side, index),
                        _("%(value)r refers to no earlier %(kind)s")
                        % {"value": ref, "kind": Actor._meta.verbose_name},
                    )
                    ok = False
                linked[side].append(target)  # type: ignore[arg-type]
        if ok and set(map(id, linked["before"])) & set(map(id, linked["after"])):
            context.problem(
                (*path, "after"), _("An actor cannot be both before and after the change.")
            )
            ok = False
        try:
            validate_approximate_date(item["date"])
            date = _shifted(item["date"], context.shift)
        except (ValidationError, ValueError) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            for message in messages:
                context.problem((*path, "date"), message)
            continue
        try:
            fields = visibility_fields(item.get("visibility", "team"), context.parties.values())
        except ValidationError as exc:
            for message in exc.messages:
                context.problem((*path, "visibility"), message)
            continue
        if not ok:
            continue
        change = ActorChange(
            case=context.case,
            kind=item["kind"],
            date=date,
            description=item.get("description", "").strip(),
            **fields,
        )
        change.task_key = change.assigned_task()
        change.pending_many = linked  # type: ignore[attr-defined]
        built.append(change)
    return built


def load_changes(changes: list[ActorChange], context: ImportContext) -> None:
    context.write("analysis.actor_changes", changes)
    for side in ("before", "after"):
        through: Any = getattr(ActorChange, side).through
        through._default_manager.bulk_create(
            [
                through(actorchange_id=change.pk, actor_id=actor.pk)
                for change in changes
                for actor in change.pending_many[side]  # type: ignore[attr-defined]
            ],
            batch_size=1000,
        )
