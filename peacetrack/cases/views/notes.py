"""Notes on a task.

Thin: parse, check access, call a service, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from peacetrack.accounts.types import person_of
from peacetrack.cases import services
from peacetrack.cases.access import (
    case_get_for_user,
    note_get_for_user,
    task_get_for_user,
)
from peacetrack.cases.deletion import deletion_preview
from peacetrack.cases.forms import (
    NoteForm,
    show_service_errors,
    versioned,
)
from peacetrack.cases.widening import widening_to_confirm
from peacetrack.methodology.loader import get_methodology


@login_required
@require_POST
def note_add(request: HttpRequest, case_id: str, task_key: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id, write=True)
    task_get_for_user(request.user, case_id, task_key)
    form = NoteForm(request.POST, case=access.case)
    if form.is_valid():
        code = form.cleaned_data["visibility"]
        try:
            widening = widening_to_confirm(access.case, before=None, code=code, data=request.POST)
            if widening:
                # Shared beyond the team: ask first, on a page that keeps what was typed.
                return render(
                    request,
                    "cases/note_form.html",
                    {
                        "access": access,
                        "case": access.case,
                        "form": form,
                        "task": get_methodology().task(task_key),
                        "widening": widening,
                        "creating": True,
                    },
                )
            services.note_add(
                actor=person_of(request),
                case=access.case,
                task_key=task_key,
                body=form.cleaned_data["body"],
                visibility=code,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Note added."))
    else:
        messages.error(
            request,
            _("The note was not saved: %(errors)s")
            % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
    return redirect(reverse("cases:task", args=[access.case.public_id, task_key]) + "#notes")


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, case_id: str, note_id: str) -> HttpResponse:
    access, note = note_get_for_user(request.user, case_id, note_id, write=True)
    form = NoteForm(
        request.POST or None,
        case=access.case,
        initial={"body": note.body, "visibility": note.visibility_code},
    )
    versioned(form, note.version)
    widening = ""
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["visibility"]
        try:
            widening = widening_to_confirm(access.case, before=note, code=code, data=request.POST)
            if not widening:
                services.note_update(
                    actor=person_of(request),
                    note=note,
                    body=form.cleaned_data["body"],
                    expected_version=form.cleaned_data.get("version"),
                    visibility=code,
                )
                messages.success(request, _("Note saved."))
                return redirect(
                    reverse("cases:task", args=[access.case.public_id, note.task_key]) + "#notes"
                )
        except ValidationError as exc:
            show_service_errors(form, exc)
    return render(
        request,
        "cases/note_form.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "note": note,
            "task": get_methodology().task(note.task_key),
            "widening": widening,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_delete(request: HttpRequest, case_id: str, note_id: str) -> HttpResponse:
    """GET: confirm; POST: delete the note."""
    access, note = note_get_for_user(request.user, case_id, note_id, write=True)
    task_url = reverse("cases:task", args=[access.case.public_id, note.task_key]) + "#notes"
    if request.method == "POST":
        services.note_delete(actor=person_of(request), note=note)
        messages.success(request, _("Note deleted."))
        return redirect(task_url)
    return render(
        request,
        "confirm_delete.html",
        {
            "access": access,
            "case": access.case,
            "kind": _("Note on task %(task)s") % {"task": note.task_key},
            "name": Truncator(note.body).chars(80),
            "preview": deletion_preview(note, access.membership),
            "cancel_url": task_url,
        },
    )
