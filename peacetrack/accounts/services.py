"""Every write to an account: one transaction and one audit event each.

Accounts are created only here — by `peacetrack createuser`, by a site administrator's tools or
by accepting an invitation (peacetrack/invitations/services.py) — never as a side effect of
adding someone to a case or importing a case file.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from peacetrack.accounts import actions
from peacetrack.accounts.emails import email_normalize
from peacetrack.accounts.models import Profile, SecurityEvent
from peacetrack.accounts.types import Person
from peacetrack.audit.services import audit_record


def profile_of(user: Person) -> Profile:
    """The user's profile; an unsaved one with the defaults when none was ever written."""
    try:
        profile: Profile = user.profile
    except Profile.DoesNotExist:
        return Profile(user=user)
    return profile


def _profile_for_update(user: Person) -> Profile:
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    return profile


def user_find(email: str) -> Person | None:
    """The account with this e-mail (any spelling of it), or None."""
    normalized = email_normalize(email)
    if not normalized:
        return None
    return get_user_model().objects.filter(email__iexact=normalized).first()


def clean_email(email: str) -> str:
    normalized = email_normalize(email)
    try:
        validate_email(normalized)
    except ValidationError:
        raise ValidationError(
            {"email": _("“%(email)s” is not a valid e-mail address.") % {"email": email.strip()}}
        ) from None
    return normalized


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    name: str = "",
    actor: Person | None = None,
    organiser: bool = False,
    site_admin: bool = False,
    confirmed: bool = True,
    check_password: bool = True,
) -> Person:
    """Create an account. The first account on a server is organiser and site administrator
    (someone must be able to open cases and manage the others).

    Without a password (a site administrator creating an account) the owner sets one through
    a one-time reset link (`password_reset_link_make`). check_password=False is only for the
    demo's published password."""
    email = clean_email(email)
    user_model = get_user_model()
    if user_find(email) is not None:
        raise ValidationError({"email": _("An account with this e-mail already exists.")})
    first_account = not user_model.objects.exists()
    first, _sep, last = name.strip().partition(" ")
    user = user_model(username=email, email=email, first_name=first[:150], last_name=last[:150])
    if password is None:
        user.set_unusable_password()
    else:
        if check_password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as exc:
                raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
    user.save()
    Profile.objects.create(
        user=user,
        is_organiser=organiser or site_admin or first_account,
        is_site_admin=site_admin or first_account,
        confirmed=confirmed,
    )
    audit_record(
        actor=actor,
        action=actions.USER_CREATE,
        obj=user,
        case_id=None,
        after={
            "email": email,
            "organiser": organiser or site_admin or first_account,
            "site_admin": site_admin or first_account,
            "confirmed": confirmed,
        },
        summary=f"Created account {email}",
    )
    return user


