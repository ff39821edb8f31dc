"""A case: list, opening, dashboard, details, deletion, search, export, audit trail.

Thin: parse, check access, call a service, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from peacetrack.accounts.access import organiser_required
from peacetrack.accounts.types import person_of
from peacetrack.audit.forms import TrailFilterForm
from peacetrack.audit.selectors import cursor_read, trail_page
from peacetrack.audit.services import case_visit_mark
from peacetrack.audit.trail import trail_entries
from peacetrack.casefile.export import EXPORT_JOB, confidential_notice
from peacetrack.cases import services
from peacetrack.cases.access import (
    case_get_for_user,
)
from peacetrack.cases.deletion import deletion_preview
from peacetrack.cases.forms import (
    CaseDeleteForm,
    CaseForm,
    SearchForm,
    show_service_errors,
    versioned,
)
from peacetrack.cases.models import Membership
from peacetrack.cases.navigation import page_panels
from peacetrack.cases.people import People
from peacetrack.cases.search import search_records
from peacetrack.cases.selectors import (
    case_dashboard,
    case_rows,
    memberships_of,
    notes_visible,
)
from peacetrack.cases.visibility import (
    mandate_summary_for,
)
from peacetrack.jobs.services import job_start
from peacetrack.methodology.loader import get_methodology
from peacetrack.methodology.search import search_methodology
from peacetrack.paging import page_for_request


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    page = page_for_request(request, memberships_of(request.user))
    return render(request, "cases/case_list.html", {"rows": case_rows(page.items), "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    organiser_required(request.user)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(creator=person_of(request), **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Case opened. Add the parties to the conflict next."))
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
            # Outside the cached dashboard: what capabilities show now (findings, pending or not)
            "panels": page_panels(access, "dashboard"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id, write=True)
    form = (
        versioned(CaseForm(request.POST, case=access.case), access.case.version)
        if request.method == "POST"
        else CaseForm.for_case(access.case)
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = form.cleaned_data.pop("version", None)
            services.case_update(
                actor=person_of(request),
                case=access.case,
                expected_version=version,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Case details saved."))
            return redirect("cases:dashboard", case_id=access.case.public_id)
    return render(
        request, "cases/case_form.html", {"form": form, "access": access, "case": access.case}
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_delete(request: HttpRequest, case_id: str) -> HttpResponse:
    """The lead mediator deletes the whole case, after typing its title."""
    access = case_get_for_user(request.user, case_id, manage=True)
    form = CaseDeleteForm(request.POST or None, case=access.case)
    if request.method == "POST" and form.is_valid():
        title = access.case.title
        services.case_delete(actor=person_of(request), case=access.case)
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
def search(request: HttpRequest, case_id: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    notes = None
    hits: list[Any] = []
    records: list[Any] = []
    if query:
        hits = search_methodology(query)
        records = search_records(access, query)
        notes = page_for_request(
            request, notes_visible(access).filter(Q(body__icontains=query)), param="notes"
        )
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
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest, case_id: str) -> HttpResponse:
    """The whole case as a case file, made in the background (a large case takes a while):
    the button starts a job and its page shows how far it has got, then the download."""
    # The whole case, every visibility included: the lead and team members (not observers).
    access = case_get_for_user(request.user, case_id, write=True)
    if request.method == "POST":
        job = job_start(case=access.case, user=person_of(request), kind=EXPORT_JOB.key)
        return redirect("jobs:detail", job_id=job.public_id)
    return render(
        request,
        "cases/export.html",
        {"access": access, "case": access.case, "notice": confidential_notice(access.case)},
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
