"""The audit actions of step-1 records (audit/actions.py): three per record type, declared once.

Older rows name them `<slug>.<verb>` (`positions.create`); those names are kept as aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from peacetrack.analysis.access import records_visible
from peacetrack.analysis.display import list_item_title, record_url, title
from peacetrack.analysis.lists import humanized
from peacetrack.analysis.models.lists import OWN_PREFIX
from peacetrack.analysis.registry import RECORD_TYPES, RecordType
from peacetrack.audit.actions import Action, RecordKind, ValueRenderer, register_action


@dataclass(frozen=True)
class RecordActions:
    create: Action
    update: Action
    delete: Action


def _handbook_item(list_key: str) -> ValueRenderer:
    """A list item's title; the team's own by its key in words (the trail has no case)."""

    def render(key: Any) -> str:
        if not key:
            return "—"
        if str(key).startswith(OWN_PREFIX):
            return humanized(str(key))
        return list_item_title(list_key, str(key))

    return render


def _names(model: Any) -> ValueRenderer:
    """Records of a many-to-many field, stored by id, by name."""
    return lambda ids: ", ".join(str(r) for r in model._default_manager.filter(pk__in=ids)) or "—"


def _kind(rtype: RecordType) -> RecordKind:
    values: dict[str, ValueRenderer] = {}
    keys: dict[str, Any] = {}
    for name, list_key in rtype.payload.extensible().items():
        values[name] = _handbook_item(list_key)
    for name in rtype.payload.many_references():
        values[name] = _names(rtype.field(name).related_model)
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


# Splits and mergers of actors (analysis/lineage.py)


def _changes_visible(membership: Any) -> Any:
    from peacetrack.analysis.lineage import changes_visible

    return changes_visible(membership)


def _change_name(change: Any) -> str:
    from peacetrack.analysis.lineage import change_title

    return change_title(change)


def _change_url(change: Any) -> str:
    """A change is shown on the page of the actor it started from."""
    first = change.before.first()
    return record_url(first) if first is not None else ""


def _names_list(values: Any) -> str:
    """Actors as a change's event stores them: by name (recorded), by id (unlinked)."""
    from peacetrack.analysis.models import Actor

    values = list(values or [])
    if values and all(isinstance(value, int) for value in values):
        values = [a.name for a in Actor.objects.filter(pk__in=values)]
    return ", ".join(str(value) for value in values) or "—"


ACTOR_CHANGE_KIND = RecordKind(
    object_type="analysis.actorchange",
    label=_("Splits and mergers"),
    singular=_("split or merger"),
    visible=_changes_visible,
    url=_change_url,
    name=_change_name,
    related=("case", "visibility_party"),
    values={"before": _names_list, "after": _names_list},
    keys={"before": _("actors before"), "after": _("actors after")},
)
ACTOR_SPLIT = register_action(
    "analysis.actorchange.split", _("recorded the split “%(name)s”"), kind=ACTOR_CHANGE_KIND
)
ACTOR_MERGE = register_action(
    "analysis.actorchange.merge", _("recorded the merger “%(name)s”"), kind=ACTOR_CHANGE_KIND
)
# (when an actor it links is deleted: cases/deletion.py)
ACTOR_CHANGE_UPDATE = register_action(
    "analysis.actorchange.update",
    _("changed the split or merger “%(name)s”"),
    kind=ACTOR_CHANGE_KIND,
)
ACTOR_CHANGE_DELETE = register_action(
    "analysis.actorchange.delete",
    _("deleted the split or merger “%(name)s”"),
    kind=ACTOR_CHANGE_KIND,
)

# The team's own items of the lists it can extend (analysis/lists.py)

LIST_ITEM_KIND = RecordKind(
    object_type="analysis.listitem",
    label=_("Items of the team's own"),
    singular=_("item of the team's own"),
    name=str,
    related=("case",),
)
LIST_ITEM_CREATE = register_action(
    "analysis.listitem.create", _("added the list item “%(name)s”"), kind=LIST_ITEM_KIND
)
LIST_ITEM_DELETE = register_action(
    "analysis.listitem.delete", _("deleted the list item “%(name)s”"), kind=LIST_ITEM_KIND
)
