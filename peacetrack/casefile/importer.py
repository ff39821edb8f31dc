"""Reading a case file into a new case: all or nothing.

Checks run in order — size, JSON syntax, schema version, JSON Schema, then the references
between records — and the first problem is reported with where it is. Only a file that passes
every check is written, inside one transaction.
"""

from __future__ import annotations

import datetime
import functools
import json
from typing import Any

import jsonschema
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from peacetrack.accounts.emails import email_normalize
from peacetrack.audit.services import audit_record
from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.schema import READABLE_VERSIONS, full_schema
from peacetrack.casefile.sections import sections
from peacetrack.cases import services
from peacetrack.cases.models import Case, Membership, Party, Role, TaskProgress
from peacetrack.cases.visibility import visibility_fields
from peacetrack.invitations.services import invitation_create
from peacetrack.methodology.loader import get_methodology


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(full_schema())


def _where(path: Any) -> str:
    return "/" + "/".join(str(part) for part in path) if path else "the top level"


def parse(raw: bytes) -> dict[str, Any]:
    """Bytes → a checked case-file dict, or CaseFileError."""
    limit = settings.CASEFILE_MAX_BYTES
    if len(raw) > limit:
        raise CaseFileError(
            f"the file is {len(raw) / 2**20:.1f} MB; case files are limited to {limit // 2**20} MB"
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise CaseFileError(f"the file is not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            f"the file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    if not isinstance(data, dict):
        raise CaseFileError("the file must hold a JSON object, not a list or a value")
    version = data.get("schema_version")
    if version not in READABLE_VERSIONS:
        readable = " and ".join(str(v) for v in READABLE_VERSIONS)
        raise CaseFileError(
            f"unknown schema_version {version!r}: this Peacetrack reads versions {readable}"
        )
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        raise CaseFileError(f"{_where(error.absolute_path)}: {error.message}")
    _check_references(data)
    return data


def _date(value: str | None, where: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CaseFileError(f"{where}: {value!r} is not a real date") from None


def _datetime(value: str, where: str) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise CaseFileError(f"{where}: {value!r} is not an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        raise CaseFileError(f"{where}: {value!r} has no time zone")
    return parsed


def _check_visibility(code: str, party_names: set[str], where: str, field: str) -> None:
    if code.startswith("party:") and code[6:] not in party_names:
        raise CaseFileError(f"{where}/{field}: {code!r} names no listed party")


def _check_references(data: dict[str, Any]) -> None:
    tasks = get_methodology().tasks
    case = data["case"]
    started = _date(case.get("started_on"), "/case/started_on")
    ended = _date(case.get("ended_on"), "/case/ended_on")
    if started and ended and ended < started:
        raise CaseFileError("/case/ended_on: the case ends before it starts")

    parties: set[str] = set()
    for i, party in enumerate(data["parties"]):
        short = party["short_name"].lower()
        if short in parties:
            raise CaseFileError(f"/parties/{i}/short_name: {party['short_name']!r} is used twice")
        parties.add(short)
    party_names = {p["short_name"] for p in data["parties"]}
    visibility = case.get("mandate_visibility", "team")
    _check_visibility(visibility, party_names, "/case", "mandate_visibility")
    for i, party in enumerate(data["parties"]):
        visibility = party.get("description_visibility", "team")
        _check_visibility(visibility, party_names, f"/parties/{i}", "description_visibility")

    emails: set[str] = set()
    for i, member in enumerate(data["members"]):
        email = member["email"].strip().lower()
        if email in emails:
            raise CaseFileError(f"/members/{i}/email: {email} is listed twice")
        emails.add(email)
        party = member.get("party")
        if member["role"] == Role.DELEGATE and party not in party_names:
            raise CaseFileError(
                f"/members/{i}/party: a delegate must name a listed party, not {party!r}"
            )
        if member["role"] != Role.DELEGATE and party is not None:
            raise CaseFileError(f"/members/{i}/party: only delegates are bound to a party")
    if not any(m["role"] == Role.LEAD for m in data["members"]):
        raise CaseFileError("/members: the case needs at least one lead mediator")
    team = {
        m["email"].strip().lower()
        for m in data["members"]
        if m["role"] in (Role.LEAD, Role.MEMBER, Role.OBSERVER)
    }

    seen_tasks: set[str] = set()
    for i, task in enumerate(data["tasks"]):
        where = f"/tasks/{i}"
        if task["key"] not in tasks:
            raise CaseFileError(f"{where}/key: there is no methodology task {task['key']!r}")
        if task["key"] in seen_tasks:
            raise CaseFileError(f"{where}/key: task {task['key']} is listed twice")
        seen_tasks.add(task["key"])
        _date(task.get("due_on"), f"{where}/due_on")
        owner = task.get("owner")
        if owner is not None and owner.strip().lower() not in team:
            raise CaseFileError(f"{where}/owner: {owner} is not on the mediation team")
        if task["status"] == "not_applicable" and not task.get("na_reason", "").strip():
            raise CaseFileError(f"{where}/na_reason: a not-applicable task needs a reason")

    for i, note in enumerate(data["notes"]):
        where = f"/notes/{i}"
        if note["task"] not in tasks:
            raise CaseFileError(f"{where}/task: there is no methodology task {note['task']!r}")
        author = note.get("author")
        if author is not None and author.strip().lower() not in emails:
            raise CaseFileError(f"{where}/author: {author} is not a member of the case")
        visibility = note["visibility"]
        if visibility.startswith("party:") and visibility[6:] not in party_names:
            raise CaseFileError(f"{where}/visibility: {visibility!r} names no listed party")
        if not note["body"].strip():
            raise CaseFileError(f"{where}/body: the note is empty")
        _datetime(note["created_at"], f"{where}/created_at")


def case_import(raw: bytes, *, actor: Any, date_shift: datetime.timedelta | None = None) -> Case:
    """Create a new case from a case file. Nothing is written unless all of it is valid.

    date_shift moves every date and time (used by the demo so that it always looks current).
    """
    data = parse(raw)
    shift = date_shift or datetime.timedelta(0)
    try:
        with transaction.atomic():
            return _write(data, actor=actor, shift=shift)
    except ValidationError as exc:
        raise CaseFileError(f"the file was refused: {'; '.join(exc.messages)}") from None


def _shifted(value: datetime.date | None, shift: datetime.timedelta) -> datetime.date | None:
    return value + shift if value else None


# A file without a visibility for a party's description or the mandate summary (older files,
# when every member read them) makes them the team's: hiding can be undone, a leak cannot.
DEFAULT_TEXT_VISIBILITY = "team"


def _shared_with_one_party(item: dict[str, Any], field: str) -> bool:
    return str(item.get(field, "")).startswith("party:")


def _visibility_now(item: dict[str, Any], field: str) -> dict[str, Any]:
    """The visibility fields to create `item` with; one shared with a single party is set
    once the parties exist (team until then, inside the same transaction)."""
    code = item.get(field, DEFAULT_TEXT_VISIBILITY)
    if _shared_with_one_party(item, field):
        code = DEFAULT_TEXT_VISIBILITY
    return visibility_fields(code, [], field)


def _write(data: dict[str, Any], *, actor: Any, shift: datetime.timedelta) -> Case:
    # The importing user (a case organiser) is the case's lead; an import never creates or
    # attaches accounts: the file's other members become invitations the lead may send.
    importer_email = email_normalize(actor.email)

    def user(email: str | None) -> Any:
        return actor if email and email_normalize(email) == importer_email else None

    info = data["case"]
    case = services.case_create(
        creator=actor,
        title=info["title"],
        conflict=info["conflict"],
        region=info.get("region", ""),
        case_type=info["case_type"],
        mandate_summary=info.get("mandate_summary", ""),
        **_visibility_now(info, "mandate_visibility"),
        sponsor=info.get("sponsor", ""),
        status=info["status"],
        started_on=_shifted(_date(info.get("started_on"), ""), shift),
        ended_on=_shifted(_date(info.get("ended_on"), ""), shift),
    )
    parties: dict[str, Party] = {}
    for party in data["parties"]:
        parties[party["short_name"]] = services.party_create(
            actor=actor,
            case=case,
            short_name=party["short_name"],
            name=party["name"],
            kind=party["kind"],
            description=party.get("description", ""),
            **_visibility_now(party, "description_visibility"),
        )
    # Texts shared with one party: that party exists now.
    for party in data["parties"]:
        if _shared_with_one_party(party, "description_visibility"):
            services.party_update(
                actor=actor,
                party=parties[party["short_name"]],
                **visibility_fields(
                    party["description_visibility"], parties.values(), "description_visibility"
                ),
            )
    if _shared_with_one_party(info, "mandate_visibility"):
        services.case_update(
            actor=actor,
            case=case,
            **visibility_fields(info["mandate_visibility"], parties.values(), "mandate_visibility"),
        )
    _import_members(case=case, actor=actor, members=data["members"], parties=parties)
    progress = {p.task_key: p for p in TaskProgress.objects.filter(case=case)}
    for task in data["tasks"]:
        services.task_update(
            actor=actor,
            progress=progress[task["key"]],
            status=task["status"],
            owner=user(task.get("owner")),
            due_on=_shifted(_date(task.get("due_on"), ""), shift),
            na_reason=task.get("na_reason", ""),
        )
    for note in data["notes"]:
        services.note_add(
            actor=actor,
            case=case,
            task_key=note["task"],
            body=note["body"],
            **visibility_fields(note["visibility"], parties.values()),
            created_at=_datetime(note["created_at"], "") + shift,
            author=user(note.get("author")),
        )
    for section in sections():
        if section.key in data:
            section.load(case, data[section.key], actor, parties, shift)
    audit_record(
        actor=actor,
        action="case.import",
        obj=case,
        case_id=case.pk,
        after={
            "members": Membership.objects.filter(case=case).count(),
            "notes": len(data["notes"]),
        },
        summary=f"Imported case {case.title} from a case file",
    )
    return case


def _import_members(
    *, case: Case, actor: Any, members: list[dict[str, Any]], parties: dict[str, Party]
) -> None:
    """Every member of the file but the importing user becomes a pending, unsent invitation."""
    importer_email = email_normalize(actor.email)
    for member in members:
        if email_normalize(member["email"]) == importer_email:
            continue
        invitation_create(
            inviter=actor,
            case=case,
            email=member["email"],
            role=member["role"],
            party=parties[member["party"]] if member.get("party") else None,
            name=member.get("name", ""),
            send=False,
        )
