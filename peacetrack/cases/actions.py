"""The audit actions of the case workspace (audit/actions.py), declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from peacetrack.audit.actions import RecordKind, register_action

if TYPE_CHECKING:  # annotations only: the functions import the models when called
    from django.db.models import QuerySet

    from peacetrack.cases.models import Membership, TaskNote, TaskProgress
from peacetrack.methodology.loader import get_methodology


def _task_name(progress: TaskProgress) -> str:
    return task_title(progress.task_key)


def task_title(key: Any) -> str:
    """A task as people read it: its key and title ("1.2.1 Map the actors")."""
    task = get_methodology().tasks.get(str(key))
    return f"{key} {task.title}" if task is not None else str(key or "—")


def checkpoint_text(task_key: str, index: int) -> str:
    """A task's check-point as people read it: its text, "" if the handbook has no such one."""
    task = get_methodology().tasks.get(task_key)
    if task is None or not 0 <= index < len(task.checkpoints):
        return ""
    return task.checkpoints[index]


def _note_name(note: TaskNote) -> str:
    return str(_("note on task %(task)s") % {"task": note.task_key})


def _notes_visible(membership: Membership) -> QuerySet[TaskNote]:
    from peacetrack.cases.models import TaskNote
    from peacetrack.cases.visibility import visible_to

    return visible_to(TaskNote.objects.all(), membership)


def _member_name(member: Membership) -> str:
    from peacetrack.cases.people import user_label

    return user_label(member.user)


CASE = RecordKind(
    object_type="cases.case",
    label=_("Case details"),
    singular=_("case"),
    name=lambda case: str(case.title),
    task_key=lambda case: "",
    hidden=("created_ids",),  # an import's records, by primary key (casefile/importer.py)
)
PARTY = RecordKind(
    object_type="cases.party",
    label=_("Parties"),
    singular=_("party"),
    name=lambda party: str(party.short_name),
    task_key=lambda party: "",
)
MEMBER = RecordKind(
    object_type="cases.membership",
    label=_("Members"),
    singular=_("member"),
    name=_member_name,
    related=("user",),
    task_key=lambda member: "",
)
TASK = RecordKind(
    object_type="cases.taskprogress",
    label=_("Task progress"),
    singular=_("task"),
    name=_task_name,
    values={"task_key": task_title},
    keys={"task_key": _("Task")},
)
NOTE = RecordKind(
    object_type="cases.tasknote",
    label=_("Notes"),
    singular=_("note"),
    name=_note_name,
    visible=_notes_visible,
    values={"task_key": task_title},
    keys={"task_key": _("Task")},
)

CASE_CREATE = register_action(
    "cases.case.create", _("opened the case “%(name)s”"), kind=CASE, aliases=("case.create",)
)
CASE_UPDATE = register_action(
    "cases.case.update", _("changed the case details"), kind=CASE, aliases=("case.update",)
)
CASE_DELETE = register_action(
    "cases.case.delete", _("deleted the case “%(name)s”"), kind=CASE, aliases=("case.delete",)
)
PARTY_CREATE = register_action(
    "cases.party.create", _("added the party %(name)s"), kind=PARTY, aliases=("party.create",)
)
PARTY_UPDATE = register_action(
    "cases.party.update", _("changed the party %(name)s"), kind=PARTY, aliases=("party.update",)
)
MEMBER_CHANGE_ROLE = register_action(
    "cases.member.change_role",
    _("changed the role of %(name)s"),
    kind=MEMBER,
    aliases=("member.change_role",),
)
MEMBER_REMOVE = register_action(
    "cases.member.remove",
    _("removed %(name)s from the case"),
    kind=MEMBER,
    aliases=("member.remove",),
)
TASK_UPDATE = register_action(
    "cases.task.update", _("updated task %(name)s"), kind=TASK, aliases=("task.update",)
)
CHECKPOINT = RecordKind(
    object_type="cases.checkpointtick",
    label=_("Check-points"),
    singular=_("check-point"),
    name=lambda tick: checkpoint_text(tick.task_key, tick.index),
    values={"task_key": task_title},
    keys={"task_key": _("Task")},
    hidden=("name", "index"),
)
CHECKPOINT_TICK = register_action(
    "cases.checkpoint.tick", _("ticked the check-point “%(name)s”"), kind=CHECKPOINT
)
CHECKPOINT_UNTICK = register_action(
    "cases.checkpoint.untick", _("unticked the check-point “%(name)s”"), kind=CHECKPOINT
)
NOTE_ADD = register_action(
    "cases.note.add", _("added a %(name)s"), kind=NOTE, aliases=("note.add",)
)
NOTE_UPDATE = register_action(
    "cases.note.update", _("edited a %(name)s"), kind=NOTE, aliases=("note.update",)
)
NOTE_DELETE = register_action(
    "cases.note.delete", _("deleted a %(name)s"), kind=NOTE, aliases=("note.delete",)
)
