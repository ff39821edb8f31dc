"""What goes with a record when it is deleted: the confirmation pages' preview, and the
deletion itself.

Found with Django's deletion collector, so records of every app that point at the record are
found without any type-specific code: those deleted with it (CASCADE) and those that stay but
lose their link (SET_NULL); a PROTECT or RESTRICT reference blocks the deletion. Capability apps
say how their records are named and linked (`register_describer`, in AppConfig.ready()). In a
preview only what the reader may see is named; the rest is counted.

`record_delete_with_dependents` deletes a record of any app with all that cascades from it,
unlinks the rest, and writes one audit event for each (actions from the audit registry).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, router, transaction
from django.db.models import F
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from peacetrack.accounts.types import Person
from peacetrack.audit.actions import Action, action_for
from peacetrack.audit.services import audit_record, snapshot
from peacetrack.cases.models import Case, Membership, VisibleRecord
from peacetrack.cases.visibility import visible_to


@dataclass(frozen=True)
class Dependent:
    kind: str  # what the user calls it: "Tie", "Position"
    name: str
    url: str = ""


@dataclass
class DeletionPreview:
    deleted: list[Dependent] = field(default_factory=list)  # go with it
    unlinked: list[Dependent] = field(default_factory=list)  # stay, without the link
    hidden: int = 0  # dependents the reader may not see: counted, never named

    def deleted_by_kind(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = defaultdict(int)
        for dependent in self.deleted:
            counts[dependent.kind] += 1
        return sorted(counts.items())


Describer = Callable[[models.Model], Dependent | None]
_describers: list[Describer] = []


def register_describer(describer: Describer) -> None:
    """`describer(obj)` names a record of the registering app (None: not one of mine)."""
    if describer not in _describers:
        _describers.append(describer)


def describe(obj: models.Model) -> Dependent:
    for describer in _describers:
        found = describer(obj)
        if found is not None:
            return found
    return Dependent(kind=capfirst(str(obj._meta.verbose_name)), name=str(obj))


class _ListingCollector(Collector):
    def can_fast_delete(self, *args: Any, **kwargs: Any) -> bool:
        return False  # load every object, so that it can be listed


def _readable(objs: Iterable[models.Model], membership: Membership) -> set[tuple[type, Any]]:
    """(model, pk) of the objects `membership` may read: visible records by their visibility
    and that of the records they point at; anything else by the team only."""
    by_model: dict[type[models.Model], list[Any]] = defaultdict(list)
    for obj in objs:
        by_model[type(obj)].append(obj.pk)
    readable: set[tuple[type, Any]] = set()
    for model, pks in by_model.items():
        if issubclass(model, VisibleRecord):
            through = tuple(
                f.name
                for f in model._meta.get_fields()
                if isinstance(f, models.ForeignKey)
                and isinstance(f.related_model, type)
                and issubclass(f.related_model, VisibleRecord)
            )
            queryset = visible_to(
                model._default_manager.filter(pk__in=pks), membership, through=through
            )
            readable.update((model, pk) for pk in queryset.values_list("pk", flat=True))
        elif membership.is_team:
            readable.update((model, pk) for pk in pks)
    return readable


def _attach_cases(objs: list[models.Model]) -> None:
    """Give each case record its case, loaded once for all: a dependent's link carries its
    case's public id, which must not cost a query per dependent."""
    case_ids = {getattr(o, "case_id", None) for o in objs} - {None}
    cases = Case.all_cases.in_bulk(case_ids)
    for o in objs:
        case = cases.get(getattr(o, "case_id", None))
        if case is not None:
            o._state.fields_cache["case"] = (
                case  # the foreign key's cache, as select_related fills it
            )


def deletion_preview(obj: models.Model, membership: Membership) -> DeletionPreview:
    """What deleting `obj` takes with it and what it unlinks, as `membership` may see it."""
    collector = _ListingCollector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    key = (type(obj), obj.pk)
    everything = [o for objs in collector.data.values() for o in objs]
    deleted = {(type(o), o.pk): o for o in everything if (type(o), o.pk) != key and not _is_link(o)}
    unlinked: dict[tuple[type, Any], models.Model] = {
        k: o
        for k, (o, _names) in _many_links(
            [o for o in everything if _is_link(o)], {*deleted, key}
        ).items()
    }
    # {(field, value): [querysets or lists of the objects to change]} (typed loosely by Django)
    field_updates = cast("dict[Any, list[Iterable[models.Model]]]", collector.field_updates)
    for batches in field_updates.values():
        for batch in batches:
            for o in batch:
                if (type(o), o.pk) not in deleted and (type(o), o.pk) != key:
                    unlinked[(type(o), o.pk)] = o
    _attach_cases([*deleted.values(), *unlinked.values()])
    readable = _readable([*deleted.values(), *unlinked.values()], membership)
    preview = DeletionPreview()
    for found, target in ((deleted, preview.deleted), (unlinked, preview.unlinked)):
        for k, o in found.items():
            if k in readable:
                target.append(describe(o))
            else:
                preview.hidden += 1
        target.sort(key=lambda d: (d.kind, d.name))
    return preview


