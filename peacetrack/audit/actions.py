"""The names of audit actions, declared once by the app that writes them.

An action is named `<app>.<record>.<verb>` (`analysis.position.create`, `cases.task.update`), so
two capabilities that both keep "commitments" never collide. Each app declares its actions as
module constants, in a module its services import:

    TASK_UPDATE = register_action(
        "cases.task.update", _("updated task %(name)s"), kind=TASK_KIND, aliases=("task.update",)
    )

and passes the constant to `audit_record(action=TASK_UPDATE, ...)`. The trail is append-only, so
rows written under an older name keep it: `aliases` maps those names to the action, and
`action_named` reads both.

A `RecordKind` describes the record type an action concerns (one per model): its label for the
trail's filter, how to name, link and place (task key) a record, how its stored values read, and,
for kinds that parties may read, which records a member may see now (`visible`). Kinds without
`visible` are shown to the mediation team only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise

if TYPE_CHECKING:
    from peacetrack.cases.models import Membership

Text = str | Promise
ValueRenderer = Callable[[Any], str]

ACTION_NAME = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+$")


def _task_key(record: models.Model) -> str:
    return str(getattr(record, "task_key", "") or "")


@dataclass(frozen=True)
class RecordKind:
    """A record type as the trail shows it."""

    object_type: str  # the model's label_lower, as AuditEvent.object_type stores it
    label: Text  # plural, for the trail's filter ("Positions")
    singular: Text  # as it reads inside a sentence ("position")
    # What a member who is not on the team may read now; None: the team only.
    visible: Callable[[Membership], models.QuerySet[Any]] | None = None
    # Only the lead mediator reads about these (invitations, accounts), on the trail.
    lead_only: bool = False
    # Written on a case's trail (False: site-wide, as accounts are; not offered as a filter).
    on_case: bool = True
    url: Callable[[Any], str] | None = None
    name: Callable[[Any], str] = str
    task_key: Callable[[Any], str] = _task_key
    related: tuple[str, ...] = ()  # select_related when the trail loads current records
    # How stored values of some fields read (JSON lists, handbook keys...), by field name.
    values: dict[str, ValueRenderer] = field(default_factory=dict)
    # Labels of fields and of the keys of structured (JSON object) fields ("profile.cohesion").
    keys: dict[str, Text] = field(default_factory=dict)
    # Stored values the trail does not show (internal ids kept for the record).
    hidden: tuple[str, ...] = ()

    @property
    def model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.object_type)


@dataclass(frozen=True)
class Action:
    name: str
    text: Text  # the verb in words; %(name)s: the record's name, %(kind)s: its kind
    kind: RecordKind
    aliases: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.name

    def sentence(self, record_name: str) -> str:
        return str(self.text) % {"name": record_name, "kind": self.kind.singular}


_ACTIONS: dict[str, Action] = {}
_KINDS: dict[str, RecordKind] = {}


def register_kind(kind: RecordKind) -> RecordKind:
    existing = _KINDS.get(kind.object_type)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"record kind {kind.object_type} is declared twice")
    _KINDS[kind.object_type] = kind
    return kind


def register_action(
    name: str, text: Text, *, kind: RecordKind, aliases: tuple[str, ...] = ()
) -> Action:
    """Declare an action once; a second declaration of the same name is an error."""
    if not ACTION_NAME.match(name):
        raise ImproperlyConfigured(f"audit action {name!r} is not named <app>.<record>.<verb>")
    action = Action(name=name, text=text, kind=register_kind(kind), aliases=aliases)
    for key in (name, *aliases):
        existing = _ACTIONS.get(key)
        if existing is not None and existing != action:
            raise ImproperlyConfigured(f"audit action {key!r} is declared twice")
    for key in (name, *aliases):
        _ACTIONS[key] = action
    return action


def action_named(name: str) -> Action | None:
    """The action stored under `name` (its own name or an older alias), None if unknown."""
    return _ACTIONS.get(name)


def action_for(model: type[models.Model], verb: str) -> Action | None:
    """The action its app declared for `verb` ("delete", "update") on records of `model`, None
    if it declared none: how the foundation audits what it does to any app's records."""
    object_type = model._meta.label_lower
    for action in _ACTIONS.values():
        if action.kind.object_type == object_type and action.name.rsplit(".", 1)[1] == verb:
            return action
    return None


def kind_for(object_type: str) -> RecordKind | None:
    return _KINDS.get(object_type)


def record_kinds() -> list[RecordKind]:
    """Every declared record kind, by label (the trail's filter)."""
    return sorted(_KINDS.values(), key=lambda kind: str(kind.label).lower())
