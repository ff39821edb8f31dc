"""The lists a team can extend: the handbook's (or the model's) items and the case's own.

A payload field holding an item of such a list is marked `extensible(<list key>)`
(payloads.py); the services accept the built-in keys or the case's own items (ListItem), and
every page names an item by its label, whoever defined it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from peacetrack.analysis.models.issues import IssueCategory
from peacetrack.analysis.models.lists import OWN_PREFIX, ExtensibleList, ListItem
from peacetrack.methodology.loader import get_methodology


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    description: str = ""
    own: bool = False


def builtin_items(list_key: str) -> list[Item]:
    """The items every case has: the handbook's list, or the model's choices."""
    if list_key == ExtensibleList.ISSUE_CATEGORIES:
        return [Item(str(value), str(label)) for value, label in IssueCategory.choices]
    return [
        Item(item.key, item.title, item.description)
        for item in get_methodology().lists[list_key].items
    ]


def builtin_keys(list_key: str) -> tuple[str, ...]:
    if list_key == ExtensibleList.ISSUE_CATEGORIES:
        return tuple(str(value) for value in IssueCategory.values)
    return tuple(item.key for item in get_methodology().lists[list_key].items)


def own_items(case_id: int | None, list_key: str) -> list[Item]:
    if case_id is None:
        return []
    return [
        Item(item.key, item.label, item.description, own=True)
        for item in ListItem.objects.filter(case_id=case_id, list_key=list_key)
    ]


def case_items(case_id: int | None, list_key: str) -> list[Item]:
    """The handbook's items, then the case's own."""
    return [*builtin_items(list_key), *own_items(case_id, list_key)]


def humanized(key: str) -> str:
    """An own item's key read as words, where its case is not at hand (the audit trail)."""
    return key.removeprefix(OWN_PREFIX).replace("-", " ").capitalize()


def item_label(list_key: str, key: str, case_id: int | None) -> str:
    """How an item reads: its title (no query for a built-in one) or the case's own label."""
    for item in builtin_items(list_key):
        if item.key == key:
            return item.title
    if key.startswith(OWN_PREFIX) and case_id is not None:
        label = (
            ListItem.objects.filter(case_id=case_id, list_key=list_key, key=key)
            .values_list("label", flat=True)
            .first()
        )
        if label:
            return label
    return key


def unknown_item_message(list_key: str, keys: list[str]) -> str:
    return _("Choose one of the list's items: %(keys)s.") % {"keys": ", ".join(keys)}
