"""The dashboard's "latest changes": what changed on the case since the member's last visit,
in every capability, grouped by step.

The team reads the trail itself. A party delegate or a Track-II partner reads only events about
records they may see now (each record kind's `visible`, audit/actions.py), and each line is
rendered from the current record, never from the stored before/after values: those may hold text
from when the record was team-only.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from peacetrack.audit.actions import kind_for, record_kinds
from peacetrack.audit.models import AuditEvent
from peacetrack.audit.trail import TrailEntry, trail_entries
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.people import People
from peacetrack.methodology.loader import get_methodology

CHANGES_SHOWN = 12
# How many recent events a reader outside the team may look through for ones they may see.
CHANGES_SCANNED = 300


@dataclass
class ChangeGroup:
    step_key: str  # "" for the case itself (details, parties, members)
    title: str
    entries: list[TrailEntry]


def _events_visible_now(access: CaseAccess, events: QuerySet[AuditEvent]) -> list[AuditEvent]:
    """The latest events (at most CHANGES_SHOWN) about records the member may read now, looked
    for among the CHANGES_SCANNED latest: their references first (no stored values to decode),
    then one query per kind of record, then the events shown."""
    scanned = list(
        events.order_by("-at", "-id").values_list("id", "object_type", "object_id")[
            :CHANGES_SCANNED
        ]
    )
    ids_by_type: dict[str, set[str]] = defaultdict(set)
    for _pk, object_type, object_id in scanned:
        ids_by_type[object_type].add(object_id)
    readable: set[tuple[str, str]] = set()
    for object_type, ids in ids_by_type.items():
        kind = kind_for(object_type)
        if kind is None or kind.visible is None:
            continue  # the team's only
        numbers = [i for i in ids if i.isdigit()]
        for pk in (
            kind.visible(access.membership).filter(pk__in=numbers).values_list("pk", flat=True)
        ):
            readable.add((object_type, str(pk)))
    shown = [pk for pk, object_type, object_id in scanned if (object_type, object_id) in readable]
    shown = shown[:CHANGES_SHOWN]
    # (no ordering: sorting a dozen rows by the trail's order would make PostgreSQL walk the
    # whole `at` index rather than fetch them by key)
    loaded = {event.pk: event for event in AuditEvent.objects.filter(pk__in=shown).order_by()}
    return [loaded[pk] for pk in shown]  # in the trail's order, as scanned


def latest_changes(
    access: CaseAccess, *, since: datetime.datetime | None, people: People
) -> list[ChangeGroup]:
    """The changes made since `since` (the member's previous visit; None: the latest ones)."""
    events = AuditEvent.objects.filter(case_id=access.case.pk)
    if not access.membership.is_lead:
        events = events.exclude(
            object_type__in=[kind.object_type for kind in record_kinds() if kind.lead_only]
        )
    if since is not None:
        events = events.filter(at__gt=since)
    if access.membership.is_team:
        candidates = list(events.order_by("-at", "-id")[:CHANGES_SHOWN])
        entries = trail_entries(candidates, readers=people, with_values=False)
    else:
        shown = _events_visible_now(access, events)
        entries = trail_entries(shown, readers=people, with_values=False)
    methodology = get_methodology()
    groups: dict[str, list[TrailEntry]] = defaultdict(list)
    for entry in entries:
        task = methodology.tasks.get(entry.task_key)
        groups[task.step_key if task is not None else ""].append(entry)
    result = []
    for key in sorted(groups, key=lambda k: (k == "", k)):
        title = (
            _("Step %(key)s: %(title)s") % {"key": key, "title": methodology.step(key).title}
            if key
            else _("The case")
        )
        result.append(ChangeGroup(step_key=key, title=title, entries=groups[key]))
    return result
