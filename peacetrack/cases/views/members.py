"""Who is on the case, and inviting someone (the lead).

Thin: parse, check access, call a service, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from peacetrack.cases import services
from peacetrack.cases.access import (
    case_get_for_user,
    members_visible_to,
    membership_get_for_user,
)
from peacetrack.cases.forms import (
    RoleForm,
    show_service_errors,
)
from peacetrack.cases.models import Role
from peacetrack.invitations.forms import InviteForm
from peacetrack.invitations.selectors import invitations_open
from peacetrack.invitations.services import invitation_create
from peacetrack.invitations.views import base_url as invitation_base_url
from peacetrack.invitations.views import tell_link


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
