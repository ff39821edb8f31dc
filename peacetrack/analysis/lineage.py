"""Splits and mergers of actors (Step 1.2), and the team's own list items (lists.py).

`actor_split`: one actor becomes two or more on a date (new successors are created, existing
ones linked); `actor_merge`: several actors become one. Each is one transaction and one audit
event. The actors before the change are kept, since the history names them: that an actor no
longer exists after the change is read from its lineage (`ended`), not stored on the actor.
A change is visible only to those who may read every actor it links.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from peacetrack.accounts.types import Person
from peacetrack.analysis.actions import ACTOR_MERGE, ACTOR_SPLIT, LIST_ITEM_CREATE
from peacetrack.analysis.lists import builtin_items
from peacetrack.analysis.models import Actor, ActorChange, ChangeKind, ListItem
from peacetrack.analysis.models.lineage import date_text, validate_approximate_date
from peacetrack.analysis.models.lists import OWN_KEY_MAX, OWN_PREFIX, ExtensibleList
from peacetrack.analysis.registry import BY_MODEL
from peacetrack.audit.services import audit_record
from peacetrack.cases.models import Case, Membership
from peacetrack.cases.visibility import visibility_resolve, visible_to


def earliest_day(value: str) -> datetime.date:
    """The first day an approximate date can mean (1976 → 1 Jan 1976), for sorting and
    placing it on a timeline; never shown as a day."""
    parts = [int(part) for part in value.rstrip("~").split("-")]
    return datetime.date(
        parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
    )


def _check_date(value: str) -> str:
    value = (value or "").strip()
    try:
        validate_approximate_date(value)
    except ValidationError as exc:
        raise ValidationError({"date": exc.messages}) from None
    if earliest_day(value) > timezone.localdate():
        raise ValidationError({"date": _("A split or merger cannot be dated in the future.")})
    return value


def _in_case(case: Case, actors: Sequence[Actor], field: str) -> None:
    if any(a.case_id != case.pk for a in actors):
        raise ValidationError({field: _("That record belongs to another case.")})


def _not_ended(actors: Sequence[Actor], field: str) -> None:
    ended = [a.name for a in actors if a.changes_ending.exists()]
    if ended:
        raise ValidationError(
            {
                field: _(
                    "%(names)s already split or merged; record the change from its successors."
                )
                % {"names": ", ".join(ended)}
            }
        )


def _new_actors(
    *, case: Case, names: Sequence[str], kind: str, template: Actor | None, code: str
) -> list[Actor]:
    """Successors created by a change (no audit event of their own: the change's names them)."""
    from peacetrack.analysis.services import _prepare, _save

    rtype = BY_MODEL[Actor]
    created = []
    for name in names:
        values: dict[str, Any] = {"name": name, "kind": kind, "visibility": code}
        if template is not None:
            values["party"] = template.party
        stored = _prepare(case, rtype, values)
        record = Actor(case=case, **stored)
        _save(record)
        created.append(record)
    return created


def _clean_names(names: Sequence[str]) -> list[str]:
    return [name.strip() for name in names if name and name.strip()]


def _snapshot(
    change: ActorChange, before: Sequence[Actor], after: Sequence[Actor]
) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "date": change.date,
        "description": change.description,
        "before": [a.name for a in before],
        "after": [a.name for a in after],
        "visibility": change.visibility_code,
    }


