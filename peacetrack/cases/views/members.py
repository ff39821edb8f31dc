"""Who is on the case, and inviting someone (the lead).

Thin: parse, check access, call a service, render.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from peacetrack.accounts.types import person_of
from peacetrack.cases import services
from peacetrack.cases.access import (
    CaseAccess,
    case_get_for_user,
    members_visible_query,
    membership_get_for_user,
)
from peacetrack.cases.forms import (
    RoleForm,
    show_service_errors,
    versioned,
)
from peacetrack.cases.models import Membership, Role
from peacetrack.invitations.forms import InviteForm
from peacetrack.invitations.selectors import invitations_open
from peacetrack.invitations.services import invitation_create
from peacetrack.invitations.views import base_url as invitation_base_url
from peacetrack.invitations.views import tell_link
from peacetrack.paging import page_for_request


@dataclass
class MemberRow:
    """A line of the members list; for the lead, what its role form shows (the member's role
    and party, or the lead's input kept after a refused change) and the version it edits."""

    member: Membership
    role: str
    party: str
    version: int | str
    errors: list[str] = field(default_factory=list)


def _rows(
    members: list[Membership], editing: RoleForm | None, edited: int | None
) -> list[MemberRow]:
    rows = []
    for m in members:
        if editing is not None and m.pk == edited:
            errors = [str(e) for e in editing.non_field_errors()]
            errors += [str(e) for name in ("role", "party") for e in editing.errors.get(name, [])]
            rows.append(
                MemberRow(
                    member=m,
                    role=editing.data.get("role", ""),
                    party=editing.data.get("party", ""),
                    version=editing.data.get("version", m.version),
                    errors=errors,
                )
            )
        else:
            party = m.party.public_id if m.party else ""
            rows.append(MemberRow(member=m, role=m.role, party=party, version=m.version))
    return rows


def _page(
    request: HttpRequest,
    access: CaseAccess,
    *,
    form: InviteForm | None,
    editing: RoleForm | None = None,
    edited: int | None = None,
) -> HttpResponse:
    members = page_for_request(
        request,
        members_visible_query(access.membership).select_related("user", "party"),
        name=_("Pages of members"),
    )
    invitations = None
    if access.membership.is_lead:
        invitations = page_for_request(
            request,
            invitations_open(access.case),
            param="invitations",
            anchor="invitations",
            name=_("Pages of invitations"),
        )
    return render(
        request,
        "cases/members.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "rows": _rows(members.items, editing, edited),
            "members": members,
            "invitations": invitations,
            "roles": Role.choices,
            "parties": list(access.case.parties.all()),
        },
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
                inviter=person_of(request),
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
    return _page(request, access, form=form)


@login_required
@require_POST
def member_edit(request: HttpRequest, case_id: str, member_id: str) -> HttpResponse:
    """The lead changes a role. A change refused (a stale version: someone changed this
    member since the page was opened; a delegate without a party) shows the members page
    again with the lead's input kept on that line and the reason beside it."""
    access, member = membership_get_for_user(request.user, case_id, member_id)
    form = versioned(RoleForm(request.POST, case=access.case), member.version)
    if form.is_valid():
        try:
            services.member_change_role(
                actor=person_of(request),
                member=member,
                role=form.cleaned_data["role"],
                party=form.cleaned_data["party"],
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(email)s is now %(role)s.")
                % {"email": member.user.email, "role": member.get_role_display()},
            )
            return redirect("cases:members", case_id=access.case.public_id)
    invite = InviteForm(case=access.case)
    return _page(request, access, form=invite, editing=form, edited=member.pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, case_id: str, member_id: str) -> HttpResponse:
    access, member = membership_get_for_user(request.user, case_id, member_id)
    try:
        services.member_remove(actor=person_of(request), member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Removed %(email)s from the case.") % {"email": member.user.email}
        )
    return redirect("cases:members", case_id=access.case.public_id)
