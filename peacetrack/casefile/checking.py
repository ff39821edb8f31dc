"""Checking a case file before anything is written: every rule the services apply, each
record built unsaved, every problem reported with its place in the file (importer.py, step 1)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from peacetrack.casefile.errors import CaseFileError, Path
from peacetrack.casefile.sections import ImportContext, TooManyProblems, sections
from peacetrack.cases import services
from peacetrack.cases.models import (
    Case,
    CheckpointTick,
    Party,
    Role,
    TaskNote,
    TaskProgress,
    TaskStatus,
)
from peacetrack.methodology.loader import get_methodology


def prepare(data: dict[str, Any], context: ImportContext) -> dict[str, Any]:
    plan: dict[str, Any] = {}
    try:
        _prepare_case(data["case"], context)
        plan["parties"] = _prepare_parties(data["parties"], context)
        _check_one_party_codes(data, context)
        _check_members(data["members"], context)
        plan["progress"] = _prepare_tasks(data["tasks"], context)
        plan["checkpoints"] = _prepare_checkpoints(data["tasks"], context)
        plan["notes"] = _prepare_notes(data["notes"], context)
        for section in sections():
            if section.key in data:
                plan[section.key] = section.prepare(data[section.key], context)
            elif section.always:
                plan[section.key] = section.prepare({}, context)
    except TooManyProblems:
        pass
    if context.problems:
        raise CaseFileError(problems=context.problems)
    return plan


def _date(value: str | None, path: Path, context: ImportContext) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value) + context.shift
    except ValueError:
        context.problem(path, _("%(value)r is not a real date") % {"value": value})
        return None


def _datetime(value: str, path: Path, context: ImportContext) -> datetime.datetime | None:
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        context.problem(path, _("%(value)r is not an ISO 8601 date and time") % {"value": value})
        return None
    if parsed.tzinfo is None:
        context.problem(path, _("%(value)r has no time zone") % {"value": value})
        return None
    return parsed + context.shift


def _report(
    exc: ValidationError, path: Path, context: ImportContext, names: dict[str, str] | None = None
) -> None:
    """A service's ValidationError as problems at `path`, field by field where it says
    (`names` maps a service's field name to the file's, e.g. task_key → task)."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            field = (names or {}).get(field, field)
            place = path if field == "__all__" else (*path, field)
            for message in messages:
                context.problem(place, message)
    else:
        for message in exc.messages:
            context.problem(path, message)


def _prepare_case(info: dict[str, Any], context: ImportContext) -> None:
    case = context.case
    values = {
        "title": info["title"].strip(),
        "conflict": info["conflict"].strip(),
        "region": info.get("region", "").strip(),
        "case_type": info["case_type"],
        "mandate_summary": info.get("mandate_summary", ""),
        **_text_visibility(info, "mandate_visibility", ("case",), context),
        "sponsor": info.get("sponsor", "").strip(),
        "status": info["status"],
        "started_on": _date(info.get("started_on"), ("case", "started_on"), context),
        "ended_on": _date(info.get("ended_on"), ("case", "ended_on"), context),
    }
    try:
        stored = services.case_values_check(values)
    except ValidationError as exc:
        _report(exc, ("case",), context)
        stored = {k: v for k, v in values.items() if k != "mandate_visibility"}
    for name, value in stored.items():
        setattr(case, name, value)
    case.importing = True


def _prepare_parties(items: list[dict[str, Any]], context: ImportContext) -> list[Party]:
    parties = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        values = {
            "short_name": item["short_name"].strip(),
            "name": item["name"].strip(),
            "kind": item["kind"],
            "description": item.get("description", "").strip(),
            **_text_visibility(item, "description_visibility", ("parties", i), context),
        }
        try:
            stored = services.party_values_check(
                context.case, values, taken=lambda short: short.lower() in seen, parties=[]
            )
        except ValidationError as exc:
            _report(exc, ("parties", i), context)
            stored = {k: v for k, v in values.items() if k != "description_visibility"}
        seen.add(values["short_name"].lower())
        party = Party(case=context.case, **stored)
        context.parties[party.short_name] = party
        parties.append(party)
    return parties


# A file without a visibility for a party's description or the mandate summary (older files,
# when every member read them) makes them the team's: hiding can be undone, a leak cannot.
DEFAULT_TEXT_VISIBILITY = "team"


def _text_visibility(
    item: dict[str, Any], field: str, path: Path, context: ImportContext
) -> dict[str, Any]:
    """The visibility code to write `item` with (the service resolves it). One shared with a
    single party is written as the team's and set once the parties exist
    (_share_with_one_party), before the case shows."""
    code = item.get(field, DEFAULT_TEXT_VISIBILITY)
    if code.startswith("party:"):
        code = DEFAULT_TEXT_VISIBILITY  # checked by _check_one_party_codes
    return {field: code}


def _check_one_party_codes(data: dict[str, Any], context: ImportContext) -> None:
    items = [(("case",), data["case"], "mandate_visibility")] + [
        (("parties", i), item, "description_visibility") for i, item in enumerate(data["parties"])
    ]
    for path, item, field in items:
        code = item.get(field, "")
        if code.startswith("party:") and code[6:] not in context.parties:
            context.problem((*path, field), _("%(code)r names no listed party") % {"code": code})


