"""API routes for a case's invitations (lead mediator only; mounted at /api/v1/cases)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from peacetrack.accounts.types import person_of
from peacetrack.cases.access import case_get_for_user
from peacetrack.cases.api import payload_party
from peacetrack.cases.models import Role
from peacetrack.invitations import services
from peacetrack.invitations.access import invitation_get_for_user
from peacetrack.invitations.models import Invitation
from peacetrack.invitations.selectors import invitations_open
from peacetrack.paging import PageQuery, api_page, envelope

router = Router(tags=["invitations"])


#: An e-mail address in the shape Django's validator accepts (a subset of what it accepts).
EMAIL = (
    r"^[A-Za-z0-9_%+-]{1,64}(\.[A-Za-z0-9_%+-]{1,64}){0,3}"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,20}[A-Za-z0-9])?\.){1,3}[A-Za-z]{2,20}$"
)


class InvitationIn(Schema):
    email: str = Field(max_length=254, pattern=EMAIL)
    name: str = Field("", max_length=200)
    role: Role = Field(description="A delegate needs party_id.")
    party_id: str | None = Field(
        None, description="The party a delegate speaks for (its public id)."
    )
    send: bool = Field(True, description="Mint the link now (false: the lead sends it later).")


class InvitationOut(Schema):
    id: str = Field(description="The invitation's public id.")
    email: str
    name: str
    role: str
    party_id: str | None
    state: str
    expires_at: datetime.datetime | None
    link: str | None = Field(
        None,
        description=(
            "The one-time link, only in the answer that minted it and only where this server "
            "sends no e-mail (then pass it on by a safe channel). Null when it was mailed."
        ),
    )


def _out(invitation: Invitation, link: str | None = None) -> dict[str, Any]:
    return {
        "id": invitation.public_id,
        "email": invitation.email,
        "name": invitation.name,
        "role": invitation.role,
        "party_id": invitation.party.public_id if invitation.party else None,
        "state": invitation.state.value,
        "expires_at": invitation.expires_at,
        "link": link,
    }


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@router.get(
    "/{case_id}/invitations",
    response=envelope(InvitationOut),
    summary="Open invitations (lead only)",
)
def invitations_list(request: HttpRequest, case_id: str, page: Query[PageQuery]) -> dict[str, Any]:
    """Newest first, a page at a time."""
    access = case_get_for_user(request.user, case_id, manage=True)
    return api_page(
        invitations_open(access.case),
        page,
        lambda rows: [_out(invitation) for invitation in rows],
    )


@router.post(
    "/{case_id}/invitations",
    response={201: InvitationOut},
    summary="Invite someone into the case (lead only); nobody joins until they accept",
)
def invitations_create(
    request: HttpRequest, case_id: str, payload: InvitationIn
) -> Status[dict[str, Any]]:
    access = case_get_for_user(request.user, case_id, manage=True)
    invitation, link = services.invitation_create(
        inviter=person_of(request),
        case=access.case,
        email=payload.email,
        role=payload.role,
        party=payload_party(access.case, payload.party_id),
        name=payload.name,
        send=payload.send,
        base_url=_base_url(request),
    )
    return Status(201, _out(invitation, link))


@router.post(
    "/{case_id}/invitations/{invitation_id}/send",
    response=InvitationOut,
    summary="Send an invitation (again): a new link; the previous one stops working",
)
def invitations_send(request: HttpRequest, case_id: str, invitation_id: str) -> dict[str, Any]:
    _, invitation = invitation_get_for_user(request.user, case_id, invitation_id)
    link = services.invitation_send(
        actor=person_of(request), invitation=invitation, base_url=_base_url(request)
    )
    return _out(invitation, link)


@router.delete(
    "/{case_id}/invitations/{invitation_id}",
    response={204: None},
    summary="Revoke an invitation: its link stops working",
)
def invitations_revoke(request: HttpRequest, case_id: str, invitation_id: str) -> Status[None]:
    _, invitation = invitation_get_for_user(request.user, case_id, invitation_id)
    services.invitation_revoke(actor=person_of(request), invitation=invitation)
    return Status(204, None)
