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
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from peacetrack.accounts.access import organiser_required
from peacetrack.audit.forms import TrailFilterForm
from peacetrack.audit.selectors import cursor_read, trail_page
from peacetrack.audit.selectors import history as audit_history
from peacetrack.audit.services import case_visit_mark
from peacetrack.audit.trail import trail_entries
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
from peacetrack.cases.deletion import deletion_preview
from peacetrack.cases.forms import (
    CaseDeleteForm,
    CaseForm,
    NoteForm,
    PartyForm,
    RoleForm,
    SearchForm,
    TaskForm,
    show_service_errors,
)
from peacetrack.cases.models import Membership, Role, TaskProgress
from peacetrack.cases.people import People
from peacetrack.cases.search import search_records
from peacetrack.cases.selectors import (
    case_dashboard,
    case_list_for_user,
    case_progress,
    note_counts,
    notes_visible,
)
from peacetrack.cases.task_records import task_records
from peacetrack.cases.visibility import (
    mandate_summary_for,
    party_description_for,
    visibility_fields,
    with_visibility_fields,
)
from peacetrack.cases.widening import widening_to_confirm
from peacetrack.invitations.forms import InviteForm
from peacetrack.invitations.selectors import invitations_open
from peacetrack.invitations.services import invitation_create
from peacetrack.invitations.views import base_url as invitation_base_url
from peacetrack.invitations.views import tell_link
from peacetrack.methodology.loader import get_methodology
from peacetrack.methodology.search import search_methodology


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/case_list.html", {"rows": case_list_for_user(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    organiser_required(request.user)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            values = with_visibility_fields(form.cleaned_data, "mandate_visibility", [])
            case = services.case_create(creator=request.user, **values)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, "Case opened. Add the parties to the conflict next.")
            return redirect("cases:parties", case_id=case.public_id)
    return render(request, "cases/case_form.html", {"form": form, "creating": True})


@login_required
def dashboard(request: HttpRequest, case_id: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id)
    since = case_visit_mark(user=request.user, case_id=access.case.pk)
    data = case_dashboard(access, since=since)
    return render(
        request,
        "cases/dashboard.html",
        {
            "access": access,
            "case": access.case,
            "data": data,
            "mandate": mandate_summary_for(access.membership, access.case),
            "methodology": get_methodology(),
            "parties": list(access.case.parties.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id, write=True)
    form = (
        CaseForm(request.POST, case=access.case)
        if request.method == "POST"
        else CaseForm.for_case(access.case)
    )
    if request.method == "POST" and form.is_valid():
        try:
            values = with_visibility_fields(
                form.cleaned_data, "mandate_visibility", access.case.parties.all()
            )
            services.case_update(actor=request.user, case=access.case, **values)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, "Case details saved.")
            return redirect("cases:dashboard", case_id=access.case.public_id)
    return render(
        request, "cases/case_form.html", {"form": form, "access": access, "case": access.case}
    )


@login_required
@require_http_methods(["GET", "POST"])
def parties(request: HttpRequest, case_id: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id, write=request.method == "POST")
    form = PartyForm(request.POST or None, case=access.case)
    if request.method == "POST" and form.is_valid():
        try:
            values = with_visibility_fields(
                form.cleaned_data, "description_visibility", access.case.parties.all()
            )
            party = services.party_create(actor=request.user, case=access.case, **values)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, f"Added {party.name}.")
            return redirect("cases:parties", case_id=access.case.public_id)
    return render(
        request,
        "cases/parties.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "parties": [
                (party, party_description_for(access.membership, party))
                for party in access.case.parties.select_related("description_visibility_party")
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def party_edit(request: HttpRequest, case_id: str, party_id: str) -> HttpResponse:
    access, party = party_get_for_user(request.user, case_id, party_id, write=True)
    initial = {f: getattr(party, f) for f in ("short_name", "name", "kind", "description")}
    initial["description_visibility"] = party.description_visibility_code
    form = PartyForm(request.POST or None, initial=initial, case=access.case)
    if request.method == "POST" and form.is_valid():
        try:
            values = with_visibility_fields(
                form.cleaned_data, "description_visibility", access.case.parties.all()
            )
            services.party_update(actor=request.user, party=party, **values)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, f"Saved {party.name}.")
            return redirect("cases:parties", case_id=access.case.public_id)
    return render(
        request,
        "cases/party_form.html",
        {"access": access, "case": access.case, "form": form, "party": party},
    )


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, case_id: str) -> HttpResponse:
    """Who is on the case; for the lead, inviting someone and the invitations still open."""
    access = case_get_for_user(request.user, case_id, manage=request.method == "POST")
    form = InviteForm(request.POST or None, case=access.case) if access.membership.is_lead else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, link = invitation_create(
                inviter=request.user,
                case=access.case,
                email=data["email"],
                role=data["role"],
                party=data["party"],
                name=data["name"],
                base_url=invitation_base_url(request),
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            tell_link(request, invitation.email, link)
            return redirect("cases:members", case_id=access.case.public_id)
    return render(
        request,
        "cases/members.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "members": members_visible_to(access.membership),
            "invitations": invitations_open(access.case) if access.membership.is_lead else [],
            "roles": Role.choices,
            "parties": list(access.case.parties.all()),
        },
    )


