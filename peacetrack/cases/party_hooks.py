"""What other apps do when a party is created or changed, without the cases app depending on
them.

An app registers a callback in its AppConfig.ready() (`on_party_created(callback)`,
`on_party_updated(callback)`); party_create and party_update run every callback inside their own
transaction, after the party is saved, so that what they write happens with the party's change
or not at all. Step 1 (analysis) uses them to give each party the actor that stands for it, and
to rename that actor with its party. A callback writes through its own services (with their
audit events).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from peacetrack.accounts.types import Person
from peacetrack.cases.models import Party


class PartyCreated(Protocol):
    def __call__(self, *, actor: Person, party: Party) -> object: ...


class PartyUpdated(Protocol):
    def __call__(self, *, actor: Person, party: Party, before: dict[str, Any]) -> object: ...


_CALLBACKS: list[Callable[..., object]] = []
_UPDATE_CALLBACKS: list[Callable[..., object]] = []


def on_party_created(callback: PartyCreated) -> PartyCreated:
    """Register `callback(actor=..., party=...)`, run when a party is created (once per
    callback, however often it is registered)."""
    if callback not in _CALLBACKS:
        _CALLBACKS.append(callback)
    return callback


def party_created(*, actor: Person, party: Party) -> None:
    """Run every registered callback (called by party_create, inside its transaction)."""
    for callback in _CALLBACKS:
        callback(actor=actor, party=party)


def on_party_updated(callback: PartyUpdated) -> PartyUpdated:
    """Register `callback(actor=..., party=..., before=...)`, run when a party is changed;
    `before` holds the party's fields as they were."""
    if callback not in _UPDATE_CALLBACKS:
        _UPDATE_CALLBACKS.append(callback)
    return callback


def party_updated(*, actor: Person, party: Party, before: dict[str, Any]) -> None:
    """Run every registered callback (called by party_update, inside its transaction)."""
    for callback in _UPDATE_CALLBACKS:
        callback(actor=actor, party=party, before=before)
