"""Case pages. Thin: parse the form, check access, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from peacetrack.accounts.services import invitation_path
from peacetrack.audit.models import AuditEvent
from peacetrack.audit.selectors import history as audit_history
from peacetrack.casefile.export import case_export_response
from peacetrack.cases import services
from peacetrack.cases.access import (
    case_get_for_user,
    members_visible_to,
    membership_get_for_user,
    note_get_for_user,
    party_get_for_user,
    task_get_for_user,
    task_progress_get_for_user,
)
from peacetrack.cases.forms import (
    CaseForm,
    MemberForm,
    NoteForm,
    PartyForm,
    RoleForm,
    SearchForm,
    TaskForm,
    show_service_errors,
)
from peacetrack.cases.models import Membership, Role, TaskProgress
from peacetrack.cases.search import search_records
from peacetrack.cases.selectors import (
    case_dashboard,
    case_list_for_user,
    case_progress,
    note_counts,
    notes_visible,
)
from peacetrack.cases.task_records import task_records
from peacetrack.cases.visibility import visibility_fields
from peacetrack.methodology.loader import get_methodology
from peacetrack.methodology.search import search_methodology


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/case_list.html", {"rows": case_list_for_user(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(creator=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, "Case opened. Add the parties to the conflict next.")
            return redirect("cases:parties", case_id=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "creating": True})


@login_required
def dashboard(request: HttpRequest, case_id: int) -> HttpResponse:
    access = case_get_for_user(request.user, case_id)
    data = case_dashboard(access)
    return render(
        request,
        "cases/dashboard.html",
        {
            "access": access,
            "case": access.case,
            "data": data,
            "methodology": get_methodology(),
            "parties": list(access.case.parties.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    access = case_get_for_user(request.user, case_id, write=True)
    form = CaseForm(request.POST) if request.method == "POST" else CaseForm.for_case(access.case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, case=access.case, **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, "Case details saved.")
            return redirect("cases:dashboard", case_id=access.case.pk)
    return render(
        request, "cases/case_form.html", {"form": form, "access": access, "case": access.case}
    )


@login_required
@require_http_methods(["GET", "POST"])
def parties(request: HttpRequest, case_id: int) -> HttpResponse:
    access = case_get_for_user(request.user, case_id, write=request.method == "POST")
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            party = services.party_create(actor=request.user, case=access.case, **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, f"Added {party.name}.")
            return redirect("cases:parties", case_id=access.case.pk)
    return render(
        request,
        "cases/parties.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "parties": list(access.case.parties.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def party_edit(request: HttpRequest, case_id: int, party_id: int) -> HttpResponse:
    access, party = party_get_for_user(request.user, case_id, party_id, write=True)
    initial = {f: getattr(party, f) for f in services.PARTY_FIELDS}
    form = PartyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_update(actor=request.user, party=party, **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, f"Saved {party.name}.")
            return redirect("cases:parties", case_id=access.case.pk)
    return render(
        request,
        "cases/party_form.html",
        {"access": access, "case": access.case, "form": form, "party": party},
    )


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, case_id: int) -> HttpResponse:
    access = case_get_for_user(request.user, case_id, manage=request.method == "POST")
    form = MemberForm(request.POST or None, case=access.case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member, created = services.member_add(
                actor=request.user,
                case=access.case,
                email=data["email"],
                role=data["role"],
                party=data["party"],
                name=data["name"],
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            text = f"Added {member.user.email} as {member.get_role_display()}."
            if created:
                link = request.build_absolute_uri(invitation_path(member.user))
                text += f" They have no password yet: send them this link to set one: {link}"
            messages.success(request, text)
            return redirect("cases:members", case_id=access.case.pk)
    return render(
        request,
        "cases/members.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "members": members_visible_to(access.membership),
            "role_forms": {},
            "roles": Role.choices,
            "parties": list(access.case.parties.all()),
        },
    )


@login_required
@require_POST
def member_edit(request: HttpRequest, case_id: int, member_id: int) -> HttpResponse:
    access, member = membership_get_for_user(request.user, case_id, member_id)
    form = RoleForm(request.POST, case=access.case)
    if form.is_valid():
        try:
            services.member_change_role(
                actor=request.user,
                member=member,
                role=form.cleaned_data["role"],
                party=form.cleaned_data["party"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{member.user.email} is now {member.get_role_display()}.")
    else:
        messages.error(request, "Choose a valid role and party.")
    return redirect("cases:members", case_id=access.case.pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, case_id: int, member_id: int) -> HttpResponse:
    access, member = membership_get_for_user(request.user, case_id, member_id)
    try:
        services.member_remove(actor=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Removed {member.user.email} from the case.")
    return redirect("cases:members", case_id=access.case.pk)


@login_required
@require_POST
def member_invite(request: HttpRequest, case_id: int, member_id: int) -> HttpResponse:
    access, member = membership_get_for_user(request.user, case_id, member_id)
    if member.user.has_usable_password():
        messages.info(request, f"{member.user.email} already has a password.")
    else:
        link = request.build_absolute_uri(invitation_path(member.user))
        messages.success(
            request,
            f"Invitation link for {member.user.email} "
            f"(valid for 3 days, send it privately): {link}",
        )
    return redirect("cases:members", case_id=access.case.pk)


@login_required
def step_detail(request: HttpRequest, case_id: int, step_key: str) -> HttpResponse:
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
            "methodology": methodology,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, case_id: int, task_key: str) -> HttpResponse:
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
        }
        task_form = TaskForm(request.POST or None, initial=initial, team=team)
        if request.method == "POST" and task_form.is_valid():
            try:
                services.task_update(
                    actor=request.user, progress=progress, **task_form.cleaned_data
                )
            except ValidationError as exc:
                show_service_errors(task_form, exc)
            else:
                messages.success(request, f"Task {task_key} saved.")
                return redirect("cases:task", case_id=access.case.pk, task_key=task_key)
    elif request.method == "POST":
        raise Http404
    history = []
    if progress is not None:
        history = audit_history(progress, limit=20)
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
            "notes": list(notes_visible(access).filter(task_key=task_key)),
            "examples": methodology.examples_for_task(task_key),
            "lists": methodology.lists_for_task(task_key),
            "records": task_records(access, task_key),
            "history": history,
            "step": methodology.step(task.step_key),
            "activity": methodology.activities[task.activity_key],
        },
    )


@login_required
@require_POST
def note_add(request: HttpRequest, case_id: int, task_key: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id, write=True)
    task_get_for_user(request.user, case_id, task_key)
    form = NoteForm(request.POST, case=access.case)
    if form.is_valid():
        try:
            services.note_add(
                actor=request.user,
                case=access.case,
                task_key=task_key,
                body=form.cleaned_data["body"],
                **visibility_fields(form.cleaned_data["visibility"], access.case.parties.all()),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Note added.")
    else:
        messages.error(
            request,
            "The note was not saved: "
            + " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect(reverse("cases:task", args=[access.case.pk, task_key]) + "#notes")


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, case_id: int, note_id: int) -> HttpResponse:
    access, note = note_get_for_user(request.user, case_id, note_id, write=True)
    form = NoteForm(
        request.POST or None,
        case=access.case,
        initial={"body": note.body, "visibility": note.visibility_code},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.note_update(
                actor=request.user,
                note=note,
                body=form.cleaned_data["body"],
                **visibility_fields(form.cleaned_data["visibility"], access.case.parties.all()),
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, "Note saved.")
            return redirect(reverse("cases:task", args=[access.case.pk, note.task_key]) + "#notes")
    return render(
        request,
        "cases/note_form.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "note": note,
            "task": get_methodology().task(note.task_key),
        },
    )


@login_required
@require_POST
def note_delete(request: HttpRequest, case_id: int, note_id: int) -> HttpResponse:
    access, note = note_get_for_user(request.user, case_id, note_id, write=True)
    services.note_delete(actor=request.user, note=note)
    messages.success(request, "Note deleted.")
    return redirect(reverse("cases:task", args=[access.case.pk, note.task_key]) + "#notes")


@login_required
def audit_trail(request: HttpRequest, case_id: int) -> HttpResponse:
    access = case_get_for_user(request.user, case_id, manage=True)
    events = AuditEvent.objects.filter(case_id=access.case.pk)
    kind = request.GET.get("kind", "")
    if kind:
        events = events.filter(action__startswith=kind)
    return render(
        request,
        "cases/audit.html",
        {
            "access": access,
            "case": access.case,
            "events": list(events[:300]),
            "kind": kind,
            "kinds": ["case", "party", "member", "task", "note"],
        },
    )


@login_required
def search(request: HttpRequest, case_id: int) -> HttpResponse:
    access = case_get_for_user(request.user, case_id)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    notes: list[Any] = []
    hits: list[Any] = []
    records: list[Any] = []
    if query:
        hits = search_methodology(query)
        records = search_records(access, query)
        notes = list(notes_visible(access).filter(Q(body__icontains=query))[:50])
    return render(
        request,
        "cases/search.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "query": query,
            "hits": hits,
            "records": records,
            "notes": notes,
            "methodology": get_methodology(),
        },
    )


@login_required
def export(request: HttpRequest, case_id: int) -> HttpResponseBase:
    # The whole case, every visibility included: the lead and team members (not observers).
    access = case_get_for_user(request.user, case_id, write=True)
    return case_export_response(access.case)
