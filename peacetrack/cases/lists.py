"""Lists in running text as the reader's language writes them: "Nadia Brenner, Jonas Okoro-Hale
and Lenka Haruvi", « …, … et … », « …، … و… »."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def join_items(items: Iterable[object]) -> str:
    """Items one after the other, with the language's separator (tags, levels)."""
    return pgettext("separator between the items of a list", ", ").join(str(i) for i in items)


def format_list(items: Iterable[object]) -> str:
    """Items as a sentence names them: the separator, then the language's "and" before the
    last ("A, B and C"); one item alone; nothing for none."""
    words = [str(i) for i in items]
    if len(words) < 2:
        return "".join(words)
    return _("%(items)s and %(last)s") % {"items": join_items(words[:-1]), "last": words[-1]}
