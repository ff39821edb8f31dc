"""What other apps do when a party is created, without the cases app depending on them.

An app registers a callback in its AppConfig.ready() (`on_party_created(callback)`); party_create
runs every callback inside its own transaction, after the party is saved, so that what they
write is created with the party or not at all. Step 1 (analysis) uses it to give each party the
actor that stands for it. A callback writes through its own services (with their audit events).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from peacetrack.accounts.types import Person
from peacetrack.cases.models import Party


class PartyCreated(Protocol):
    def __call__(self, *, actor: Person, party: Party) -> object: ...


_CALLBACKS: list[Callable[..., object]] = []


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
