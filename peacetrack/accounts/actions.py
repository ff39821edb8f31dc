"""The audit actions of accounts (audit/actions.py), declared once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from peacetrack.accounts.types import Person
from peacetrack.audit.actions import RecordKind, register_action


def _user_name(user: Person) -> str:
    return str(user.get_full_name() or user.email)


USER = RecordKind(
    object_type="auth.user",
    label=_("Accounts"),
    singular=_("account"),
    name=_user_name,
    task_key=lambda user: "",
    lead_only=True,
    on_case=False,
)
TOKEN = RecordKind(
    object_type="accounts.apitoken",
    label=_("API tokens"),
    singular=_("API token"),
    task_key=lambda token: "",
    lead_only=True,
    on_case=False,
)
SECURITY = RecordKind(
    object_type="accounts.securityevent",
    label=_("Sign-in security"),
    singular=_("sign-in event"),
    task_key=lambda event: "",
    lead_only=True,
    on_case=False,
)

USER_CREATE = register_action("accounts.user.create", _("created the account %(name)s"), kind=USER)
USER_CONFIRM = register_action(
    "accounts.user.confirm", _("confirmed the account %(name)s"), kind=USER
)
USER_DEACTIVATE = register_action(
    "accounts.user.deactivate", _("deactivated the account %(name)s"), kind=USER
)
PASSWORD_SET = register_action("accounts.password.set", _("set a password for %(name)s"), kind=USER)
PASSWORD_CHANGE = register_action(
    "accounts.password.change", _("changed the password of %(name)s"), kind=USER
)
ORGANISER_GRANT = register_action(
    "accounts.organiser.grant", _("let %(name)s open cases"), kind=USER
)
ORGANISER_WITHDRAW = register_action(
    "accounts.organiser.withdraw", _("stopped %(name)s from opening cases"), kind=USER
)
RESET_LINK_MAKE = register_action(
    "accounts.reset_link.make", _("made a password reset link for %(name)s"), kind=USER
)
SIGNIN_PAUSE = register_action(
    "accounts.signin.pause", _("paused sign-ins after repeated failures"), kind=SECURITY
)
LANGUAGE_SET = register_action(
    "accounts.language.set", _("chose the interface language of %(name)s"), kind=USER
)
TOKEN_CREATE = register_action("accounts.token.create", _("created an API token"), kind=TOKEN)
TOKEN_REVOKE = register_action("accounts.token.revoke", _("revoked an API token"), kind=TOKEN)
