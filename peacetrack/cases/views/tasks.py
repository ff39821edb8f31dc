"""Step and task pages: guidance, progress, the records and notes that serve a task.

Thin: parse, check access, call a service, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from peacetrack.accounts.types import person_of
from peacetrack.audit.selectors import history as audit_history
from peacetrack.audit.trail import trail_entries
from peacetrack.cases import services
from peacetrack.cases.access import (
    case_get_for_user,
    task_get_for_user,
    task_progress_get_for_user,
)
from peacetrack.cases.forms import (
    NoteForm,
    TaskForm,
    show_service_errors,
)
from peacetrack.cases.models import CheckpointTick, Membership, Role, TaskProgress
from peacetrack.cases.navigation import page_panels, step_panels
from peacetrack.cases.people import People
from peacetrack.cases.selectors import (
    case_progress,
    checkpoint_ticks,
    note_counts,
    notes_visible,
)
from peacetrack.cases.task_records import task_records, task_views
from peacetrack.methodology.loader import get_methodology
from peacetrack.paging import page_for_request


@login_required
def step_detail(request: HttpRequest, case_id: str, step_key: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id)
    methodology = get_methodology()
    try:
        step = methodology.step(step_key)
    except KeyError:
        raise Http404 from None
    return render(
        request,
        "cases/step.html",
        {
            "access": access,
            "case": access.case,
            "step": step,
            "progress": case_progress(access.case) if access.membership.is_team else None,
            "note_counts": note_counts(access),
            "panels": step_panels(access, step.key),
            "methodology": methodology,
        },
    )


#: The notes a task page opens with (newest first); the older ones are a click away.
LATEST_NOTES = 10


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, case_id: str, task_key: str) -> HttpResponse:
    access = task_get_for_user(request.user, case_id, task_key)
    methodology = get_methodology()
    task = methodology.task(task_key)
    progress: TaskProgress | None = None
    task_form: TaskForm | None = None
    if access.membership.is_team:
        _, progress = task_progress_get_for_user(
            request.user, case_id, task_key, write=request.method == "POST"
        )
        team = [
            m.user
            for m in Membership.objects.filter(
                case=access.case, role__in=[Role.LEAD, Role.MEMBER, Role.OBSERVER]
            ).select_related("user")
        ]
        initial = {
            "status": progress.status,
            "due_on": progress.due_on,
            "na_reason": progress.na_reason,
            "owner": str(progress.owner_id) if progress.owner_id else "",
            "version": progress.version,
        }
        task_form = TaskForm(request.POST or None, initial=initial, team=team)
        if request.method == "POST" and task_form.is_valid():
            try:
                values = dict(task_form.cleaned_data)
                version = values.pop("version", None)
                services.task_update(
                    actor=person_of(request), progress=progress, expected_version=version, **values
                )
            except ValidationError as exc:
                show_service_errors(task_form, exc)
            else:
                messages.success(request, gettext("Task %(key)s saved.") % {"key": task_key})
                return redirect("cases:task", case_id=access.case.public_id, task_key=task_key)
    elif request.method == "POST":
        raise Http404
    people = People(access.membership)
    records = task_records(access, task_key)
    checkpoints = _checkpoints(task.checkpoints, progress, task_key)
    history = []
    if progress is not None:
        history = trail_entries(audit_history(progress, limit=20), readers=people)
    return render(
        request,
        "cases/task.html",
        {
            "access": access,
            "case": access.case,
            "task": task,
            "progress": progress,
            "task_form": task_form,
            "note_form": NoteForm(case=access.case) if access.membership.can_write else None,
            "notes": page_for_request(
                request,
                notes_visible(access).filter(task_key=task_key),
                first_limit=LATEST_NOTES,
                param="notes",
                label=gettext("Older notes"),
                anchor="notes",
            ),
            "examples": methodology.examples_for_task(task_key),
            "lists": methodology.lists_for_task(task_key),
            "entered": [r for r in records if not r.why],
            "informing": [r for r in records if r.why],
            "task_views": task_views(access, task_key),
            "panels": page_panels(access, "task", task_key),
            "history": history,
            "checkpoints": checkpoints,
            "people": people,
            "step": methodology.step(task.step_key),
            "activity": methodology.activities[task.activity_key],
        },
    )


def _checkpoints(
    texts: tuple[str, ...], progress: TaskProgress | None, task_key: str
) -> list[tuple[int, str, CheckpointTick | None]]:
    """Each check-point with its tick on this case; ticks are the team's (as progress is)."""
    ticks: dict[int, CheckpointTick] = {}
    if progress is not None:
        ticks = checkpoint_ticks(progress.case, task_key).get(task_key, {})
    return [(index, text, ticks.get(index)) for index, text in enumerate(texts)]


@login_required
@require_POST
def checkpoint_toggle(
    request: HttpRequest, case_id: str, task_key: str, index: int
) -> HttpResponse:
    """Tick (ticked=1) or untick a check-point of a task: the team's writers (Step's task page)."""
    access, _progress = task_progress_get_for_user(request.user, case_id, task_key, write=True)
    tick = request.POST.get("ticked") == "1"
    service = services.checkpoint_tick if tick else services.checkpoint_untick
    try:
        service(actor=person_of(request), case=access.case, task_key=task_key, index=index)
    except ValidationError:
        raise Http404 from None
    url = reverse("cases:task", args=[access.case.public_id, task_key])
    return redirect(f"{url}#checkpoint-{index}")
