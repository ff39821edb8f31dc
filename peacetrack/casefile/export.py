"""Writing a whole case as a case file (docs/case-file.md)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peacetrack.casefile.schema import SCHEMA_VERSION
from peacetrack.casefile.sections import sections
from peacetrack.casefile.streaming import ROWS_PER_QUERY, Progress, Rows, json_chunks, materialize
from peacetrack.cases.models import (
    Case,
    CheckpointTick,
    Membership,
    Role,
    TaskNote,
    TaskProgress,
    TaskStatus,
)
from peacetrack.cases.selectors import checkpoint_ticks
from peacetrack.invitations.models import Invitation
from peacetrack.jobs.kinds import JobKind
from peacetrack.methodology.loader import get_methodology

if TYPE_CHECKING:
    from peacetrack.jobs.services import JobRun

_ROLE_ORDER = {role: position for position, role in enumerate(Role.values)}


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def confidential_notice(case: Case) -> str:
    return _(
        "CONFIDENTIAL — the whole case “%(title)s”, every visibility included (team-only "
        "notes, every party's private material, member e-mails). For the lead mediator and "
        "team members of this case only; do not forward it, keep it encrypted."
    ) % {"title": case.title}


def _task(progress: TaskProgress, ticks: dict[int, CheckpointTick]) -> dict[str, Any]:
    task: dict[str, Any] = {
        "key": progress.task_key,
        "status": progress.status,
        "owner": progress.owner.email if progress.owner else (progress.stated_owner or None),
        "due_on": _date(progress.due_on),
        "na_reason": progress.na_reason,
    }
    if ticks:
        task["checkpoints"] = [
            {
                "index": index,
                "ticked_by": tick.ticked_by.email
                if tick.ticked_by
                else (tick.stated_ticked_by or None),
                "ticked_at": tick.ticked_at.isoformat(timespec="seconds"),
            }
            for index, tick in sorted(ticks.items())
        ]
    return task


def _notes(case: Case) -> Rows:
    notes = (
        TaskNote.objects.filter(case=case)
        .select_related("author", "visibility_party")
        .order_by("created_at", "task_key", "body", "id")
    )
    return Rows(
        count=notes.count(),
        items=(
            {
                "task": n.task_key,
                "author": n.author.email if n.author else (n.stated_author or None),
                "visibility": n.visibility_code,
                "body": n.body,
                "created_at": n.created_at.isoformat(),
            }
            for n in notes.iterator(chunk_size=ROWS_PER_QUERY)
        ),
    )


def case_export_lazy(case: Case) -> dict[str, Any]:
    """Everything on the case, in a stable order, with its long lists (notes, step-1 records)
    as `Rows` read from the database as they are written. Callers check access (lead mediator
    and team members only: access.case_get_for_user(..., write=True))."""
    methodology = get_methodology()
    order = {key: position for position, key in enumerate(methodology.task_keys())}
    # Members, and the people invited who have not answered yet: both travel with the file
    # (on import every member but the importing user becomes an invitation again).
    people = [
        (m.role, m.user.email, f"{m.user.first_name} {m.user.last_name}".strip(), m.party)
        for m in Membership.objects.filter(case=case).select_related("user", "party")
    ] + [
        (i.role, i.email, i.name, i.party)
        for i in Invitation.objects.filter(
            case=case, accepted_at__isnull=True, revoked_at__isnull=True
        ).select_related("party")
    ]
    members = sorted(people, key=lambda m: (_ROLE_ORDER[m[0]], m[1]))
    progress = sorted(
        TaskProgress.objects.filter(case=case).select_related("owner"),
        key=lambda p: order.get(p.task_key, 10**6),
    )
    ticks = checkpoint_ticks(case)
    data = {
        "confidential": confidential_notice(case),  # first, so it is what a reader sees first
        "schema_version": SCHEMA_VERSION,
        "generator": "peacetrack",
        "methodology_version": methodology.version,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "case": {
            "uid": case.uid,
            "title": case.title,
            "conflict": case.conflict,
            "region": case.region,
            "case_type": case.case_type,
            "mandate_summary": case.mandate_summary,
            "mandate_visibility": case.mandate_visibility_code,
            "sponsor": case.sponsor,
            "status": case.status,
            "started_on": _date(case.started_on),
            "ended_on": _date(case.ended_on),
        },
        "parties": [
            {
                "short_name": p.short_name,
                "name": p.name,
                "kind": p.kind,
                "description": p.description,
                "description_visibility": p.description_visibility_code,
            }
            for p in case.parties.select_related("description_visibility_party").order_by(
                "short_name"
            )
        ],
        "members": [
            {
                "email": email,
                "name": name,
                "role": role,
                "party": party.short_name if party else None,
            }
            for role, email, name, party in members
        ],
        "tasks": [
            _task(p, ticks.get(p.task_key, {}))
            for p in progress
            if p.status != TaskStatus.NOT_STARTED
            or p.owner_id
            or p.stated_owner
            or p.due_on
            or p.task_key in ticks
        ],
        "notes": _notes(case),
    }
    for section in sections():
        data[section.key] = section.export(case)
    return data


def case_export(case: Case) -> dict[str, Any]:
    """The case file as one value in memory: for tests and small cases. Downloads and the CLI
    write `case_export_chunks` instead."""
    return cast(dict[str, Any], materialize(case_export_lazy(case)))


def case_export_chunks(case: Case, *, progress: Progress | None = None) -> Iterator[bytes]:
    """The case file as UTF-8 chunks of about CHUNK_SIZE bytes, written as the records are
    read (never whole in memory). `progress(done, total)` hears how many list items are
    written, at most once per chunk."""
    return json_chunks(case_export_lazy(case), progress=progress)


def export_filename(case: Case) -> str:
    """e.g. valdoria-ceasefire-talks-2026-11-29.peacetrack.json"""
    return (
        f"{slugify(case.title)[:80] or 'case'}-{timezone.localdate().isoformat()}.peacetrack.json"
    )


def case_export_response(case: Case) -> StreamingHttpResponse:
    """The case file as a download, written out as it is sent (the text is never whole in
    memory); named after the case and today's date."""
    response = StreamingHttpResponse(
        case_export_chunks(case), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename(case)}"'
    response["Cache-Control"] = "no-store"
    return response


def export_run(run: JobRun) -> None:
    """The case-file export as a background job (kind "case_export"): the file is written to
    the job's result as it is read, with progress as rows are written."""
    case = run.case
    message = _("Writing the case file…")

    def progress(done: int, total: int) -> None:
        # 99 at most: the job reaches 100 when its file is saved.
        run.progress(min(99, done * 100 // max(total, 1)), message)

    run.progress(0, message)
    chunks = case_export_chunks(case, progress=progress)
    run.save_result(chunks=chunks, filename=export_filename(case))


EXPORT_JOB = JobKind(
    key="case_export",
    label=gettext_lazy("Case file export"),
    run=export_run,
    access={"write": True},  # the whole case: the lead and team members, not observers
)
