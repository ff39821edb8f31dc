"""Invitation pages: the lead invites, sends again and revokes; the invitee accepts.

The accept page says the same whatever accounts exist: it always offers both "sign in" and
"create an account", and creating an account for an e-mail that has one changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from peacetrack.accounts.emails import email_normalize
from peacetrack.accounts.types import person_of
from peacetrack.cases.forms import show_service_errors
from peacetrack.invitations import services
from peacetrack.invitations.access import invitation_get_for_user
from peacetrack.invitations.forms import AccountForm
from peacetrack.invitations.models import InvitationState
from peacetrack.invitations.selectors import invitation_find


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def tell_link(request: HttpRequest, email: str, link: str | None) -> None:
    """Tell the lead where the invitation went: mailed, or the link to pass on, shown once."""
    if link is None:
        messages.success(request, _("Invitation mailed to %(email)s.") % {"email": email})
    else:
        messages.success(
            request,
            _(
                "Invitation for %(email)s. This server sends no e-mail: pass this link on by a "
                "safe channel; it is shown only now, works once and expires in %(days)s days: "
                "%(link)s"
            )
            % {"email": email, "link": link, "days": settings.INVITATION_DAYS},
        )


@login_required
@require_POST
def send(request: HttpRequest, case_id: str, invitation_id: str) -> HttpResponse:
    access, invitation = invitation_get_for_user(request.user, case_id, invitation_id)
    try:
        link = services.invitation_send(
            actor=person_of(request), invitation=invitation, base_url=base_url(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        tell_link(request, invitation.email, link)
    return redirect("cases:members", case_id=access.case.public_id)


@login_required
@require_POST
def revoke(request: HttpRequest, case_id: str, invitation_id: str) -> HttpResponse:
    access, invitation = invitation_get_for_user(request.user, case_id, invitation_id)
    try:
        services.invitation_revoke(actor=person_of(request), invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The invitation of %(email)s is revoked: its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("cases:members", case_id=access.case.public_id)


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "invitations/invalid.html", status=404)


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, key: str) -> HttpResponse:
    invitation = invitation_find(key)
    if invitation is None:
        return _invalid(request)
    if invitation.state != InvitationState.PENDING:
        services.invitation_expired_use_record(invitation=invitation, user=person_of(request))
        return _invalid(request)
    here = reverse("invitations:accept", args=[key])
    if not request.user.is_authenticated:
        return render(
            request,
            "invitations/accept.html",
            {
                "invitation": invitation,
                "sign_in_url": reverse("account_login")
                + "?"
                + urlencode({"next": here, "email": invitation.email}),
                "create_url": reverse("invitations:account", args=[key]),
            },
        )
    if email_normalize(request.user.email) != invitation.email:
        return render(request, "invitations/other_account.html", {"invitation": invitation})
    if request.method == "POST":
        try:
            member = services.invitation_accept(user=person_of(request), invitation=invitation)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Welcome to %(case)s. You joined as %(role)s.")
                % {"case": invitation.case.title, "role": member.get_role_display()},
            )
            return redirect("cases:dashboard", case_id=member.case.public_id)
    return render(request, "invitations/confirm.html", {"invitation": invitation})


@require_http_methods(["GET", "POST"])
def account(request: HttpRequest, key: str) -> HttpResponse:
    """Create an account for the invited e-mail. The answer is the same whether or not one
    exists: an existing account is left as it is, and everyone is sent on to sign in."""
    invitation = invitation_find(key)
    if invitation is None or invitation.state != InvitationState.PENDING:
        return _invalid(request)
    if request.user.is_authenticated:
        logout(request)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_account_create(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "password" in exc.error_dict:
                form.add_error("password1", exc.message_dict["password"])
            else:
                show_service_errors(form, exc)
        else:
            messages.info(
                request,
                _(
                    "Now sign in as %(email)s to accept the invitation. If you already had an "
                    "account with this e-mail, it was left unchanged: sign in with its password."
                )
                % {"email": invitation.email},
            )
            here = reverse("invitations:accept", args=[key])
            return redirect(
                reverse("account_login")
                + "?"
                + urlencode({"next": here, "email": invitation.email})
            )
    return render(request, "invitations/account.html", {"invitation": invitation, "form": form})
