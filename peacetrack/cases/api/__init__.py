"""API routes for cases, parties, members, task progress and notes (mounted at /api/v1/cases);
the bodies they take and answer are in schemas.py."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from peacetrack.accounts.access import organiser_required
from peacetrack.accounts.types import person_of
from peacetrack.api.errors import VERSIONED_WRITES
from peacetrack.api.etags import if_match_version, with_etag
from peacetrack.casefile.export import EXPORT_JOB, case_export_response
from peacetrack.cases import services
from peacetrack.cases.access import (
    CaseAccess,
    case_get_for_user,
    members_visible_query,
    membership_get_for_user,
    party_get_for_user,
    task_progress_get_for_user,
)
from peacetrack.cases.actions import checkpoint_text as tick_text
from peacetrack.cases.api.schemas import (
    VISIBILITY,
    CaseIn,
    CaseOut,
    CasePatch,
    CheckpointOut,
    MemberOut,
    MemberPatch,
    NoteIn,
    NoteOut,
    PartyIn,
    PartyOut,
    PartyPatch,
    TaskOut,
    TaskPatch,
    case_out,
    checkpoint_out,
    member_out,
    note_out,
    party_out,
    payload_party,
    task_out,
)
from peacetrack.cases.models import (
    TaskNote,
    TaskProgress,
)
from peacetrack.cases.people import People
from peacetrack.cases.selectors import (
    case_progress,
    case_rows,
    checkpoint_ticks,
    memberships_of,
    methodology_order,
)
from peacetrack.cases.visibility import (
    visible_to,
)
from peacetrack.jobs.api import JobOut, job_out
from peacetrack.jobs.services import job_start
from peacetrack.methodology.loader import get_methodology
from peacetrack.paging import PageQuery, api_page, envelope

__all__ = ["VISIBILITY", "payload_party", "router"]

router = Router(tags=["cases"])


@router.get("", response=envelope(CaseOut), summary="Cases you are a member of")
def cases_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """By title, a page at a time (see the API's description: `cursor`, `limit`)."""
    return api_page(
        memberships_of(request.user),
        page,
        lambda memberships: [
            case_out(CaseAccess(case=row.case, membership=row.membership), row.percent)
            for row in case_rows(memberships)
        ],
    )


@router.post(
    "",
    response={201: CaseOut},
    summary="Open a case (case organisers only; you become its lead mediator)",
)
def cases_create(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    organiser_required(request.user)
    case = services.case_create(creator=person_of(request), **payload.model_dump())
    access = case_get_for_user(request.user, case.public_id)
    return Status(201, case_out(access, 0))


@router.get("/{case_id}", response=CaseOut)
def cases_get(request: HttpRequest, case_id: str, response: HttpResponse) -> dict[str, Any]:
    """Answers the case's ETag: send it in If-Match to change the case."""
    access = case_get_for_user(request.user, case_id)
    with_etag(response, access.case)
    return case_out(access, case_progress(access.case).overall.percent)


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
    return case_out(access, case_progress(access.case).overall.percent)


@router.get("/{case_id}/export", response=dict[str, Any], summary="The whole case as a case file")
def cases_export(request: HttpRequest, case_id: str) -> StreamingHttpResponse:
    """Lead mediator and team members only; named `<case>-<date>.peacetrack.json`, written
    as it is sent. For a large case prefer POST, which makes the file in the background."""
    access = case_get_for_user(request.user, case_id, write=True)
    return case_export_response(access.case)


@router.post(
    "/{case_id}/export",
    response={202: JobOut},
    operation_id="case_export_start",
    summary="Make the case file in the background",
)
def cases_export_start(
    request: HttpRequest, case_id: str, response: HttpResponse
) -> Status[dict[str, Any]]:
    """Lead mediator and team members only. Answers 202 with the job: follow it at
    `GET /api/v1/jobs/{id}` (also in `Location`) until its `status` is `done`, then download
    the file from its `download`, within JOBS_RESULT_HOURS (24 by default)."""
    access = case_get_for_user(request.user, case_id, write=True)
    job = job_start(case=access.case, user=person_of(request), kind=EXPORT_JOB.key)
    response["Location"] = reverse("api:job_get", args=[job.public_id])
    return Status(202, job_out(job))


@router.get("/{case_id}/parties", response=envelope(PartyOut))
def parties_list(request: HttpRequest, case_id: str, page: Query[PageQuery]) -> dict[str, Any]:
    """By short name, a page at a time."""
    access = case_get_for_user(request.user, case_id)
    parties = access.case.parties.select_related("description_visibility_party")
    return api_page(
        parties, page, lambda rows: [party_out(access.membership, party) for party in rows]
    )


@router.post("/{case_id}/parties", response={201: PartyOut})
def parties_create(request: HttpRequest, case_id: str, payload: PartyIn) -> Status[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id, write=True)
    party = services.party_create(
        actor=person_of(request), case=access.case, **payload.model_dump()
    )
    return Status(201, party_out(access.membership, party))


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
    return party_out(access.membership, party)


@router.get(
    "/{case_id}/members",
    response=envelope(MemberOut),
    summary="Members you may see (a delegate never sees another party's delegation)",
)
def members_list(request: HttpRequest, case_id: str, page: Query[PageQuery]) -> dict[str, Any]:
    """By role then e-mail, a page at a time."""
    access = case_get_for_user(request.user, case_id)
    members = members_visible_query(access.membership).select_related("user", "party")
    return api_page(members, page, lambda rows: [member_out(m) for m in rows])


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
    return member_out(member)


@router.delete("/{case_id}/members/{member_id}", response={204: None})
def members_remove(request: HttpRequest, case_id: str, member_id: str) -> Status[None]:
    """Requires If-Match: the membership's `etag` as listed (428 without, 412 if stale)."""
    _, member = membership_get_for_user(request.user, case_id, member_id)
    version = if_match_version(request, member)
    services.member_remove(actor=person_of(request), member=member, expected_version=version)
    return Status(204, None)


@router.get("/{case_id}/tasks", response=envelope(TaskOut), summary="Task progress (team only)")
def tasks_list(request: HttpRequest, case_id: str, page: Query[PageQuery]) -> dict[str, Any]:
    """In the methodology's order, a page at a time."""
    access = case_get_for_user(request.user, case_id, team=True)
    rows = TaskProgress.objects.filter(case=access.case).select_related("owner")
    ticks = checkpoint_ticks(access.case)
    return api_page(
        rows,
        page,
        lambda progress: [task_out(p, ticks.get(p.task_key, {})) for p in progress],
        ordering=[methodology_order("task_key")],
    )


@router.get("/{case_id}/tasks/{task_key}", response=TaskOut)
def tasks_get(
    request: HttpRequest, case_id: str, task_key: str, response: HttpResponse
) -> dict[str, Any]:
    """Answers the task progress's ETag: send it in If-Match to change it."""
    access, progress = task_progress_get_for_user(request.user, case_id, task_key)
    with_etag(response, progress)
    return task_out(progress, checkpoint_ticks(access.case, task_key).get(task_key, {}))


@router.patch("/{case_id}/tasks/{task_key}", response=TaskOut)
def tasks_update(
    request: HttpRequest, case_id: str, task_key: str, payload: TaskPatch, response: HttpResponse
) -> dict[str, Any]:
    """Requires If-Match: the ETag of the task as you read it (428 without, 412 if stale)."""
    access, progress = task_progress_get_for_user(request.user, case_id, task_key, write=True)
    version = if_match_version(request, progress)
    changes = payload.model_dump(exclude_unset=True)
    owner = progress.owner
    if "owner" in changes:
        owner = None
        if changes["owner"]:
            owner = get_user_model().objects.filter(email__iexact=changes["owner"]).first()
            if owner is None:
                raise ValidationError({"owner": gettext("No user with that e-mail.")})
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
    return task_out(progress, checkpoint_ticks(access.case, task_key).get(task_key, {}))


def _checkpoint_write(
    request: HttpRequest, case_id: str, task_key: str, index: int, *, tick: bool
) -> CaseAccess:
    access, _progress = task_progress_get_for_user(request.user, case_id, task_key, write=True)
    service = services.checkpoint_tick if tick else services.checkpoint_untick
    try:
        service(actor=person_of(request), case=access.case, task_key=task_key, index=index)
    except ValidationError:
        raise Http404 from None  # a check-point the task does not have: as for any absent thing
    return access


@router.put(
    "/{case_id}/tasks/{task_key}/checkpoints/{index}",
    response=CheckpointOut,
    summary="Tick a check-point of the task (team writers)",
)
def checkpoints_tick(
    request: HttpRequest, case_id: str, task_key: str, index: int
) -> dict[str, Any]:
    """Ticking one already ticked keeps who ticked it first."""
    access = _checkpoint_write(request, case_id, task_key, index, tick=True)
    tick = checkpoint_ticks(access.case, task_key)[task_key][index]
    return checkpoint_out(index, tick_text(task_key, index), tick)


@router.delete("/{case_id}/tasks/{task_key}/checkpoints/{index}", response={204: None})
def checkpoints_untick(
    request: HttpRequest, case_id: str, task_key: str, index: int
) -> Status[None]:
    """Untick a check-point of the task (team writers); one not ticked stays so."""
    _checkpoint_write(request, case_id, task_key, index, tick=False)
    return Status(204, None)


@router.get(
    "/{case_id}/notes", response=envelope(NoteOut), summary="Task notes you may read, newest first"
)
def notes_list(
    request: HttpRequest, case_id: str, page: Query[PageQuery], task: str | None = None
) -> dict[str, Any]:
    access = case_get_for_user(request.user, case_id)
    if task and task not in get_methodology().tasks:
        raise ValidationError({"task": _("There is no methodology task %(key)s.") % {"key": task}})
    notes = visible_to(
        TaskNote.objects.select_related("author", "visibility_party"), access.membership
    )
    if task:
        notes = notes.filter(task_key=task)
    people = People(access.membership)
    return api_page(notes, page, lambda rows: [note_out(n, people) for n in rows])


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
    return Status(201, note_out(note, People(access.membership)))


VERSIONED_WRITES.update(
    {
        "peacetrack_cases_api_cases_update",
        "peacetrack_cases_api_parties_update",
        "peacetrack_cases_api_members_update",
        "peacetrack_cases_api_members_remove",
        "peacetrack_cases_api_tasks_update",
    }
)
