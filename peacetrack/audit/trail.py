"""How audit events read on a page: rendered when shown, from the action and the stored values.

The stored `summary` is a plain note in the language of the day it was written; what a page shows
comes from here, in the reader's language: the verb in words ("added position “Return of
refugees”"), field labels instead of names, labels instead of codes, names of records instead of
ids, people by name (as the reader may see them) and structured values as readable fields.

`trail_entries` reads the records and people a list of events mentions in one query per model,
however many events there are.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from peacetrack.accounts.types import Person
from peacetrack.audit.actions import RecordKind, action_named, kind_for
from peacetrack.audit.models import AuditEvent

EMPTY = "—"
NAME_KEYS = ("title", "name", "short_name")


class Readers(Protocol):
    """Who the reader may see (cases/people.py `People`)."""

    def label(self, user: Person | None, *, empty: str = ...) -> str: ...

    def actor_label(self, event: AuditEvent) -> str: ...


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class TrailEntry:
    event: AuditEvent
    who: str
    text: str  # the sentence: "added position “Return of refugees”"
    url: str = ""
    task_key: str = ""
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def at(self) -> datetime.datetime:
        return self.event.at


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def load_records(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], models.Model]:
    """The records still present among (object_type, id) pairs, one query per type."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for object_type, object_id in pairs:
        if object_id:
            wanted[object_type].add(object_id)
    found: dict[tuple[str, str], models.Model] = {}
    for object_type, ids in wanted.items():
        model = _model(object_type)
        if model is None:
            continue
        kind = kind_for(object_type)
        queryset = model._base_manager.all()
        if kind is not None and kind.related:
            queryset = queryset.select_related(*kind.related)
        valid = [i for i in ids if i.isdigit()]
        for record in queryset.filter(pk__in=valid):
            found[(object_type, str(record.pk))] = record
    return found


def record_name(record: models.Model) -> str:
    kind = kind_for(record._meta.label_lower)
    return kind.name(record) if kind is not None else str(record)


def _visibility(code: Any) -> str:
    from peacetrack.cases.models import Visibility

    text = str(code)
    if text.startswith("party:"):
        return _("Team and %(party)s") % {"party": text.removeprefix("party:")}
    if text in Visibility.values:
        return str(Visibility(text).label)
    return text


def _plain(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "; ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{capfirst(str(k).replace('_', ' '))}: {_plain(v)}" for k, v in value.items()
        )
    return str(value)


