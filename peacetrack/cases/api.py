"""API routes for cases, parties, members, task progress and notes (mounted at /api/v1/cases)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from peacetrack.accounts.access import organiser_required
from peacetrack.accounts.types import person_of
from peacetrack.api.errors import VERSIONED_WRITES
from peacetrack.api.etags import etag_of, if_match_version, with_etag
from peacetrack.casefile.export import case_export_response
from peacetrack.cases import services
from peacetrack.cases.access import (
    CaseAccess,
    case_get_for_user,
    members_visible_to,
    membership_get_for_user,
    party_get_for_user,
    task_progress_get_for_user,
)
from peacetrack.cases.models import (
    Case,
    CaseStatus,
    CaseType,
    Membership,
    Party,
    PartyKind,
    Role,
    TaskNote,
    TaskProgress,
    TaskStatus,
)
from peacetrack.cases.people import People
from peacetrack.cases.selectors import case_list_for_user, case_progress
from peacetrack.cases.visibility import (
    mandate_summary_for,
    may_read,
    party_description_for,
    visible_to,
)
from peacetrack.methodology.loader import get_methodology

router = Router(tags=["cases"])


#: A visibility code as services take it: team, parties, track2, public or party:<short name>.
VISIBILITY = r"^(team|parties|track2|public|party:[^\x00]{1,30})$"
VISIBILITY_HELP = "team, parties, track2, public or party:<short name of a party of the case>"


def omissible(**constraints: Any) -> Any:
    """A field of a patch: left out, it keeps its value; sent, it must be a value (null is
    refused by the schema, not by the database)."""
    return Field(None, **constraints)


class CaseIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    conflict: str = Field(min_length=1, max_length=200)
    region: str = Field("", max_length=200)
    case_type: CaseType = CaseType.INTRASTATE
    mandate_summary: str = Field("", max_length=5000)
    mandate_visibility: str = Field(
        "team", pattern=VISIBILITY, description=f"Who reads the mandate summary: {VISIBILITY_HELP}"
    )
    sponsor: str = Field("", max_length=200)
    status: CaseStatus = CaseStatus.EXPLORING
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None


class CasePatch(Schema):
    """Only the fields sent change; text fields take a string (null is refused), dates take
    null to clear them."""

    title: str = omissible(min_length=1, max_length=200)
    conflict: str = omissible(min_length=1, max_length=200)
    region: str = omissible(max_length=200)
    case_type: CaseType = omissible()
    mandate_summary: str = omissible(max_length=5000)
    mandate_visibility: str = omissible(pattern=VISIBILITY, description=VISIBILITY_HELP)
    sponsor: str = omissible(max_length=200)
    status: CaseStatus = omissible()
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None


class CaseOut(Schema):
    id: str = Field(description="The case's public id (as in its URLs).")
    title: str
    conflict: str
    region: str
    case_type: str
    mandate_summary: str = Field(description="Empty if you may not read it.")
    mandate_visibility: str | None = Field(
        None, description="Who reads the mandate summary; null if you may not read it."
    )
    sponsor: str
    status: str
    started_on: datetime.date | None
    ended_on: datetime.date | None
    role: str
    progress_percent: int | None = Field(
        None, description="Share of applicable tasks done; only for the mediation team."
    )


class PartyIn(Schema):
    short_name: str = Field(min_length=1, max_length=30)
    name: str = Field(min_length=1, max_length=200)
    kind: PartyKind = PartyKind.OTHER
    description: str = Field("", max_length=2000)
    description_visibility: str = Field(
        "team", pattern=VISIBILITY, description=f"Who reads the description: {VISIBILITY_HELP}"
    )


class PartyPatch(Schema):
    short_name: str = omissible(min_length=1, max_length=30)
    name: str = omissible(min_length=1, max_length=200)
    kind: PartyKind = omissible()
    description: str = omissible(max_length=2000)
    description_visibility: str = omissible(pattern=VISIBILITY, description=VISIBILITY_HELP)


class PartyOut(Schema):
    id: str = Field(description="The party's public id.")
    short_name: str
    name: str
    kind: str
    description: str = Field(description="Empty if you may not read it.")
    description_visibility: str | None = Field(
        None, description="Who reads the description; null if you may not read it."
    )
    etag: str = Field(description="Send it in If-Match to change the party.")


class MemberPatch(Schema):
    role: Role
    party_id: str | None = Field(None, description="A party's public id (delegates only).")


class MemberOut(Schema):
    id: str = Field(description="The membership's public id.")
    email: str
    name: str
    role: str
    party_id: str | None = Field(description="The delegate's party (its public id).")
    etag: str = Field(description="Send it in If-Match to change or remove the membership.")


class TaskOut(Schema):
    key: str
    status: str
    owner: str | None
    due_on: datetime.date | None
    na_reason: str


class TaskPatch(Schema):
    status: TaskStatus = omissible()
    owner: str | None = Field(
        None, max_length=254, description="E-mail of a team member, or null to clear."
    )
    due_on: datetime.date | None = None
    na_reason: str = omissible(max_length=500)


class NoteIn(Schema):
    task: str = Field(max_length=10, description="A task key of the methodology, e.g. 1.1.1.")
    body: str = Field(min_length=1, max_length=20000)
    visibility: str = Field("team", pattern=VISIBILITY, description=VISIBILITY_HELP)


class NoteOut(Schema):
    id: str = Field(description="The note's public id.")
    task: str
    author: str | None = Field(
        None, description="The author's e-mail, or null if you may not see who wrote it."
    )
    author_name: str = Field(
        description='The author\'s name, or "the mediation team" if you may not see them.'
    )
    visibility: str
    body: str
    created_at: datetime.datetime


def _case_out(access: CaseAccess, percent: int | None) -> dict[str, Any]:
    case = access.case
    mandate = mandate_summary_for(access.membership, case)
    readable = may_read(
        access.membership, case.mandate_visibility, case.mandate_visibility_party_id
    )
    return {
        **{f: getattr(case, f) for f in services.CASE_FIELDS if not f.startswith("mandate_")},
        "mandate_summary": mandate,
        "mandate_visibility": case.mandate_visibility_code if readable else None,
        "id": case.public_id,
        "role": access.membership.role,
        "progress_percent": percent if access.membership.is_team else None,
    }


def _member_out(member: Membership) -> dict[str, Any]:
    return {
        "id": member.public_id,
        "email": member.user.email,
        "name": f"{member.user.first_name} {member.user.last_name}".strip(),
        "role": member.role,
        "party_id": member.party.public_id if member.party else None,
        "etag": etag_of(member),
    }


def _task_out(progress: TaskProgress) -> dict[str, Any]:
    return {
        "key": progress.task_key,
        "status": progress.status,
        "owner": progress.owner.email if progress.owner else None,
        "due_on": progress.due_on,
        "na_reason": progress.na_reason,
    }


def _party_out(membership: Membership, party: Party) -> dict[str, Any]:
    readable = may_read(
        membership, party.description_visibility, party.description_visibility_party_id
    )
    return {
        "id": party.public_id,
        "short_name": party.short_name,
        "name": party.name,
        "kind": party.kind,
        "description": party_description_for(membership, party),
        "description_visibility": party.description_visibility_code if readable else None,
        "etag": etag_of(party),
    }


def _note_out(note: TaskNote, people: People) -> dict[str, Any]:
    return {
        "id": note.public_id,
        "task": note.task_key,
        "author": people.email(note.author),
        "author_name": people.label(note.author),
        "visibility": note.visibility_code,
        "body": note.body,
        "created_at": note.created_at,
    }


def payload_party(case: Case, party_id: str | None) -> Party | None:
    """A party of `case` named in a payload by its public id, or a clear error."""
    if party_id is None:
        return None
    party = Party.objects.filter(case=case, public_id=party_id).first()
    if party is None:
        raise ValidationError({"party_id": "No party with that id on this case."})
    return party


@router.get("", response=list[CaseOut], summary="Cases you are a member of")
def cases_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        _case_out(CaseAccess(case=row.case, membership=row.membership), row.percent)
        for row in case_list_for_user(request.user)
    ]


@router.post(
    "",
    response={201: CaseOut},
    summary="Open a case (case organisers only; you become its lead mediator)",
)
def cases_create(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    organiser_required(request.user)
    case = services.case_create(creator=person_of(request), **payload.model_dump())
    access = case_get_for_user(request.user, case.public_id)
    return Status(201, _case_out(access, 0))


@router.get("/{case_id}", response=CaseOut)
def cases_get(request: HttpRequest, case_id: str, response: HttpResponse) -> dict[str, Any]:
    """Answers the case's ETag: send it in If-Match to change the case."""
    access = case_get_for_user(request.user, case_id)
    with_etag(response, access.case)
    return _case_out(access, case_progress(access.case).overall.percent)