@transaction.atomic
def user_password_set(*, user: Person, password: str, actor: Person | None = None) -> Person:
    """Set a new password (change, reset or first set); validated; audited, never the value."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    had_password = user.has_usable_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor if actor is not None else user,
        action=actions.PASSWORD_CHANGE if had_password else actions.PASSWORD_SET,
        obj=user,
        case_id=None,
        summary=f"Password {'changed' if had_password else 'set'} for {user.email}",
    )
    return user


@transaction.atomic
def user_organiser_set(*, actor: Person | None, user: Person, organiser: bool) -> Profile:
    """Grant or withdraw the right to open cases."""
    profile = _profile_for_update(user)
    if profile.is_organiser != organiser:
        profile.is_organiser = organiser
        profile.save(update_fields=["is_organiser"])
        audit_record(
            actor=actor,
            action=actions.ORGANISER_GRANT if organiser else actions.ORGANISER_WITHDRAW,
            obj=user,
            case_id=None,
            before={"organiser": not organiser},
            after={"organiser": organiser},
            summary=f"{'Granted' if organiser else 'Withdrew'} organiser for {user.email}",
        )
    return profile


@transaction.atomic
def profile_language_set(*, actor: Person | None, user: Person, language: str) -> Profile:
    """Store the interface language a user chose (one of settings.LANGUAGES; empty: follow
    the browser). Their pages use it from their next request, on every device."""
    if language and language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": _("This language is not available.")})
    profile = _profile_for_update(user)
    if profile.language != language:
        before = profile.language
        profile.language = language
        profile.save(update_fields=["language"])
        audit_record(
            actor=actor,
            action=actions.LANGUAGE_SET,
            obj=user,
            case_id=None,
            before={"language": before},
            after={"language": language},
            summary=f"Language set to {language or 'the browser'} for {user.email}",
        )
    return profile


@transaction.atomic
def user_confirm(*, actor: Person | None, user: Person) -> Profile:
    """Lift the restriction on an account made from an invitation link that was shown to the
    inviter rather than mailed: it may now accept other invitations."""
    profile = _profile_for_update(user)
    if not profile.confirmed:
        profile.confirmed = True
        profile.save(update_fields=["confirmed"])
        audit_record(
            actor=actor,
            action=actions.USER_CONFIRM,
            obj=user,
            case_id=None,
            before={"confirmed": False},
            after={"confirmed": True},
            summary=f"Confirmed account {user.email}",
        )
    return profile


@transaction.atomic
def user_deactivate(*, actor: Person | None, user: Person) -> Person:
    """Close an account: it loses access on its next request (pages, API tokens, sessions)."""
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    from allauth.usersessions.models import UserSession

    for session in UserSession.objects.filter(user=user):
        session.end()
    audit_record(
        actor=actor,
        action=actions.USER_DEACTIVATE,
        obj=user,
        case_id=None,
        before={"active": True},
        after={"active": False},
        summary=f"Deactivated account {user.email}",
    )
    return user


@transaction.atomic
def password_reset_link_make(*, actor: Person | None, user: Person, base_url: str) -> str | None:
    """A one-time link with which the account's owner chooses a new password (valid for
    PASSWORD_RESET_TIMEOUT; dead once used). Mailed to the owner where a mail server is
    configured (returns None: the administrator never sees it), else returned to be passed on
    by a safe channel."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    if not user.is_active:
        raise ValidationError(_("This account is deactivated."))
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    link = base_url.rstrip("/") + path
    mailed = settings.MAIL_ENABLED
    audit_record(
        actor=actor,
        action=actions.RESET_LINK_MAKE,
        obj=user,
        case_id=None,
        after={"mailed": mailed},
        summary=f"Made a password-reset link for {user.email}",
    )
    if not mailed:
        return link
    # In the language the owner chose, if they did; else in the administrator's.
    with translation.override(profile_of(user).language or translation.get_language()):
        send_mail(
            subject=_("Choose your Peacetrack password"),
            message=_(
                "A site administrator of Peacetrack made this one-time link for you to choose a "
                "password:\n\n%(link)s\n\nIt works once and expires in a day. If you did not "
                "expect it, ignore this message."
            )
            % {"link": link},
            from_email=None,
            recipient_list=[user.email],
        )
    return None


def signin_failed_record(*, email: str, address: str) -> SecurityEvent:
    """A failed sign-in goes to the prunable security log, not to the audit trail."""
    return SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.SIGNIN_FAILED,
        email=email_normalize(email)[:254],
        address=address[:64],
    )


@transaction.atomic
def signin_pause_record(*, email: str, address: str) -> SecurityEvent:
    """Sign-ins for an account or from an address are paused after repeated failures: that
    goes to the audit trail (once per pause, see accounts/adapter.py)."""
    event = SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.SIGNIN_PAUSED,
        email=email_normalize(email)[:254],
        address=address[:64],
    )
    audit_record(
        actor=None,
        action=actions.SIGNIN_PAUSE,
        obj=event,
        case_id=None,
        after={"email": event.email, "address": event.address},
        summary=f"Sign-ins paused after repeated failures ({event.email or event.address})",
    )
    return event


@transaction.atomic
def security_log_prune(*, older_than_days: int | None = None) -> int:
    """Remove security-log rows older than the given number of days."""
    days = settings.SECURITY_LOG_DAYS if older_than_days is None else older_than_days
    if days < 0:
        raise ValidationError(_("The number of days cannot be negative."))
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _rows = SecurityEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