@transaction.atomic
def actor_split(
    *,
    actor: Person,
    predecessor: Actor,
    date: str,
    successors: Sequence[Actor] = (),
    new_names: Sequence[str] = (),
    new_kind: str = "",
    description: str = "",
    visibility: str | None = None,
) -> ActorChange:
    """`predecessor` becomes two or more actors on `date` (1976, 1976-12, 1976-12-04, ~ for
    about): the existing `successors` and new actors named `new_names` (of `new_kind`, by
    default the predecessor's; same party and visibility as the predecessor). `visibility`:
    the change's portable code, by default the predecessor's."""
    case = predecessor.case
    date = _check_date(date)
    names = _clean_names(new_names)
    if predecessor in successors:
        raise ValidationError({"successors": _("An actor cannot split into itself.")})
    _in_case(case, successors, "successors")
    if len(successors) + len(names) < 2:
        raise ValidationError({"successors": _("A split makes two or more actors.")})
    _not_ended([predecessor], "predecessor")
    code = visibility or predecessor.visibility_code
    fields = visibility_resolve(case=case, code=code)
    change = ActorChange(
        case=case, kind=ChangeKind.SPLIT, date=date, description=description.strip(), **fields
    )
    change.task_key = change.assigned_task()
    change.full_clean()
    created = _new_actors(
        case=case,
        names=names,
        kind=new_kind or predecessor.kind,
        template=predecessor,
        code=predecessor.visibility_code,
    )
    change.save()
    after = [*successors, *created]
    change.before.set([predecessor])
    change.after.set(after)
    audit_record(
        actor=actor,
        action=ACTOR_SPLIT,
        obj=change,
        case_id=case.pk,
        after=_snapshot(change, [predecessor], after),
        summary=f"Split: {predecessor.name} into {', '.join(a.name for a in after)}",
    )
    return change


@transaction.atomic
def actor_merge(
    *,
    actor: Person,
    case: Case,
    merging: Sequence[Actor],
    date: str,
    into: Actor | None = None,
    new_name: str = "",
    new_kind: str = "",
    description: str = "",
    visibility: str = "team",
) -> ActorChange:
    """The actors `merging` (two or more, of `case`) become one on `date`: the existing actor
    `into`, or a new one named `new_name` (of `new_kind`, by default the first one's)."""
    date = _check_date(date)
    merging = list(dict.fromkeys(merging))
    if len(merging) < 2:
        raise ValidationError({"merging": _("A merger needs two or more actors.")})
    _in_case(case, merging, "merging")
    name = new_name.strip()
    if (into is None) == (not name):
        raise ValidationError(
            {"into": _("Name the actor they become: an existing one or a new one, not both.")}
        )
    if into is not None:
        _in_case(case, [into], "into")
        if into in merging:
            raise ValidationError(
                {"into": _("The actor they become cannot be one of the actors merging.")}
            )
    _not_ended(merging, "merging")
    fields = visibility_resolve(case=case, code=visibility)
    change = ActorChange(
        case=case, kind=ChangeKind.MERGE, date=date, description=description.strip(), **fields
    )
    change.task_key = change.assigned_task()
    change.full_clean()
    if into is None:
        first = merging[0]
        [into] = _new_actors(
            case=case,
            names=[name],
            kind=new_kind or first.kind,
            template=first if all(a.party_id == first.party_id for a in merging) else None,
            code=visibility,
        )
    change.save()
    change.before.set(merging)
    change.after.set([into])
    audit_record(
        actor=actor,
        action=ACTOR_MERGE,
        obj=change,
        case_id=case.pk,
        after=_snapshot(change, merging, [into]),
        summary=f"Merger: {', '.join(a.name for a in merging)} into {into.name}",
    )
    return change


# Reading


def changes_visible(membership: Membership) -> QuerySet[ActorChange]:
    """The changes the membership may read: its own visibility, and every actor it links."""
    actors = BY_MODEL[Actor].model._default_manager.order_by("name", "id")
    queryset = visible_to(
        ActorChange.objects.select_related("case", "visibility_party"),
        membership,
        through=("before", "after"),
    )
    return queryset.prefetch_related(
        Prefetch("before", queryset=actors), Prefetch("after", queryset=actors)
    )


@dataclass(frozen=True)
class Lineage:
    """An actor's place in splits and mergers: where it came from, what it became."""

    came_from: list[tuple[ActorChange, list[Actor]]]
    became: list[tuple[ActorChange, list[Actor]]]

    @property
    def ended(self) -> str:
        """The date after which it no longer exists ("" if it still does)."""
        return self.became[0][0].date_text if self.became else ""