@router.patch("/{case_id}", response=CaseOut)
def cases_update(
    request: HttpRequest, case_id: str, payload: CasePatch, response: HttpResponse
) -> dict[str, Any]:
    """Requires If-Match: the ETag of the case as you read it (428 without, 412 if stale)."""
    access = case_get_for_user(request.user, case_id, write=True)
    version = if_match_version(request, access.case)
    services.case_update(
        actor=person_of(request),
        case=access.case,
        expected_version=version,
        **payload.model_dump(exclude_unset=True),
    )
    with_etag(response, access.case)
    return _case_out(access, case_progress(access.case).overall.percent)


@router.get("/{case_id}/export", response=dict[str, Any], summary="The whole case as a case file")
def cases_export(request: HttpRequest, case_id: str) -> StreamingHttpResponse:
    """Lead mediator and team members only; named `<case>-<date>.peacetrack.json`."""
    access = case_get_for_user(request.user, case_id, write=True)
    return case_export_response(access.case)


@router.get("/{case_id}/parties", response=list[PartyOut])
def parties_list(request: HttpRequest, case_id: str) -> list[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id)
    parties = access.case.parties.select_related("description_visibility_party")
    return [_party_out(access.membership, party) for party in parties]


@router.post("/{case_id}/parties", response={201: PartyOut})
def parties_create(request: HttpRequest, case_id: str, payload: PartyIn) -> Status[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id, write=True)
    party = services.party_create(
        actor=person_of(request), case=access.case, **payload.model_dump()
    )
    return Status(201, _party_out(access.membership, party))


