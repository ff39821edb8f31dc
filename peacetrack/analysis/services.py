"""Writing step-1 records: one set of rules for every record type (see registry.py).

Each write validates the values with the type's payload (analysis/payloads.py: field rules and
the type's own), checks that references stay within the case, resolves the portable visibility
code (`team`, `parties`, `track2`, `public`, `party:<short name>`), runs in one transaction and
records one audit event. Deleting a record also deletes, or unlinks, the records of any app that
point at it, each with its own audit event (cases/deletion.py).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

import pydantic
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from peacetrack.accounts.types import Person
from peacetrack.analysis.actions import RECORD_ACTIONS
from peacetrack.analysis.lists import builtin_keys, unknown_item_message
from peacetrack.analysis.models.lists import OWN_PREFIX, ListItem
from peacetrack.analysis.payloads import error_messages
from peacetrack.analysis.registry import RecordType
from peacetrack.audit.services import audit_record, snapshot
from peacetrack.cases.concurrency import version_check, version_next
from peacetrack.cases.deletion import record_delete_with_dependents
from peacetrack.cases.models import Case, Party
from peacetrack.cases.records import CaseRecord
from peacetrack.cases.visibility import visibility_resolve


def _references_in_case(case: Case, rtype: RecordType, values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in rtype.payload.references():
        value = values.get(name)
        targets = value if isinstance(value, list | tuple) else [value]
        if any(
            target is not None and getattr(target, "case_id", None) != case.pk for target in targets
        ):
            errors[name] = _("That record belongs to another case.")
    return errors


def _items_of_the_case(
    case: Case, rtype: RecordType, values: dict[str, Any], own: Iterable[ListItem] | None
) -> dict[str, str]:
    """A field of an extensible list holds a built-in key or one of the case's own items
    (`own`: the import's items, unsaved; by default the case's, read from the database)."""
    errors: dict[str, str] = {}
    for name, list_key in rtype.payload.extensible().items():
        value = values.get(name)
        if not isinstance(value, str) or not value.startswith(OWN_PREFIX):
            continue  # a built-in key, or refused by the payload
        items = (
            [item for item in own if item.list_key == list_key]
            if own is not None
            else list(ListItem.objects.filter(case=case, list_key=list_key))
        )
        if value not in {item.key for item in items}:
            keys = [*builtin_keys(list_key), *(item.key for item in items)]
            errors[name] = unknown_item_message(list_key, keys)
    return errors


def _validated(rtype: RecordType, values: dict[str, Any]) -> dict[str, Any]:
    """The values as the payload makes them (its rules applied), as the model stores them."""
    try:
        payload = rtype.payload.model_validate(values)
    except pydantic.ValidationError as exc:
        raise ValidationError(error_messages(exc.errors())) from None
    stored: dict[str, Any] = {}
    for name in rtype.values:
        field = rtype.field(name)
        if isinstance(field, models.JSONField):  # lists and objects, as JSON
            stored[name] = payload.model_dump(mode="json", include={name})[name]
        elif isinstance(field, models.CharField) and not field.null:
            stored[name] = getattr(payload, name) or ""  # an empty date: ""
        else:
            stored[name] = getattr(payload, name)
    return stored


def _prepare(
    case: Case,
    rtype: RecordType,
    values: dict[str, Any],
    parties: Iterable[Party] | None = None,
    own: Iterable[ListItem] | None = None,
) -> dict[str, Any]:
    """The model's values for `values` (payload fields and the visibility code), checked."""
    values = dict(values)
    code = values.pop("visibility", None) or "team"
    unknown = set(values) - set(rtype.values)
    if unknown:
        raise ValidationError(
            _("Unknown fields for %(kind)s: %(fields)s")
            % {"kind": rtype.singular, "fields": ", ".join(sorted(unknown))}
        )
    errors: dict[str, Any] = dict(_references_in_case(case, rtype, values))
    errors.update(_items_of_the_case(case, rtype, values, own))
    try:
        stored = _validated(rtype, values)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)
        stored = {}
    try:
        stored.update(visibility_resolve(case=case, code=str(code), parties=parties))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return stored


def record_snapshot(rtype: RecordType, record: CaseRecord) -> dict[str, Any]:
    many = rtype.payload.many_references()
    values = snapshot(record, [name for name in rtype.values if name not in many])
    for name in many:  # several records: their ids, in order (as a foreign key reads)
        values[name] = sorted(getattr(record, name).values_list("pk", flat=True))
    values["visibility"] = record.visibility_code
    return {name: values[name] for name in (*rtype.values, "visibility")}


def _split_many(rtype: RecordType, stored: dict[str, Any]) -> dict[str, list[Any]]:
    """Take the many-to-many values out of `stored` (they are set once the row is saved)."""
    return {
        name: list(stored.pop(name)) for name in rtype.payload.many_references() if name in stored
    }


def _save(record: CaseRecord, many: dict[str, list[Any]] | None = None) -> None:
    record.task_key = record.assigned_task()
    try:
        record.full_clean()
    except ValidationError as exc:
        # Field-level messages (choices, lengths, uniqueness) as the user should read them,
        # with their codes (the API answers a duplicate with 409).
        raise ValidationError(exc.error_dict) from None
    record.save()
    for name, targets in (many or {}).items():
        getattr(record, name).set(targets)