def lineage_of(membership: Membership, record: Actor) -> Lineage:
    changes = list(changes_visible(membership).filter(pk__in=_change_ids(record)))
    came_from = [(c, list(c.before.all())) for c in changes if record in c.after.all()]
    became = [(c, list(c.after.all())) for c in changes if record in c.before.all()]
    return Lineage(came_from=came_from, became=became)


def _change_ids(record: Actor) -> set[int]:
    return {
        *record.changes_ending.values_list("pk", flat=True),
        *record.changes_starting.values_list("pk", flat=True),
    }


def ended_actors(membership: Membership) -> dict[int, str]:
    """{actor pk: what became of it} for the actors that split or merged (visible changes)."""
    ended: dict[int, str] = {}
    for change in changes_visible(membership):
        after = ", ".join(a.name for a in change.after.all())
        for before in change.before.all():
            text = (
                _("Split into %(after)s (%(date)s)")
                if change.kind == ChangeKind.SPLIT
                else _("Merged into %(after)s (%(date)s)")
            )
            ended.setdefault(before.pk, text % {"after": after, "date": change.date_text})
    return ended


@dataclass(frozen=True)
class TimelineEntry:
    """A dated entry of the history that is not a historical event (a split, a merger)."""

    day: datetime.date  # where it sits on the timeline (the first day the date can mean)
    date: str  # the date as written
    title: str
    kind: str
    kind_label: str


def change_title(change: ActorChange) -> str:
    before = ", ".join(a.name for a in change.before.all())
    after = ", ".join(a.name for a in change.after.all())
    if change.kind == ChangeKind.SPLIT:
        return _("%(before)s split into %(after)s") % {"before": before, "after": after}
    return _("%(before)s merged into %(after)s") % {"before": before, "after": after}


def timeline_entries(membership: Membership) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            day=earliest_day(change.date),
            date=date_text(change.date),
            title=change_title(change),
            kind=f"actor_{change.kind}",
            kind_label=str(change.get_kind_display()),
        )
        for change in changes_visible(membership)
    ]


# The team's own list items


def _own_key(case: Case, list_key: str, label: str) -> str:
    base = slugify(label)[: OWN_KEY_MAX - len(OWN_PREFIX) - 3].strip("-") or "item"
    key = f"{OWN_PREFIX}{base}"
    taken = set(ListItem.objects.filter(case=case, list_key=list_key).values_list("key", flat=True))
    number = 2
    while key in taken:
        key = f"{OWN_PREFIX}{base}-{number}"
        number += 1
    return key


@transaction.atomic
def list_item_create(
    *, actor: Person, case: Case, list_key: str, label: str, description: str = ""
) -> ListItem:
    """Add the team's own item to one of the lists it can extend (ExtensibleList)."""
    label = (label or "").strip()
    errors: dict[str, str] = {}
    if list_key not in ExtensibleList.values:
        errors["list_key"] = _("This list cannot be extended.")
    if not label:
        errors["label"] = _("Give the item a name.")
    elif list_key in ExtensibleList.values:
        titles = {item.title.casefold() for item in builtin_items(list_key)}
        titles |= {
            own.casefold()
            for own in ListItem.objects.filter(case=case, list_key=list_key).values_list(
                "label", flat=True
            )
        }
        if label.casefold() in titles:
            errors["label"] = _("The list already has an item of that name.")
    if errors:
        raise ValidationError(errors)
    item = ListItem(
        case=case,
        list_key=list_key,
        key=_own_key(case, list_key, label),
        label=label,
        description=(description or "").strip(),
    )
    try:
        item.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    item.save()
    audit_record(
        actor=actor,
        action=LIST_ITEM_CREATE,
        obj=item,
        case_id=case.pk,
        after={
            "list_key": item.list_key,
            "key": item.key,
            "label": item.label,
            "description": item.description,
        },
        summary=f"Added own item to {list_key}: {label}",
    )
    return item