@router.patch("/{case_id}/parties/{party_id}", response=PartyOut)
def parties_update(
    request: HttpRequest, case_id: str, party_id: str, payload: PartyPatch, response: HttpResponse
) -> dict[str, Any]:
    """Requires If-Match: the party's `etag` as listed (428 without, 412 if stale)."""
    access, party = party_get_for_user(request.user, case_id, party_id, write=True)
    version = if_match_version(request, party)
    services.party_update(
        actor=person_of(request),
        party=party,
        expected_version=version,
        **payload.model_dump(exclude_unset=True),
    )
    with_etag(response, party)
    return _party_out(access.membership, party)


@router.get(
    "/{case_id}/members",
    response=list[MemberOut],
    summary="Members you may see (a delegate never sees another party's delegation)",
)
def members_list(request: HttpRequest, case_id: str) -> list[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id)
    return [_member_out(m) for m in members_visible_to(access.membership)]


@router.patch("/{case_id}/members/{member_id}", response=MemberOut)
def members_update(
    request: HttpRequest, case_id: str, member_id: str, payload: MemberPatch, response: HttpResponse
) -> dict[str, Any]:
    """Requires If-Match: the membership's `etag` as listed (428 without, 412 if stale)."""
    access, member = membership_get_for_user(request.user, case_id, member_id)
    version = if_match_version(request, member)
    services.member_change_role(
        actor=person_of(request),
        member=member,
        role=payload.role,
        party=payload_party(access.case, payload.party_id),
        expected_version=version,
    )
    with_etag(response, member)
    return _member_out(member)


