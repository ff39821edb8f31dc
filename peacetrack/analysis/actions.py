"""The audit actions of step-1 records (audit/actions.py): three per record type, declared once.

Older rows name them `<slug>.<verb>` (`positions.create`); those names are kept as aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from peacetrack.analysis.access import records_visible
from peacetrack.analysis.display import list_item_title, record_url, title
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.audit.actions import Action, RecordKind, ValueRenderer, register_action


@dataclass(frozen=True)
class RecordActions:
    create: Action
    update: Action
    delete: Action


def _handbook_item(list_key: str) -> ValueRenderer:
    return lambda key: list_item_title(list_key, str(key)) if key else "—"


def _kind(rtype: RecordType) -> RecordKind:
    values: dict[str, ValueRenderer] = {}
    keys: dict[str, Any] = {}
    if rtype.list_field:
        values[rtype.list_field] = _handbook_item(rtype.handbook_list)
    for name, own in rtype.formats.items():  # how the type says its values read
        values[name] = own.trail or own.text
    if rtype.trail_keys is not None:  # keys inside its JSON values
        keys, key_values = rtype.trail_keys()
        values.update(key_values)
    return RecordKind(
        object_type=rtype.model._meta.label_lower,
        label=rtype.plural,
        singular=rtype.singular,
        visible=lambda membership: records_visible(rtype, membership),
        url=record_url,
        name=title,
        related=("case", "visibility_party", *rtype.related),
        values=values,
        keys=keys,
    )


def _register(rtype: RecordType) -> RecordActions:
    kind = _kind(rtype)
    record = rtype.model._meta.model_name
    return RecordActions(
        create=register_action(
            f"analysis.{record}.create",
            _("added %(kind)s “%(name)s”"),
            kind=kind,
            aliases=(f"{rtype.slug}.create",),
        ),
        update=register_action(
            f"analysis.{record}.update",
            _("changed %(kind)s “%(name)s”"),
            kind=kind,
            aliases=(f"{rtype.slug}.update",),
        ),
        delete=register_action(
            f"analysis.{record}.delete",
            _("deleted %(kind)s “%(name)s”"),
            kind=kind,
            aliases=(f"{rtype.slug}.delete",),
        ),
    )


RECORD_ACTIONS: dict[str, RecordActions] = {rtype.slug: _register(rtype) for rtype in RECORD_TYPES}
