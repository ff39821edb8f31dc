"""Public identifiers: the only id of a case, party, member, invitation or record that leaves
the server (URLs, API routes and answers, the actor map's data).

Integer keys stay internal: they are sequential, so a party's delegate who saw record 41 and
record 45 would learn that three records were hidden from them, and anyone would learn how many
cases the server holds. A public id is ten characters drawn at random (`secrets`) from an
alphabet without look-alikes (no 0/o, 1/l/i), about 50 bits: it reveals neither order nor count.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.db import models

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
LENGTH = 10
PATTERN = f"[{ALPHABET}]{{{LENGTH}}}"


def new_public_id() -> str:
    # One draw of the whole number, written in base 31: a tenth of the cost of a draw per
    # character, which counts when an import builds 60,000 records.
    number = secrets.randbelow(len(ALPHABET) ** LENGTH)
    digits = []
    for _ in range(LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return "".join(digits)


class PublicIdModel(models.Model):
    """Base of every model whose rows people reach by URL or API."""

    public_id = models.CharField(max_length=12, unique=True, default=new_public_id, editable=False)

    class Meta:
        abstract = True


class PublicIdConverter:
    """`<pid:name>` in URL patterns: matches a public id only, so an integer URL answers 404."""

    regex = PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def fill_public_ids(app_label: str, *model_names: str) -> Callable[[Any, Any], None]:
    """A migration step giving every existing row of these models its own public id (the field
    is added nullable, filled with this, then made unique: a default would give all rows one)."""

    def fill(apps: Any, schema_editor: Any) -> None:
        # The migration's own connection (with MIGRATION_DATABASE_URL it is not "default").
        db = schema_editor.connection.alias
        for name in model_names:
            model = apps.get_model(app_label, name)
            manager = model._base_manager.db_manager(db)
            rows = list(manager.filter(public_id__isnull=True).only("pk"))
            for row in rows:
                row.public_id = new_public_id()
            manager.bulk_update(rows, ["public_id"], batch_size=500)

    return fill