def _many_links(
    objs: Iterable[models.Model], gone: set[tuple[type, Any]]
) -> dict[tuple[type, Any], tuple[models.Model, list[str]]]:
    """Rows of a many-to-many table (Django's own) that go with a deleted record: the record
    on their other side stays and loses that link ({(model, pk): (record, [field names])})."""
    owners: dict[type, dict[Any, list[str]]] = defaultdict(dict)
    for o in objs:
        through = type(o)
        owner: Any = through._meta.auto_created
        field_ = next(f for f in owner._meta.many_to_many if f.remote_field.through is through)
        owner_pk = getattr(o, f"{field_.m2m_field_name()}_id")
        if (owner, owner_pk) in gone:
            continue
        names = owners[owner].setdefault(owner_pk, [])
        if field_.name not in names:
            names.append(field_.name)
    found: dict[tuple[type, Any], tuple[models.Model, list[str]]] = {}
    for owner, by_pk in owners.items():
        for record in owner._default_manager.filter(pk__in=list(by_pk)):
            found[(owner, record.pk)] = (record, by_pk[record.pk])
    return found


def _related(model: type[models.Model], name: str) -> Any:
    return model._meta.get_field(name).related_model


def _links_snapshot(obj: models.Model, names: list[str]) -> dict[str, Any]:
    """The values of the links `obj` loses: a reference by id, many-to-many as a list of ids."""
    many = {f.name for f in obj._meta.many_to_many}
    values = snapshot(obj, [name for name in names if name not in many])
    for name in names:
        if name in many:
            values[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return values


def _is_link(obj: models.Model) -> bool:
    return bool(obj._meta.auto_created)


def _action(model: type[models.Model], verb: str) -> Action:
    action = action_for(model, verb)
    if action is None:
        raise ImproperlyConfigured(
            f"{model._meta.label_lower} declares no '{verb}' audit action (audit/actions.py)"
        )
    return action


def record_values(obj: models.Model) -> dict[str, Any]:
    """What an audit event keeps of a record it removes: its editable fields (references by
    id), the visibility in its portable form."""
    names = [
        f.name
        for f in obj._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in {"case", "visibility_party"}
    ]
    values = snapshot(obj, names)
    if isinstance(obj, VisibleRecord):
        values["visibility"] = obj.visibility_code
    return values


def _blocked(error: ProtectedError | RestrictedError, obj: models.Model) -> ValidationError:
    blockers: Iterable[models.Model] = (
        error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
    )
    names = sorted(f"{d.kind} “{d.name}”" for d in map(describe, blockers))
    return ValidationError(
        _("%(name)s cannot be deleted while these point at it: %(blockers)s.")
        % {"name": describe(obj).name, "blockers": "; ".join(names)},
        code="protected",
    )


def record_delete_with_dependents(*, actor: Person, record: models.Model) -> None:
    """Delete `record` (of any app) with every record that cascades from it, in every app, and
    unlink those that only lose their link (SET_NULL: their version moves on). One audit event
    per deleted or unlinked record, all in one transaction. A record that a PROTECT or
    RESTRICT reference holds is refused with a ValidationError naming what holds it; nothing
    changes."""
    using = router.db_for_write(type(record))
    with transaction.atomic(using=using):
        collector = _ListingCollector(using=using)
        try:
            collector.collect([record])
        except (ProtectedError, RestrictedError) as error:
            raise _blocked(error, record) from None
        key = (type(record), record.pk)
        everything = [o for objs in collector.data.values() for o in objs]
        links = [o for o in everything if _is_link(o)]
        deleted = [o for o in everything if (type(o), o.pk) != key and not _is_link(o)]
        gone = {(type(o), o.pk) for o in deleted} | {key}
        # {(field, value): [batches of objects]} (typed loosely by Django)
        field_updates = cast("dict[Any, list[Iterable[models.Model]]]", collector.field_updates)
        unlinked: dict[tuple[type, Any], tuple[models.Model, list[str]]] = {}
        for (field_, _value), batches in field_updates.items():
            for batch in batches:
                for o in batch:
                    if (type(o), o.pk) not in gone:
                        unlinked.setdefault((type(o), o.pk), (o, []))[1].append(field_.name)
        many = _many_links(links, gone)
        for k, (o, names) in many.items():
            unlinked.setdefault(k, (o, []))[1].extend(names)
        now = timezone.now()
        for o, names in unlinked.values():
            model = type(o)
            before = _links_snapshot(o, names)
            after = {
                name: (
                    [pk for pk in before[name] if (_related(model, name), pk) not in gone]
                    if isinstance(before[name], list)
                    else None
                )
                for name in names
            }
            changes: dict[str, Any] = {}
            if any(f.name == "version" for f in model._meta.concrete_fields):
                changes["version"] = F("version") + 1
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                changes["updated_at"] = now
            if changes:
                model._base_manager.using(using).filter(pk=o.pk).update(**changes)
            audit_record(
                actor=actor,
                action=_action(model, "update"),
                obj=o,
                case_id=getattr(o, "case_id", None),
                before=before,
                after=after,
                summary=f"Unlinked {o._meta.verbose_name} {o} from a deleted record",
            )
        for o in [*deleted, record]:
            audit_record(
                actor=actor,
                action=_action(type(o), "delete"),
                obj=o,
                case_id=getattr(o, "case_id", None),
                before=record_values(o),
                summary=f"Deleted {o._meta.verbose_name}: {o}",
            )
        collector.delete()
