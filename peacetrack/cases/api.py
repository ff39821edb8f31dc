"""API routes for cases, parties, members, task progress and notes (mounted at /api/v1/cases)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Router, Schema, Status

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
from peacetrack.cases.models import Case, Membership, Party, TaskNote, TaskProgress
from peacetrack.cases.selectors import case_list_for_user, case_progress
from peacetrack.cases.visibility import visibility_fields, visible_to

router = Router(tags=["cases"])


class CaseIn(Schema):
    title: str
    conflict: str
    region: str = ""
    case_type: str = "intrastate"
    mandate_summary: str = ""
    sponsor: str = ""
    status: str = "exploring"
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None


class CasePatch(Schema):
    title: str | None = None
    conflict: str | None = None
    region: str | None = None
    case_type: str | None = None
    mandate_summary: str | None = None
    sponsor: str | None = None
    status: str | None = None
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None


class CaseOut(Schema):
    id: int
    title: str
    conflict: str
    region: str
    case_type: str
    mandate_summary: str
    sponsor: str
    status: str
    started_on: datetime.date | None
    ended_on: datetime.date | None
    role: str
    progress_percent: int | None = Field(
        None, description="Share of applicable tasks done; only for the mediation team."
    )


class PartyIn(Schema):
    short_name: str
    name: str
    kind: str = "other"
    description: str = ""


class PartyPatch(Schema):
    short_name: str | None = None
    name: str | None = None
    kind: str | None = None
    description: str | None = None


class PartyOut(Schema):
    id: int
    short_name: str
    name: str
    kind: str
    description: str


class MemberIn(Schema):
    email: str
    name: str = ""
    role: str
    party_id: int | None = None


class MemberPatch(Schema):
    role: str
    party_id: int | None = None


class MemberOut(Schema):
    id: int
    email: str
    name: str
    role: str
    party_id: int | None


class TaskOut(Schema):
    key: str
    status: str
    owner: str | None
    due_on: datetime.date | None
    na_reason: str


class TaskPatch(Schema):
    status: str | None = None
    owner: str | None = Field(None, description="E-mail of a team member, or null.")
    due_on: datetime.date | None = None
    na_reason: str | None = None


class NoteIn(Schema):
    task: str
    body: str
    visibility: str = Field("team", description="team, parties, track2, public or party:<short>")


class NoteOut(Schema):
    id: int
    task: str
    author: str | None
    visibility: str
    body: str
    created_at: datetime.datetime


def _case_out(access: CaseAccess, percent: int | None) -> dict[str, Any]:
    case = access.case
    return {
        **{f: getattr(case, f) for f in services.CASE_FIELDS},
        "id": case.pk,
        "role": access.membership.role,
        "progress_percent": percent if access.membership.is_team else None,
    }


def _member_out(member: Membership) -> dict[str, Any]:
    return {
        "id": member.pk,
        "email": member.user.email,
        "name": f"{member.user.first_name} {member.user.last_name}".strip(),
        "role": member.role,
        "party_id": member.party_id,
    }


def _task_out(progress: TaskProgress) -> dict[str, Any]:
    return {
        "key": progress.task_key,
        "status": progress.status,
        "owner": progress.owner.email if progress.owner else None,
        "due_on": progress.due_on,
        "na_reason": progress.na_reason,
    }


def _note_out(note: TaskNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "task": note.task_key,
        "author": note.author.email if note.author else None,
        "visibility": note.visibility_code,
        "body": note.body,
        "created_at": note.created_at,
    }


def _party(case: Case, party_id: int | None) -> Party | None:
    if party_id is None:
        return None
    party = Party.objects.filter(case=case, pk=party_id).first()
    if party is None:
        raise ValidationError({"party_id": "No party with that id on this case."})
    return party


@router.get("", response=list[CaseOut], summary="Cases you are a member of")
def cases_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        _case_out(CaseAccess(case=row.case, membership=row.membership), row.percent)
        for row in case_list_for_user(request.user)
    ]


@router.post("", response={201: CaseOut}, summary="Open a case (you become its lead mediator)")
def cases_create(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    case = services.case_create(creator=request.user, **payload.model_dump())
    access = case_get_for_user(request.user, case.pk)
    return Status(201, _case_out(access, 0))


@router.get("/{case_id}", response=CaseOut)
def cases_get(request: HttpRequest, case_id: int) -> dict[str, Any]:
    access = case_get_for_user(request.user, case_id)
    return _case_out(access, case_progress(access.case).overall.percent)


@router.patch("/{case_id}", response=CaseOut)
def cases_update(request: HttpRequest, case_id: int, payload: CasePatch) -> dict[str, Any]:
    access = case_get_for_user(request.user, case_id, write=True)
    services.case_update(
        actor=request.user, case=access.case, **payload.model_dump(exclude_unset=True)
    )
    return _case_out(access, case_progress(access.case).overall.percent)


@router.get("/{case_id}/export", response=dict[str, Any], summary="The whole case as a case file")
def cases_export(request: HttpRequest, case_id: int) -> StreamingHttpResponse:
    """Lead mediator and team members only; named `<case>-<date>.peacetrack.json`."""
    access = case_get_for_user(request.user, case_id, write=True)
    return case_export_response(access.case)


@router.get("/{case_id}/parties", response=list[PartyOut])
def parties_list(request: HttpRequest, case_id: int) -> list[Party]:
    access = case_get_for_user(request.user, case_id)
    return list(access.case.parties.all())


@router.post("/{case_id}/parties", response={201: PartyOut})
def parties_create(request: HttpRequest, case_id: int, payload: PartyIn) -> Status[Party]:
    access = case_get_for_user(request.user, case_id, write=True)
    return Status(
        201, services.party_create(actor=request.user, case=access.case, **payload.model_dump())
    )


@router.patch("/{case_id}/parties/{party_id}", response=PartyOut)
def parties_update(request: HttpRequest, case_id: int, party_id: int, payload: PartyPatch) -> Party:
    _, party = party_get_for_user(request.user, case_id, party_id, write=True)
    return services.party_update(
        actor=request.user, party=party, **payload.model_dump(exclude_unset=True)
    )


@router.get(
    "/{case_id}/members",
    response=list[MemberOut],
    summary="Members you may see (a delegate never sees another party's delegation)",
)
def members_list(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id)
    return [_member_out(m) for m in members_visible_to(access.membership)]


@router.post("/{case_id}/members", response={201: MemberOut}, summary="Add a member (lead only)")
def members_add(request: HttpRequest, case_id: int, payload: MemberIn) -> Status[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id, manage=True)
    member, _ = services.member_add(
        actor=request.user,
        case=access.case,
        email=payload.email,
        role=payload.role,
        party=_party(access.case, payload.party_id),
        name=payload.name,
    )
    return Status(201, _member_out(member))


@router.patch("/{case_id}/members/{member_id}", response=MemberOut)
def members_update(
    request: HttpRequest, case_id: int, member_id: int, payload: MemberPatch
) -> dict[str, Any]:
    access, member = membership_get_for_user(request.user, case_id, member_id)
    services.member_change_role(
        actor=request.user,
        member=member,
        role=payload.role,
        party=_party(access.case, payload.party_id),
    )
    return _member_out(member)


@router.delete("/{case_id}/members/{member_id}", response={204: None})
def members_remove(request: HttpRequest, case_id: int, member_id: int) -> Status[None]:
    _, member = membership_get_for_user(request.user, case_id, member_id)
    services.member_remove(actor=request.user, member=member)
    return Status(204, None)


@router.get("/{case_id}/tasks", response=list[TaskOut], summary="Task progress (team only)")
def tasks_list(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id, team=True)
    order = {key: i for i, key in enumerate(case_progress(access.case).statuses)}
    rows = TaskProgress.objects.filter(case=access.case).select_related("owner")
    return [_task_out(p) for p in sorted(rows, key=lambda p: order.get(p.task_key, 999))]


@router.get("/{case_id}/tasks/{task_key}", response=TaskOut)
def tasks_get(request: HttpRequest, case_id: int, task_key: str) -> dict[str, Any]:
    _, progress = task_progress_get_for_user(request.user, case_id, task_key)
    return _task_out(progress)


@router.patch("/{case_id}/tasks/{task_key}", response=TaskOut)
def tasks_update(
    request: HttpRequest, case_id: int, task_key: str, payload: TaskPatch
) -> dict[str, Any]:
    _, progress = task_progress_get_for_user(request.user, case_id, task_key, write=True)
    changes = payload.model_dump(exclude_unset=True)
    owner = progress.owner
    if "owner" in changes:
        owner = None
        if changes["owner"]:
            owner = get_user_model().objects.filter(email__iexact=changes["owner"]).first()
            if owner is None:
                raise ValidationError({"owner": "No user with that e-mail."})
    services.task_update(
        actor=request.user,
        progress=progress,
        status=changes.get("status") or progress.status,
        owner=owner,
        due_on=changes.get("due_on", progress.due_on),
        na_reason=changes.get("na_reason") or progress.na_reason,
    )
    return _task_out(progress)


@router.get(
    "/{case_id}/notes", response=list[NoteOut], summary="Task notes you may read, newest first"
)
def notes_list(request: HttpRequest, case_id: int, task: str | None = None) -> list[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id)
    notes = visible_to(
        TaskNote.objects.select_related("author", "visibility_party"), access.membership
    )
    if task:
        notes = notes.filter(task_key=task)
    return [_note_out(n) for n in notes]


@router.post("/{case_id}/notes", response={201: NoteOut})
def notes_add(request: HttpRequest, case_id: int, payload: NoteIn) -> Status[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id, write=True)
    note = services.note_add(
        actor=request.user,
        case=access.case,
        task_key=payload.task,
        body=payload.body,
        **visibility_fields(payload.visibility, access.case.parties.all()),
    )
    return Status(201, _note_out(note))