def share_with_one_party(data: dict[str, Any], case: Case, parties: dict[str, Party]) -> None:
    code = data["case"].get("mandate_visibility", "")
    if code.startswith("party:"):
        Case.all_cases.filter(pk=case.pk).update(
            mandate_visibility="party", mandate_visibility_party=parties[code[6:]]
        )
    for item in data["parties"]:
        code = item.get("description_visibility", "")
        if code.startswith("party:"):
            Party.objects.filter(pk=parties[item["short_name"]].pk).update(
                description_visibility="party", description_visibility_party=parties[code[6:]]
            )


def _check_members(items: list[dict[str, Any]], context: ImportContext) -> None:
    emails: set[str] = set()
    for i, member in enumerate(items):
        email = member["email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            context.problem(
                ("members", i, "email"),
                _("%(email)r is not a valid e-mail address") % {"email": email},
            )
        if email in emails:
            context.problem(
                ("members", i, "email"), _("%(email)s is listed twice") % {"email": email}
            )
        emails.add(email)
        party = member.get("party")
        if member["role"] == Role.DELEGATE and party not in context.parties:
            context.problem(
                ("members", i, "party"),
                _("a delegate must name a listed party, not %(party)r") % {"party": party},
            )
        if member["role"] != Role.DELEGATE and party is not None:
            context.problem(("members", i, "party"), _("only delegates are bound to a party"))
    if not any(m["role"] == Role.LEAD for m in items):
        context.problem(("members",), _("the case needs at least one lead mediator"))


def _prepare_tasks(items: list[dict[str, Any]], context: ImportContext) -> list[TaskProgress]:
    known = get_methodology().tasks
    listed: dict[str, dict[str, Any]] = {}
    for i, task in enumerate(items):
        key = task["key"]
        if key not in known:
            context.problem(
                ("tasks", i, "key"), _("there is no methodology task %(key)r") % {"key": key}
            )
        elif key in listed:
            context.problem(("tasks", i, "key"), _("task %(key)s is listed twice") % {"key": key})
        if task["status"] == TaskStatus.NOT_APPLICABLE and not task.get("na_reason", "").strip():
            context.problem(
                ("tasks", i, "na_reason"), _("a task that does not apply needs a reason")
            )
        listed[key] = {**task, "due_on": _date(task.get("due_on"), ("tasks", i, "due_on"), context)}
    progress = []
    for key in get_methodology().task_keys():
        task = listed.get(key, {})
        status = task.get("status", TaskStatus.NOT_STARTED)
        progress.append(
            TaskProgress(
                case=context.case,
                task_key=key,
                status=status,
                due_on=task.get("due_on"),
                na_reason=task.get("na_reason", "").strip()
                if status == TaskStatus.NOT_APPLICABLE
                else "",
                stated_owner=(task.get("owner") or "").strip(),
            )
        )
    return progress


def _prepare_checkpoints(
    items: list[dict[str, Any]], context: ImportContext
) -> list[CheckpointTick]:
    """The check-points each task lists as ticked: ones the task has, each once."""
    known = get_methodology().tasks
    ticks = []
    for i, task in enumerate(items):
        if task["key"] not in known:
            continue  # reported with the task
        count = len(known[task["key"]].checkpoints)
        seen: set[int] = set()
        for j, entry in enumerate(task.get("checkpoints") or []):
            path = ("tasks", i, "checkpoints", j)
            index = entry["index"]
            if index >= count:
                context.problem(
                    (*path, "index"),
                    _("task %(key)s has %(count)d check-points, counted from 0")
                    % {"key": task["key"], "count": count},
                )
                continue
            if index in seen:
                context.problem((*path, "index"), _("this check-point is listed twice"))
                continue
            seen.add(index)
            ticked_at = _datetime(entry["ticked_at"], (*path, "ticked_at"), context)
            if ticked_at is None:
                continue
            ticks.append(
                CheckpointTick(
                    case=context.case,
                    task_key=task["key"],
                    index=index,
                    ticked_at=ticked_at,
                    stated_ticked_by=(entry.get("ticked_by") or "").strip(),
                )
            )
    return ticks


def _prepare_notes(items: list[dict[str, Any]], context: ImportContext) -> list[TaskNote]:
    notes = []
    for i, item in enumerate(items):
        path = ("notes", i)
        try:
            visibility = services.note_values_check(
                case=context.case,
                task_key=item["task"],
                body=item["body"],
                visibility=item["visibility"],
                parties=context.parties.values(),
            )
        except ValidationError as exc:
            _report(exc, path, context, {"task_key": "task"})
            continue
        created_at = _datetime(item["created_at"], (*path, "created_at"), context)
        if created_at is None:
            continue
        notes.append(
            TaskNote(
                case=context.case,
                task_key=item["task"],
                body=item["body"].strip(),
                stated_author=(item.get("author") or "").strip(),
                created_at=created_at,
                **visibility,
            )
        )
    return notes
