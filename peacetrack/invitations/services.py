"""Inviting people into a case: one transaction and one audit event per action.

The lead mediator invites an e-mail with a role. Nothing is created for the invitee until
they accept while signed in as that e-mail; the link is single-use, stored hashed, expires,
and can be revoked. Where a mail server is configured the link goes only to the invitee;
otherwise it is shown once to the lead, and an account made from it stays restricted to that
one invitation until a site administrator confirms it (accounts.Profile.confirmed).
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peacetrack.accounts.emails import email_normalize
from peacetrack.accounts.services import clean_email, profile_of, user_create, user_find
from peacetrack.accounts.types import Person
from peacetrack.audit.services import audit_record
from peacetrack.cases.models import Case, Membership, Party, Role, TaskNote, TaskProgress
from peacetrack.cases.services import member_role_check
from peacetrack.invitations import actions
from peacetrack.invitations.models import Invitation, InvitationState
from peacetrack.invitations.selectors import key_hash


def _snapshot(invitation: Invitation) -> dict[str, Any]:
    return {
        "email": invitation.email,
        "role": invitation.role,
        "party": invitation.party.short_name if invitation.party else None,
        "expires_at": invitation.expires_at.isoformat() if invitation.expires_at else None,
        "mailed": invitation.mailed,
    }


def _mint(invitation: Invitation, base_url: str, mail: bool | None = None) -> str | None:
    """A fresh link (the previous one, if any, stops working). Mailed where mail is set up
    (returns None: the inviter never sees it), else returned to be shown once."""
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.key_hash = key_hash(raw)
    invitation.sent_at = now
    invitation.expires_at = now + datetime.timedelta(days=settings.INVITATION_DAYS)
    invitation.mailed = settings.MAIL_ENABLED if mail is None else mail
    invitation.save(update_fields=["key_hash", "sent_at", "expires_at", "mailed"])
    link = base_url.rstrip("/") + reverse("invitations:accept", args=[raw])
    if not invitation.mailed:
        return link
    send_mail(
        subject=_("You are invited to a mediation case on Peacetrack"),
        message=_(
            "%(inviter)s invites you to join a case on Peacetrack as %(role)s.\n\n"
            "Open this link to accept (it works once and expires on %(expires)s):\n%(link)s\n\n"
            "If you did not expect this invitation, ignore this message."
        )
        % {
            "inviter": invitation.invited_by.email if invitation.invited_by else _("A mediator"),
            "role": invitation.get_role_display(),
            "expires": invitation.expires_at.date().isoformat() if invitation.expires_at else "",
            "link": link,
        },
        from_email=None,
        recipient_list=[invitation.email],
    )
    return None


def _check_new(case: Case, email: str) -> None:
    if Membership.objects.filter(case=case, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the case.")})
    open_invitations = Invitation.objects.filter(
        case=case, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    )
    if open_invitations.exists():
        raise ValidationError(
            {"email": _("This e-mail is already invited: send that invitation again or revoke it.")}
        )


@transaction.atomic
def invitation_create(
    *,
    inviter: Person | None,
    case: Case,
    email: str,
    role: Role,
    party: Party | None = None,
    name: str = "",
    send: bool = True,
    base_url: str = "",
) -> tuple[Invitation, str | None]:
    """Invite an e-mail into the case with a role (and the party a delegate speaks for).

    With send (the default) the link is minted at once: returns the link to show the inviter
    when no mail server is configured, None when it was mailed. Without send (an imported
    case's members) the invitation waits until the lead sends it.
    The answer is the same whether or not an account exists for the e-mail: none is looked up.
    """
    email = clean_email(email)
    member_role_check(case, role, party)
    _check_new(case, email)
    invitation = Invitation.objects.create(
        case=case,
        email=email,
        name=name.strip()[:200],
        role=role,
        party=party,
        invited_by=inviter,
    )
    link = _mint(invitation, base_url) if send else None
    audit_record(
        actor=inviter,
        action=actions.INVITATION_MINT if send else actions.INVITATION_CREATE,
        obj=invitation,
        case_id=case.pk,
        after=_snapshot(invitation),
        summary=f"Invited {email} as {invitation.get_role_display()}",
    )
    return invitation, link


def _lock(invitation: Invitation) -> None:
    """An invitation is never edited once made: it only moves from pending to accepted or
    revoked. Each move locks the row and reads its state again first, so that a revocation
    and an acceptance that cross cannot both happen (the second is refused)."""
    Invitation.objects.select_for_update().filter(pk=invitation.pk).values_list("pk").first()
    invitation.refresh_from_db()


@transaction.atomic
def invitation_send(
    *, actor: Person | None, invitation: Invitation, base_url: str, mail: bool | None = None
) -> str | None:
    """Mint a new link for an open invitation (the previous link stops working).

    mail: None follows the server (mail when a mail server is configured); False returns the
    link instead (the demo loader, whose accounts have no mailbox)."""
    _lock(invitation)
    if not invitation.is_open:
        raise ValidationError(_("This invitation was already accepted or revoked."))
    link = _mint(invitation, base_url, mail)
    audit_record(
        actor=actor,
        action=actions.INVITATION_MINT,
        obj=invitation,
        case_id=invitation.case_id,
        after=_snapshot(invitation),
        summary=f"Sent the invitation of {invitation.email}",
    )
    return link


@transaction.atomic
def invitation_revoke(*, actor: Person, invitation: Invitation) -> Invitation:
    _lock(invitation)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was accepted: remove the member instead."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.key_hash = None
        invitation.save(update_fields=["revoked_at", "key_hash"])
        audit_record(
            actor=actor,
            action=actions.INVITATION_REVOKE,
            obj=invitation,
            case_id=invitation.case_id,
            before={"state": "open"},
            after={"state": "revoked"},
            summary=f"Revoked the invitation of {invitation.email}",
        )
    return invitation


@transaction.atomic
def invitation_expired_use_record(*, invitation: Invitation, user: Person | None) -> None:
    """Someone opened a link after it expired: audited once per invitation."""
    if invitation.state != InvitationState.EXPIRED or invitation.expired_use_at is not None:
        return
    invitation.expired_use_at = timezone.now()
    invitation.save(update_fields=["expired_use_at"])
    audit_record(
        actor=user,
        action=actions.INVITATION_EXPIRED_USE,
        obj=invitation,
        case_id=invitation.case_id,
        summary=f"The expired invitation of {invitation.email} was opened",
    )


def _check_usable(invitation: Invitation) -> None:
    if invitation.state != InvitationState.PENDING:
        raise ValidationError(
            _("This invitation link is no longer valid: it was used, revoked or has expired.")
        )


@transaction.atomic
def invitation_account_create(*, invitation: Invitation, name: str, password: str) -> None:
    """Create the account for an invitation's e-mail, unless one exists.

    The caller answers the same either way (and this takes as long either way): an existing
    account is left unchanged, so a link cannot be used to take it over or to learn that it
    exists. An account made from a link that was shown to the inviter rather than mailed may
    accept only this invitation until a site administrator confirms it.
    """
    _check_usable(invitation)
    candidate = get_user_model()(username=invitation.email, email=invitation.email)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    exists = user_find(invitation.email) is not None
    # Where the account exists, do the same work under a stand-in address and throw it away,
    # so that the time taken says nothing either.
    savepoint = transaction.savepoint()
    user = user_create(
        email=invitation.email if not exists else f"x{secrets.token_hex(8)}@stand-in.invalid",
        password=password,
        name=name,
        confirmed=invitation.mailed,
    )
    invitation.account_created = user
    invitation.save(update_fields=["account_created"])
    if exists:
        transaction.savepoint_rollback(savepoint)
        invitation.account_created = None
    else:
        transaction.savepoint_commit(savepoint)


def stated_origin_link(*, case: Case, user: Person, team: bool) -> None:
    """Notes an imported file says `user` wrote become theirs, and, for the mediation team,
    the tasks it says they own. Part of the accepting (or importing) service's transaction."""
    email = email_normalize(user.email)
    # Each is a change of the row: its version moves on, so an edit form opened before it is
    # told (cases/concurrency.py) rather than silently undoing it.
    TaskNote.objects.filter(case=case, author__isnull=True, stated_author__iexact=email).update(
        author=user, version=F("version") + 1
    )
    if team:
        TaskProgress.objects.filter(
            case=case, owner__isnull=True, stated_owner__iexact=email
        ).update(owner=user, version=F("version") + 1)


@transaction.atomic
def invitation_accept(*, user: Person, invitation: Invitation) -> Membership:
    """The invitee, signed in as the invited e-mail, joins the case."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_usable(invitation)
    if email_normalize(user.email) != invitation.email:
        raise ValidationError(
            _("This invitation is for another e-mail address. Sign in as that address.")
        )
    if not profile_of(user).confirmed and invitation.account_created_id != user.pk:
        raise ValidationError(
            _(
                "Your account is waiting for a site administrator's confirmation before it can "
                "join another case."
            )
        )
    if Membership.objects.filter(case_id=invitation.case_id, user=user).exists():
        raise ValidationError(_("You are already a member of this case."))
    member = Membership.objects.create(
        case_id=invitation.case_id, user=user, role=invitation.role, party=invitation.party
    )
    stated_origin_link(case=invitation.case, user=user, team=member.is_team)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.key_hash = None
    invitation.save(update_fields=["accepted_at", "accepted_by", "key_hash"])
    audit_record(
        actor=user,
        action=actions.INVITATION_ACCEPT,
        obj=invitation,
        case_id=invitation.case_id,
        after={
            "email": invitation.email,
            "role": member.role,
            "party": invitation.party.short_name if invitation.party else None,
            "membership": member.pk,
        },
        summary=f"{invitation.email} joined as {member.get_role_display()}",
    )
    return member
