"""Reading a case file into a new case: all or nothing for the importing user, never a long
lock for anyone else.

1. Read and check the whole file outside any transaction (reading.py: size, depth, items per
   list, JSON, schema version and upgrade, JSON Schema), then every rule the services apply,
   building every record unsaved. All problems found (up to CASEFILE_MAX_PROBLEMS) are
   reported together, each with its place in the file.
2. Write in short transactions (bulk inserts of CASEFILE_WRITE_CHUNK rows) into a case marked
   `importing`, which no page, list, search or API shows (cases.models.CaseManager).
3. In one last short transaction: the members, one audit event for the whole import (by the
   importing user, with what it created), and the case becomes visible. If anything fails on
   the way, the half-written case is removed.

Authors and owners named in the file are kept as text (`stated_author`, `stated_owner`), the
record's stated origin. The import creates and attaches no account: the importing user is the
lead, the file's other members become invitations (peacetrack/invitations), and what they are
stated to have written or to own becomes theirs when they accept.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peacetrack.accounts.emails import email_normalize
from peacetrack.accounts.services import profile_of
from peacetrack.accounts.types import Person
from peacetrack.audit.services import audit_record
from peacetrack.casefile.actions import CASE_IMPORT
from peacetrack.casefile.errors import CaseAlreadyHere, CaseFileError, Path
from peacetrack.casefile.reading import read
from peacetrack.casefile.sections import ImportContext, TooManyProblems, sections
from peacetrack.cases import services
from peacetrack.cases.models import (
    Case,
    Membership,
    Party,
    Role,
    TaskNote,
    TaskProgress,
    TaskStatus,
    new_case_uid,
)
from peacetrack.invitations.services import invitation_create, stated_origin_link
from peacetrack.methodology.loader import get_methodology

logger = logging.getLogger(__name__)


def case_import(
    raw: bytes,
    *,
    actor: Person,
    as_copy: bool = False,
    date_shift: datetime.timedelta | None = None,
) -> Case:
    """Create a new case from a case file, or raise CaseFileError listing what is wrong.

    The importing user (a case organiser) becomes the case's lead mediator. An import never
    creates or attaches accounts: the file's other members become invitations the lead may
    send, and authors and owners named in the file are kept as text until they join.

    as_copy: the file's case is already here and `actor` is a member of it: import it anyway
    as a copy, with its own identifier and a title saying so.
    date_shift moves every date and time (used by the demo so that it always looks current).
    """
    if not profile_of(actor).is_organiser:
        raise CaseFileError(_("only case organisers may import a case file"))
    data = read(raw)
    context = ImportContext(case=Case(), parties={}, shift=date_shift or datetime.timedelta(0))
    plan = _prepare(data, context)
    _identify(context.case, data["case"].get("uid"), actor=actor, as_copy=as_copy)
    return _write(data, plan, context, actor=actor)


# --- 1. checking: no database writes ------------------------------------------------------


def _prepare(data: dict[str, Any], context: ImportContext) -> dict[str, Any]:
    plan: dict[str, Any] = {}
    try:
        _prepare_case(data["case"], context)
        plan["parties"] = _prepare_parties(data["parties"], context)
        _check_one_party_codes(data, context)
        _check_members(data["members"], context)
        plan["progress"] = _prepare_tasks(data["tasks"], context)
        plan["notes"] = _prepare_notes(data["notes"], context)
        for section in sections():
            if section.key in data:
                plan[section.key] = section.prepare(data[section.key], context)
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


def _share_with_one_party(data: dict[str, Any], case: Case, parties: dict[str, Party]) -> None:
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


def _identify(case: Case, uid: str | None, *, actor: Person, as_copy: bool) -> None:
    """Keep the file's identifier unless the case is already here. Only a member of that
    case learns that it is (and may import a copy); anyone else gets a plain new case."""
    existing = Case.all_cases.filter(uid=uid).first() if uid else None
    if existing is None:
        case.uid = uid or new_case_uid()
        return
    case.uid = new_case_uid()
    if not Membership.objects.filter(case=existing, user_id=actor.pk).exists():
        return
    copy_title = _copy_title(case.title)
    if not as_copy:
        raise CaseAlreadyHere(title=existing.title, copy_title=copy_title)
    case.title = copy_title


def _copy_title(title: str) -> str:
    suffix = _(" (copy %(date)s)") % {"date": timezone.localdate().isoformat()}
    return title[: 200 - len(suffix)] + suffix


# --- 2. writing: short transactions into an invisible case --------------------------------


def _write(
    data: dict[str, Any], plan: dict[str, Any], context: ImportContext, *, actor: Person
) -> Case:
    remove_abandoned_imports()
    case = context.case
    try:
        with transaction.atomic():
            case.save()
        context.write("parties", plan["parties"])
        with transaction.atomic():
            _share_with_one_party(data, case, context.parties)
        context.write("task progress", plan["progress"])
        context.write("notes", plan["notes"])
        for section in sections():
            if section.key in plan:
                section.load(plan[section.key], context)
        with transaction.atomic():
            _import_members(
                case=case, actor=actor, members=data["members"], parties=context.parties
            )
            audit_record(
                actor=actor,
                action=CASE_IMPORT,
                obj=case,
                case_id=case.pk,
                after={"uid": case.uid, "created": dict(sorted(context.counts.items()))},
                summary=_("Imported case %(title)s from a case file") % {"title": case.title},
            )
            Case.all_cases.filter(pk=case.pk).update(importing=False)
    except BaseException as exc:
        _discard(case)
        if isinstance(exc, ValidationError):
            raise CaseFileError(
                _("the file was refused: %(reason)s") % {"reason": "; ".join(exc.messages)}
            ) from None
        raise
    case.refresh_from_db()
    return case


def _discard(case: Case) -> None:
    """Remove a half-written import. If even that fails, the case stays invisible and the
    next import removes it (remove_abandoned_imports)."""
    if case.pk is None:
        return
    try:
        with transaction.atomic():
            Case.all_cases.filter(pk=case.pk, importing=True).delete()
    except Exception:  # the original failure is what the caller must see
        logger.exception("could not remove the unfinished import of case %s", case.pk)


def remove_abandoned_imports() -> None:
    """Cases left importing by a process that died mid-import (older than a day)."""
    cutoff = timezone.now() - datetime.timedelta(hours=settings.CASEFILE_ABANDONED_HOURS)
    for case in Case.all_cases.filter(importing=True, created_at__lt=cutoff):
        with transaction.atomic():
            case.delete()


def _import_members(
    *, case: Case, actor: Person, members: list[dict[str, Any]], parties: dict[str, Party]
) -> None:
    """The importing user is the lead; every other member of the file becomes a pending,
    unsent invitation (an import never creates or attaches accounts). What the file says the
    importing user wrote or owns is theirs at once; the others' when they accept."""
    Membership.all_memberships.create(case=case, user=actor, role=Role.LEAD)
    importer_email = email_normalize(actor.email)
    for member in members:
        if email_normalize(member["email"]) == importer_email:
            continue
        invitation_create(
            inviter=actor,
            case=case,
            email=member["email"],
            role=Role(member["role"]),
            party=parties[member["party"]] if member.get("party") else None,
            name=member.get("name", ""),
            send=False,
        )
    stated_origin_link(case=case, user=actor, team=True)
