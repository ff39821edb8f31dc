"""How record values read on pages: labels for choices, names for references."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peacetrack.analysis.lists import builtin_items, item_label
from peacetrack.analysis.registry import BY_MODEL, RecordType
from peacetrack.cases.dates import ApproxDateField, approx_date_text
from peacetrack.cases.deletion import Dependent
from peacetrack.cases.lists import join_items
from peacetrack.cases.models import Case
from peacetrack.cases.records import CaseRecord


@dataclass
class Cell:
    label: str
    text: str
    url: str = ""
    long: bool = False


def record_url(record: CaseRecord, case: Case | None = None) -> str:
    """The record's page, by public ids. `case`: the record's case when the caller has it at
    hand (a record it points at), so that no query is made for it."""
    rtype = BY_MODEL[type(record)]
    case = case or record.case
    return reverse("analysis:detail", args=[case.public_id, rtype.slug, record.public_id])


def list_item_title(list_key: str, key: str) -> str:
    for item in builtin_items(list_key):
        if item.key == key:
            return item.title
    return key


def cell(rtype: RecordType, record: Any, name: str) -> Cell:
    field = rtype.field(name)
    label = str(getattr(field, "verbose_name", name)).capitalize()
    value = getattr(record, name)
    own = rtype.formats.get(name)
    if own is not None:  # the type says how this value reads
        return Cell(label, own.text(value), long=own.long)
    list_key = rtype.payload.extensible().get(name)
    if list_key is not None and isinstance(value, str):
        return Cell(label, item_label(list_key, value, record.case_id))
    if isinstance(field, models.ManyToManyField):
        # (what the reader may see only: records_visible prefetches these filtered)
        return Cell(label, join_items(str(related) for related in value.all()) or "—")
    if isinstance(field, ApproxDateField):
        return Cell(label, approx_date_text(value))
    if isinstance(field, models.ForeignKey):
        if value is None:
            return Cell(label, "—")
        url = record_url(value, record.case) if isinstance(value, CaseRecord) else ""
        return Cell(label, str(value), url)
    if getattr(field, "choices", None):
        return Cell(label, str(getattr(record, f"get_{name}_display")()) or "—")
    if isinstance(value, bool):
        return Cell(label, str(_("Yes") if value else _("No")))
    if isinstance(value, datetime.date):
        return Cell(label, date_format(value, "DATE_FORMAT"))
    text = "" if value is None else str(value)
    return Cell(label, text or "—", long=isinstance(field, models.TextField))


def title(record: Any) -> str:
    """How a record is named: a checklist record by the handbook item it answers."""
    rtype = BY_MODEL.get(type(record))
    if rtype is not None and rtype.list_field:
        return item_label(rtype.handbook_list, getattr(record, rtype.list_field), record.case_id)
    return str(record)


def describe_record(obj: Any) -> Dependent | None:
    """A step-1 record as deletion confirmations list it (cases.deletion)."""
    rtype = BY_MODEL.get(type(obj))
    if rtype is None:
        return None
    return Dependent(kind=str(rtype.label), name=title(obj), url=record_url(obj))