@router.delete("/{case_id}/members/{member_id}", response={204: None})
def members_remove(request: HttpRequest, case_id: str, member_id: str) -> Status[None]:
    """Requires If-Match: the membership's `etag` as listed (428 without, 412 if stale)."""
    _, member = membership_get_for_user(request.user, case_id, member_id)
    version = if_match_version(request, member)
    services.member_remove(actor=person_of(request), member=member, expected_version=version)
    return Status(204, None)


@router.get("/{case_id}/tasks", response=list[TaskOut], summary="Task progress (team only)")
def tasks_list(request: HttpRequest, case_id: str) -> list[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id, team=True)
    order = {key: i for i, key in enumerate(case_progress(access.case).statuses)}
    rows = TaskProgress.objects.filter(case=access.case).select_related("owner")
    return [_task_out(p) for p in sorted(rows, key=lambda p: order.get(p.task_key, 999))]


@router.get("/{case_id}/tasks/{task_key}", response=TaskOut)
def tasks_get(
    request: HttpRequest, case_id: str, task_key: str, response: HttpResponse
) -> dict[str, Any]:
    """Answers the task progress's ETag: send it in If-Match to change it."""
    _, progress = task_progress_get_for_user(request.user, case_id, task_key)
    with_etag(response, progress)
    return _task_out(progress)


@router.patch("/{case_id}/tasks/{task_key}", response=TaskOut)
def tasks_update(
    request: HttpRequest, case_id: str, task_key: str, payload: TaskPatch, response: HttpResponse
) -> dict[str, Any]:
    """Requires If-Match: the ETag of the task as you read it (428 without, 412 if stale)."""
    _, progress = task_progress_get_for_user(request.user, case_id, task_key, write=True)
    version = if_match_version(request, progress)
    changes = payload.model_dump(exclude_unset=True)
    owner = progress.owner
    if "owner" in changes:
        owner = None
        if changes["owner"]:
            owner = get_user_model().objects.filter(email__iexact=changes["owner"]).first()
            if owner is None:
                raise ValidationError({"owner": "No user with that e-mail."})
    services.task_update(
        actor=person_of(request),
        progress=progress,
        status=changes.get("status") or progress.status,
        owner=owner,
        due_on=changes.get("due_on", progress.due_on),
        na_reason=changes.get("na_reason") or progress.na_reason,
        expected_version=version,
    )
    with_etag(response, progress)
    return _task_out(progress)


@router.get(
    "/{case_id}/notes", response=list[NoteOut], summary="Task notes you may read, newest first"
)
def notes_list(request: HttpRequest, case_id: str, task: str | None = None) -> list[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id)
    if task and task not in get_methodology().tasks:
        raise ValidationError({"task": _("There is no methodology task %(key)s.") % {"key": task}})
    notes = visible_to(
        TaskNote.objects.select_related("author", "visibility_party"), access.membership
    )
    if task:
        notes = notes.filter(task_key=task)
    people = People(access.membership)
    return [_note_out(n, people) for n in notes]


@router.post("/{case_id}/notes", response={201: NoteOut})
def notes_add(request: HttpRequest, case_id: str, payload: NoteIn) -> Status[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id, write=True)
    note = services.note_add(
        actor=person_of(request),
        case=access.case,
        task_key=payload.task,
        body=payload.body,
        visibility=payload.visibility,
    )
    return Status(201, _note_out(note, People(access.membership)))


VERSIONED_WRITES.update(
    {
        "peacetrack_cases_api_cases_update",
        "peacetrack_cases_api_parties_update",
        "peacetrack_cases_api_members_update",
        "peacetrack_cases_api_members_remove",
        "peacetrack_cases_api_tasks_update",
    }
)