@login_required
@require_POST
def member_edit(request: HttpRequest, case_id: str, member_id: str) -> HttpResponse:
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
    return redirect("cases:members", case_id=access.case.public_id)


@login_required
@require_POST
def member_remove(request: HttpRequest, case_id: str, member_id: str) -> HttpResponse:
    access, member = membership_get_for_user(request.user, case_id, member_id)
    try:
        services.member_remove(actor=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Removed {member.user.email} from the case.")
    return redirect("cases:members", case_id=access.case.public_id)


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
            "methodology": methodology,
        },
    )


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
                return redirect("cases:task", case_id=access.case.public_id, task_key=task_key)
    elif request.method == "POST":
        raise Http404
    people = People(access.membership)
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
            "notes": list(notes_visible(access).filter(task_key=task_key)),
            "examples": methodology.examples_for_task(task_key),
            "lists": methodology.lists_for_task(task_key),
            "records": task_records(access, task_key),
            "history": history,
            "people": people,
            "step": methodology.step(task.step_key),
            "activity": methodology.activities[task.activity_key],
        },
    )


@login_required
@require_POST
def note_add(request: HttpRequest, case_id: str, task_key: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id, write=True)
    task_get_for_user(request.user, case_id, task_key)
    form = NoteForm(request.POST, case=access.case)
    if form.is_valid():
        code = form.cleaned_data["visibility"]
        try:
            visibility = visibility_fields(code, access.case.parties.all())
            widening = widening_to_confirm(
                access.case, before=None, visibility=visibility, code=code, data=request.POST
            )
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
                actor=request.user,
                case=access.case,
                task_key=task_key,
                body=form.cleaned_data["body"],
                **visibility,
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
    widening = ""
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["visibility"]
        try:
            visibility = visibility_fields(code, access.case.parties.all())
            widening = widening_to_confirm(
                access.case, before=note, visibility=visibility, code=code, data=request.POST
            )
            if not widening:
                services.note_update(
                    actor=request.user, note=note, body=form.cleaned_data["body"], **visibility
                )
                messages.success(request, "Note saved.")
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
        services.note_delete(actor=request.user, note=note)
        messages.success(request, "Note deleted.")
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


@login_required
@require_http_methods(["GET", "POST"])
def case_delete(request: HttpRequest, case_id: str) -> HttpResponse:
    """The lead mediator deletes the whole case, after typing its title."""
    access = case_get_for_user(request.user, case_id, manage=True)
    form = CaseDeleteForm(request.POST or None, case=access.case)
    if request.method == "POST" and form.is_valid():
        title = access.case.title
        services.case_delete(actor=request.user, case=access.case)
        messages.success(
            request,
            _("Deleted the case “%(title)s” and everything on it.") % {"title": title},
        )
        return redirect("cases:list")
    return render(
        request,
        "cases/case_delete.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "preview": deletion_preview(access.case, access.membership),
        },
    )


@login_required
def audit_trail(request: HttpRequest, case_id: str) -> HttpResponse:
    """The case's trail for its lead: a page at a time, filtered by record type, person, dates."""
    access = case_get_for_user(request.user, case_id, manage=True)
    people = People(access.membership)
    members = list(
        Membership.objects.filter(case=access.case).select_related("user").order_by("user__email")
    )
    form = TrailFilterForm(
        request.GET or None, people=[(m.public_id, people.label(m.user)) for m in members]
    )
    filters: dict[str, Any] = {}
    if form.is_valid():
        since, until = form.moments()
        by_id = {m.public_id: m.user_id for m in members}
        person = form.cleaned_data["person"]
        filters = {
            "object_type": form.cleaned_data["kind"],
            "actor_id": by_id[person] if person else None,
            "since": since,
            "until": until,
        }
    page = trail_page(access.case.pk, cursor=cursor_read(request.GET.get("after", "")), **filters)
    query = request.GET.copy()
    query.pop("after", None)
    newest_query = query.urlencode() if "after" in request.GET else ""
    next_query = ""
    if page.next_cursor:
        query["after"] = page.next_cursor
        next_query = query.urlencode()
    return render(
        request,
        "cases/audit.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "entries": trail_entries(page.events, readers=people),
            "next_query": next_query,
            "newest_query": newest_query,
        },
    )


@login_required
def search(request: HttpRequest, case_id: str) -> HttpResponse:
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
def export(request: HttpRequest, case_id: str) -> HttpResponseBase:
    # The whole case, every visibility included: the lead and team members (not observers).
    access = case_get_for_user(request.user, case_id, write=True)
    return case_export_response(access.case)