class _Renderer:
    """Renders the values of a page's events, with the records they point at loaded once."""

    def __init__(
        self, events: Sequence[AuditEvent], readers: Readers, *, with_values: bool
    ) -> None:
        self.readers = readers
        self.user_model = get_user_model()
        references: list[tuple[str, str]] = []
        user_ids: set[int] = set()
        emails: set[str] = set()  # some services store people by e-mail
        for event in events:
            references.append((event.object_type, event.object_id))
            if event.actor_id:
                user_ids.add(event.actor_id)
            if not with_values:
                continue
            model = _model(event.object_type)
            for values in (event.before or {}, event.after or {}):
                for name, value in values.items():
                    target = _field(model, name)
                    if not isinstance(target, models.ForeignKey) or value is None:
                        continue
                    related = target.related_model
                    assert not isinstance(related, str)
                    if related is self.user_model:
                        if str(value).isdigit():
                            user_ids.add(int(value))
                        else:
                            emails.add(str(value))
                    elif str(value).isdigit():
                        references.append((related._meta.label_lower, str(value)))
        self.records = load_records(references)
        # Everyone the events name, in one query.
        users = (
            list(self.user_model._default_manager.filter(Q(pk__in=user_ids) | Q(email__in=emails)))
            if user_ids or emails
            else []
        )
        self.users = {user.pk: user for user in users}
        self.by_email = {user.email: user for user in users if user.email in emails}

    def record(self, object_type: str, object_id: Any) -> models.Model | None:
        return self.records.get((object_type, str(object_id)))

    def who(self, event: AuditEvent) -> str:
        user = self.users.get(event.actor_id) if event.actor_id else None
        if user is not None:
            return self.readers.label(user)
        return self.readers.actor_label(event)

    def value(self, kind: RecordKind | None, model: Any, name: str, value: Any) -> str:
        renderer = kind.values.get(name) if kind is not None else None
        if renderer is not None:
            return renderer(value) if value not in (None, "") else EMPTY
        if value is None or value == "":
            return EMPTY
        if name.endswith("visibility"):  # stored as the portable code (party:<short name>)
            return _visibility(value)
        target = _field(model, name)
        if isinstance(target, models.ForeignKey):
            related = target.related_model
            assert not isinstance(related, str)
            if related is self.user_model:
                user = self.by_email.get(str(value))
                if user is None and str(value).isdigit():
                    user = self.users.get(int(value))
                return self.readers.label(user, empty=_("a former account"))
            if str(value).isdigit():
                record = self.record(related._meta.label_lower, value)
                return record_name(record) if record is not None else _("a removed record")
        if target is not None and target.choices:
            return str(dict(target.flatchoices).get(value, value))
        if isinstance(target, models.DateTimeField):
            moment = parse_datetime(str(value))
            return date_format(moment, "DATETIME_FORMAT") if moment else str(value)
        if isinstance(target, models.DateField):
            day = parse_date(str(value))
            return date_format(day) if day else str(value)
        return _plain(value)

    def label(self, kind: RecordKind | None, model: Any, name: str) -> str:
        if kind is not None and name in kind.keys:
            return str(kind.keys[name])
        target = _field(model, name)
        if target is not None:
            return str(capfirst(target.verbose_name))
        return str(capfirst(name.rsplit(".", 1)[-1].replace("_", " ")))

    def changes(self, event: AuditEvent, kind: RecordKind | None) -> list[FieldChange]:
        model = _model(event.object_type)
        result: list[FieldChange] = []
        for name, before, after in event.changes():
            if kind is not None and name in kind.hidden:
                continue
            if isinstance(before, dict) or isinstance(after, dict):
                # A structured value (an actor's profile): one line per answer that changed.
                old, new = before or {}, after or {}
                label = self.label(kind, model, name)
                for key in dict.fromkeys([*old, *new]):
                    if old.get(key) == new.get(key):
                        continue
                    sub = f"{name}.{key}"
                    result.append(
                        FieldChange(
                            f"{label} — {self.label(kind, None, sub)}",
                            self.value(kind, None, sub, old.get(key)),
                            self.value(kind, None, sub, new.get(key)),
                        )
                    )
                continue
            result.append(
                FieldChange(
                    self.label(kind, model, name),
                    self.value(kind, model, name, before),
                    self.value(kind, model, name, after),
                )
            )
        return result

    def entry(self, event: AuditEvent, *, with_values: bool) -> TrailEntry:
        action = action_named(event.action)
        kind = action.kind if action is not None else kind_for(event.object_type)
        record = self.record(event.object_type, event.object_id)
        stored = {**(event.before or {}), **(event.after or {})}
        if record is not None:
            name = kind.name(record) if kind is not None else str(record)
        else:
            name = next((str(stored[k]) for k in NAME_KEYS if stored.get(k)), event.summary)
        text = action.sentence(name) if action is not None else f"{event.action} {name}".strip()
        task_key = ""
        if record is not None and kind is not None:
            task_key = kind.task_key(record)
        task_key = task_key or str(stored.get("task_key", ""))
        url = ""
        if record is not None and kind is not None and kind.url is not None:
            url = kind.url(record)
        return TrailEntry(
            event=event,
            who=self.who(event),
            text=text,
            url=url,
            task_key=task_key,
            changes=self.changes(event, kind) if with_values else [],
        )


def trail_entries(
    events: Sequence[AuditEvent], *, readers: Readers, with_values: bool = True
) -> list[TrailEntry]:
    """The events as the reader reads them. `with_values=False`: the sentence only, never the
    stored values (for readers outside the team, see cases/selectors.py `case_dashboard`)."""
    renderer = _Renderer(events, readers, with_values=with_values)
    return [renderer.entry(event, with_values=with_values) for event in events]