def record_build(
    *,
    case: Case,
    rtype: RecordType,
    values: dict[str, Any],
    parties: Iterable[Party] | None = None,
    own: Iterable[ListItem] | None = None,
) -> CaseRecord:
    """An unsaved record checked by the rules record_create applies, without a database
    query: the case-file import checks a whole file before writing any of it. References may
    point at other unsaved records of the same import (the import checks uniqueness within
    its file itself); `parties`: the parties a `party:<short name>` visibility names (the
    import's, unsaved); `own`: the case's own list items (the import's, unsaved). The records
    a many-to-many field names wait in `record.pending_many` until the import writes them."""
    stored = _prepare(case, rtype, values, parties, own if own is not None else [])
    many = _split_many(rtype, stored)
    record = rtype.model(case=case, **stored)
    record.pending_many = many  # type: ignore[attr-defined]
    record.task_key = record.assigned_task()
    references = [f.name for f in rtype.model._meta.fields if isinstance(f, models.ForeignKey)]
    try:
        record.clean_fields(exclude=references)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    return record


@transaction.atomic
def record_create(
    *, actor: Person, case: Case, rtype: RecordType, values: dict[str, Any]
) -> CaseRecord:
    """Create a step-1 record of type `rtype` on `case`. `values`: the payload's fields, and
    `visibility` as the portable code (`party:gov`; `team` if left out)."""
    stored = _prepare(case, rtype, values)
    many = _split_many(rtype, stored)
    record = rtype.model(case=case, **stored)
    _save(record, many)
    audit_record(
        actor=actor,
        action=RECORD_ACTIONS[rtype.slug].create,
        obj=record,
        case_id=case.pk,
        after=record_snapshot(rtype, record),
        summary=f"Added {str(rtype.label).lower()}: {record}",
    )
    return record


@transaction.atomic
def record_update(
    *,
    actor: Person,
    record: CaseRecord,
    rtype: RecordType,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> CaseRecord:
    """Change some fields of a record (`visibility` as the portable code); the others keep
    their values. `expected_version`: the version the editor read (cases/concurrency.py);
    None skips the check."""
    version = version_check(record, expected_version)
    before = record_snapshot(rtype, record)
    many_names = rtype.payload.many_references()
    current = {
        name: list(getattr(record, name).all()) if name in many_names else getattr(record, name)
        for name in rtype.values
    }
    current["visibility"] = record.visibility_code
    merged = _prepare(record.case, rtype, {**current, **values})
    many = _split_many(rtype, merged)
    for name, value in merged.items():
        setattr(record, name, value)
    changed_many = any(
        sorted(t.pk for t in targets) != before[name] for name, targets in many.items()
    )
    if changed_many or record_snapshot(rtype, record) != before:
        version_next(record, version)
    _save(record, many)
    after = record_snapshot(rtype, record)
    if after != before:
        audit_record(
            actor=actor,
            action=RECORD_ACTIONS[rtype.slug].update,
            obj=record,
            case_id=record.case_id,
            before=before,
            after=after,
            summary=f"Updated {str(rtype.label).lower()}: {record}",
        )
    return record


def record_delete(*, actor: Person, record: CaseRecord, rtype: RecordType) -> None:
    """Delete a record with what cascades from it in every app, unlinking the rest, each with
    its audit event (cases.deletion.record_delete_with_dependents). The record that stands for
    a party (the type's `party_link`: a party's actor) goes only with its party."""
    party = getattr(record, rtype.party_link) if rtype.party_link else None
    if party is not None:
        raise ValidationError(
            _(
                "%(name)s stands for the party %(party)s: each party keeps its actor. Remove the "
                "party to remove it; its analysis then stays, as a stakeholder's."
            )
            % {"name": str(record), "party": party.short_name}
        )
    record_delete_with_dependents(actor=actor, record=record)


def party_records_create(*, actor: Person, party: Party) -> list[CaseRecord]:
    """The records created with a party (cases/party_hooks.py), each with its audit event: the
    actor that stands for it (a record type's `with_party`)."""
    from peacetrack.analysis.registry import RECORD_TYPES

    return [
        record_create(actor=actor, case=party.case, rtype=rtype, values=rtype.with_party(party))
        for rtype in RECORD_TYPES
        if rtype.with_party is not None
    ]


def party_records_update(*, actor: Person, party: Party, before: dict[str, Any]) -> None:
    """A party's change carried to the records created with it (cases/party_hooks.py): each
    value they took from the party follows it, unless the team has changed it since (an actor
    renamed on its own page keeps its name). Each update has its audit event."""
    from peacetrack.analysis.registry import RECORD_TYPES

    was = copy.copy(party)
    for key, value in before.items():
        if isinstance(value, str) and not Party._meta.get_field(key).is_relation:
            setattr(was, key, value)
    for rtype in RECORD_TYPES:
        if rtype.with_party is None or not rtype.party_link:
            continue
        record = rtype.model._default_manager.filter(**{rtype.party_link: party}).first()
        if record is None:
            continue
        old, new = rtype.with_party(was), rtype.with_party(party)
        changes = {
            key: value
            for key, value in new.items()
            if value != old[key] and getattr(record, key, None) == old[key]
        }
        if changes:
            record_update(actor=actor, record=record, rtype=rtype, values=changes)
