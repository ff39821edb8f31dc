"""Optimistic concurrency: no edit silently overwrites another one (docs/architecture.md).

Every editable row carries a `version` (1 when made, one more on each change). An edit form and
an API client send the version they read; the update service compares it with the row's
version inside its transaction (`version_check`) and refuses a stale edit with `StaleEdit`,
whose message names the fields changed since and who changed them (from the audit trail's
update events since that version). The service then stores the next version (`version_next`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from peacetrack.audit.models import AuditEvent
from peacetrack.cases.lists import format_list


class StaleEdit(ValidationError):
    """An edit made against an older version of a row. `current_version` is the row's version
    now: a form shows it so that a second submit, made knowingly, goes through."""

    def __init__(
        self,
        *,
        current_version: int,
        fields: list[str],
        people: list[str],
        message: str | None = None,
    ) -> None:
        self.current_version = current_version
        self.changed_fields = fields
        self.changed_by = people
        who = format_list(people) or _("Someone")
        if message is not None:
            pass
        elif fields:
            message = _(
                "%(who)s changed %(fields)s since you opened this form. Your input is kept "
                "below: check it against the current values and save again."
            ) % {"who": who, "fields": format_list(fields)}
        else:
            message = _(
                "%(who)s changed this since you opened this form. Your input is kept below: "
                "check it against the current values and save again."
            ) % {"who": who}
        super().__init__(message, code="stale")


def _label(model: type[models.Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return capfirst(name.replace("_", " "))
    return str(capfirst(getattr(field, "verbose_name", name)))


def changes_since(obj: models.Model, count: int) -> tuple[list[str], list[str]]:
    """The fields the last `count` update events of `obj` changed, and who made them."""
    events = list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            before__isnull=False,
            after__isnull=False,
        )
        .select_related("actor")
        .order_by("-id")[: max(count, 0)]
    )
    changed: set[str] = set()
    people: list[str] = []
    for event in reversed(events):
        before, after = event.before or {}, event.after or {}
        changed |= {name for name in {*before, *after} if before.get(name) != after.get(name)}
        actor = event.actor
        person = str(actor.get_full_name() or actor.email) if actor else event.actor_label
        if person not in people:
            people.append(person)
    # In the model's own field order (PostgreSQL's jsonb does not keep the order keys were
    # written in, so the stored values cannot give it).
    order = {field.name: i for i, field in enumerate(type(obj)._meta.get_fields())}
    fields: list[str] = []
    for name in sorted(changed, key=lambda name: (order.get(name, len(order)), name)):
        label = _label(type(obj), name)
        if label not in fields:
            fields.append(label)
    return fields, people


def version_check(obj: Any, expected_version: int | None) -> int:
    """Call first thing in an update service's transaction. Locks the row (where the
    database can), refuses a stale edit and returns the row's current version. With
    `expected_version` None (the CLI, an import, a cascade), no check is made."""
    model = type(obj)
    current = (
        model._base_manager.select_for_update()
        .filter(pk=obj.pk)
        .values_list("version", flat=True)
        .first()
    )
    current = int(current if current is not None else obj.version)
    if expected_version is not None and expected_version != current:
        fields, people = changes_since(obj, current - expected_version)
        raise StaleEdit(current_version=current, fields=fields, people=people)
    return current


def version_next(obj: Any, current: int) -> None:
    """Give `obj` the version after `current` before it is saved."""
    obj.version = current + 1
